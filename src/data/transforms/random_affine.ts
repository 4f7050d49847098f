import type { Generator } from "../../random/generator.js";
import { checkOptions, optionNames } from "../../options.js";
import { RemapStep } from "./remap_step.js";
import { axisIdentity } from "./padding.js";
import { roundHalfEven } from "./round_half_even.js";
import type { ImageShape } from "./image_shape.js";

/** Options of {@link RandomAffine}, named as torchvision's arguments; only translation is supported. */
export interface RandomAffineOptions {
  /** Rotation range; must be 0 (or `[0, 0]`): only translation is supported. */
  degrees: number | readonly [number, number];
  /** Largest shift as fractions `[a, b]` of the width and the height (each in [0, 1]). Default none. */
  translate?: readonly [number, number];
  /** Scaling is not supported; given, it is refused. */
  scale?: unknown;
  /** Shearing is not supported; given, it is refused. */
  shear?: unknown;
  /** Value of the pixels shifted in: one number, or one per channel. Default 0. */
  fill?: number | readonly number[];
}

const RANDOM_AFFINE_OPTIONS = optionNames<RandomAffineOptions>({ degrees: true, translate: true, scale: true, shear: true, fill: true });

/** An image's shift in pixels, right and down: torchvision's `translations` from `RandomAffine.get_params`. */
export interface TranslateParams {
  tx: number;
  ty: number;
}

/**
 * Shift each image by a random whole number of pixels, as
 * `torchvision.transforms.RandomAffine(degrees=0, translate=(a, b))` with
 * nearest interpolation: `tx = round(uniform(-a·W, a·W))`, then
 * `ty = round(uniform(-b·H, b·H))` (Python's rounding, halves to even); the
 * image moves tx columns right and ty rows down, the uncovered pixels take
 * `fill`. Rotation, scaling and shearing are refused.
 */
export class RandomAffine extends RemapStep<TranslateParams> {
  /** Largest shift as fractions of the width and the height (`[0, 0]` without `translate`). */
  readonly translate: readonly [number, number];
  readonly fill: number | readonly number[];

  constructor(options: RandomAffineOptions) {
    super("RandomAffine");
    checkOptions("RandomAffine", options, RANDOM_AFFINE_OPTIONS, ["degrees"]);
    const { degrees, translate, scale, shear, fill = 0 } = options;
    const d = typeof degrees === "number" ? [degrees] : degrees;
    if (!Array.isArray(d) || !d.every((v) => typeof v === "number")) throw new TypeError(`wasmtune: RandomAffine: degrees must be a number or [min, max], got ${JSON.stringify(degrees)}`);
    if (typeof degrees === "number" && degrees < 0) throw new RangeError("wasmtune: RandomAffine: If degrees is a single number, it must be positive.");
    const unsupported = d.some((v) => v !== 0) ? "rotation (degrees other than 0)" : scale !== undefined ? "scaling (scale)" : shear !== undefined ? "shearing (shear)" : undefined;
    if (unsupported !== undefined) throw new Error(`wasmtune: RandomAffine: only translation is supported; ${unsupported} is not: pass degrees: 0 and translate`);
    if (translate !== undefined) {
      if (!Array.isArray(translate) || translate.length !== 2) throw new Error("wasmtune: RandomAffine: translate should be a sequence of length 2.");
      if (!translate.every((t) => typeof t === "number" && t >= 0 && t <= 1)) throw new RangeError("wasmtune: RandomAffine: translation values should be between 0 and 1");
    }
    if (!(typeof fill === "number" || (Array.isArray(fill) && fill.length > 0 && fill.every((v) => typeof v === "number")))) {
      throw new TypeError(`wasmtune: RandomAffine: fill must be a number or one number per channel, got ${JSON.stringify(fill)}`);
    }
    this.translate = translate === undefined ? [0, 0] : [translate[0], translate[1]];
    this.fill = fill;
  }

  outputShape(shape: ImageShape): ImageShape {
    if (Array.isArray(this.fill) && this.fill.length !== 1 && this.fill.length !== shape[0]) {
      throw new Error(`wasmtune: RandomAffine: The number of elements in 'fill' does not match the number of channels of the image (${this.fill.length} != ${shape[0]})`);
    }
    return shape;
  }

  /** @internal */
  draw(generator: Generator, shape: ImageShape, words: Int32Array, at: number): void {
    const maxDx = this.translate[0] * shape[2], maxDy = this.translate[1] * shape[1];
    words[at] = roundHalfEven(generator.uniform(-maxDx, maxDx));
    words[at + 1] = roundHalfEven(generator.uniform(-maxDy, maxDy));
  }

  /** @internal */
  encode(params: TranslateParams, _shape: ImageShape, words: Int32Array, at: number, sample: number): void {
    const { tx, ty } = params ?? ({} as TranslateParams);
    if (!Number.isSafeInteger(tx) || !Number.isSafeInteger(ty) || Math.abs(tx) > 2 ** 30 || Math.abs(ty) > 2 ** 30) {
      throw new RangeError(`wasmtune: RandomAffine: image ${sample}'s translation { tx, ty } must be whole pixels, got ${JSON.stringify(params)}`);
    }
    words[at] = tx;
    words[at + 1] = ty;
  }

  /** @internal */
  decode(words: Int32Array, at: number): TranslateParams {
    return { tx: words[at], ty: words[at + 1] };
  }

  protected axisTable(shape: ImageShape, axis: 1 | 2): Int32Array {
    return axisIdentity(shape[axis]);
  }

  protected tableLength(shape: ImageShape, axis: 1 | 2): number {
    return shape[axis];
  }

  protected fillValue(): number | readonly number[] {
    return this.fill;
  }

  // Output row y shows input row y - ty; column x shows column x - tx.
  protected rowOffset(words: Int32Array, at: number): number {
    return -words[at + 1];
  }

  protected colOffset(words: Int32Array, at: number): number {
    return -words[at];
  }
}
