import { Tensor } from "../../tensor.js";
import type { Generator } from "../../random/generator.js";
import { generatorFrom } from "../../random/options.js";
import { checkOptions, optionNames } from "../../options.js";
import { BatchTransformer } from "./runner.js";
import { imageLayout } from "./image_shape.js";
import type { ImageShape } from "./image_shape.js";

/** Options of {@link Transform.apply}. */
export interface TransformApplyOptions {
  /** Draw the parameters from this generator (its state advances). */
  generator?: Generator;
  /** Draw from a private generator seeded with this; ignored when `generator` is given. */
  seed?: number;
  /** How to read each row of `x` as an image, when the rows are not `[C, H, W]` already. */
  imageShape?: ImageShape;
}

/** Options of {@link Transform.applyWith}. */
export interface TransformApplyWithOptions {
  /** How to read each row of `x` as an image, when the rows are not `[C, H, W]` already. */
  imageShape?: ImageShape;
}

const APPLY_OPTIONS = optionNames<TransformApplyOptions>({ generator: true, seed: true, imageShape: true });
const APPLY_WITH_OPTIONS = optionNames<TransformApplyWithOptions>({ imageShape: true });

/**
 * An image transform of `data.transforms`, applied to a batch image by image:
 * each image draws its own parameters (`P`: a flip decision, a crop offset,
 * a translation) from the generator. Give one to a `DataLoader` (or `fit`)
 * as `transform` to augment the training batches.
 */
export abstract class Transform<P = unknown> {
  /** The class name, for messages. */
  readonly name: string;

  protected constructor(name: string) {
    this.name = name;
  }

  /** The shape of an image after this transform, for an image of `shape`; throws for an image it cannot take. */
  abstract outputShape(shape: ImageShape): ImageShape;

  /** @internal The elementary steps applied one after the other (a `Compose` lists its own). */
  abstract steps(): readonly Step<unknown>[];

  /** @internal One sample's parameters from the parameters of each step. */
  protected abstract combine(params: unknown[]): P;

  /** @internal The parameters of each step from one sample's parameters. */
  protected abstract split(params: P): readonly unknown[];

  /**
   * Transform a batch `[N, ...]`, each image with parameters drawn in
   * order from the generator (as `getParams` would, image after image).
   * Returns a new tensor; `x` is left as it is.
   */
  apply(x: Tensor, options: TransformApplyOptions = {}): Tensor {
    checkOptions(`${this.name}.apply`, options, APPLY_OPTIONS);
    const generator = generatorFrom(options);
    return this.onCopy(x, options.imageShape, (runner, input) => runner.run(input, generator));
  }

  /**
   * Transform a batch with explicit parameters, one per image (as
   * `getParams` returns them): what the random transform does once its
   * draws are made. Returns a new tensor; `x` is left as it is.
   */
  applyWith(x: Tensor, params: readonly P[], options: TransformApplyWithOptions = {}): Tensor {
    checkOptions(`${this.name}.applyWith`, options, APPLY_WITH_OPTIONS);
    if (!Array.isArray(params) || params.length !== x.shape[0]) {
      throw new Error(`wasmtune: ${this.name}.applyWith: needs one parameter entry per image, got ${Array.isArray(params) ? params.length : typeof params} for a batch of ${x.shape[0]}`);
    }
    return this.onCopy(x, options.imageShape, (runner, input) => runner.runWith(input, (s) => this.split(params[s])));
  }

  /** Draw one image's parameters from `generator` for an image of `shape`, as the transform does for each image. */
  getParams(generator: Generator, shape: ImageShape): P {
    const params: unknown[] = [];
    let current = shape;
    for (const step of this.steps()) {
      const next = step.outputShape(current); // refuses an image the step cannot take before drawing
      const words = new Int32Array(step.paramWords);
      step.draw(generator, current, words, 0);
      params.push(step.decode(words, 0));
      current = next;
    }
    return this.combine(params);
  }

  private onCopy(x: Tensor, imageShape: ImageShape | undefined, go: (runner: BatchTransformer, input: Tensor) => Tensor): Tensor {
    if (!(x instanceof Tensor) || x.dtype !== "float32") throw new TypeError(`wasmtune: ${this.name}: images must be a float32 Tensor`);
    const runner = new BatchTransformer(this, imageLayout(this.name, x.shape, imageShape), x.shape[0]);
    const input = x.clone();
    let out: Tensor | undefined;
    try {
      const result = go(runner, input);
      out = result === input ? input : result.clone();
      return out;
    } finally {
      runner.dispose();
      if (out !== input) input.dispose();
    }
  }
}

/**
 * The frame of the elementary transforms (a flip, a crop, a translation, a
 * normalisation): how one draws and encodes an image's parameters as int32
 * words, and the kernel that applies them to a batch (members internal).
 */
export abstract class Step<P> extends Transform<P> {
  /** @internal int32 words of one image's parameters. */
  abstract readonly paramWords: number;
  /** @internal Whether the output overwrites the input (same shape), instead of going to a buffer of its own. */
  abstract readonly inPlace: boolean;

  /** @internal Draw one image's parameters into `words[at..]`. */
  abstract draw(generator: Generator, shape: ImageShape, words: Int32Array, at: number): void;

  /** @internal Encode explicit parameters (checked) for image `sample`. */
  abstract encode(params: P, shape: ImageShape, words: Int32Array, at: number, sample: number): void;

  /** @internal Decode `words[at..]`. */
  abstract decode(words: Int32Array, at: number): P;

  /** @internal int32 words of scratch memory for `rows` images of `shape`. */
  scratchWords(_shape: ImageShape, _rows: number): number {
    return 0;
  }

  /** @internal Write what does not change from batch to batch (fill values, tables) into the scratch at byte offset `scratch`. */
  prepare(_shape: ImageShape, _scratch: number): void {}

  /** @internal Apply to `rows` images of `shape` at byte offset `src`, with their parameters at `params`, writing images of `out` at `dst` (= `src` when in place). */
  abstract run(src: number, dst: number, rows: number, shape: ImageShape, out: ImageShape, params: number, scratch: number): void;

  /** @internal */
  steps(): readonly Step<unknown>[] {
    return [this as Step<unknown>];
  }

  protected combine(params: unknown[]): P {
    return params[0] as P;
  }

  protected split(params: P): readonly unknown[] {
    return [params];
  }
}
