import { normalizeChannels } from "../../kernels/transforms.js";
import { rt } from "../../runtime/wasm.js";
import { Step } from "./transform.js";
import type { ImageShape } from "./image_shape.js";

/**
 * `(x - mean[c]) / std[c]` for every pixel of channel c, as
 * `torchvision.transforms.Normalize`: mean and std rounded to float32, a
 * subtraction then a division in float32 (bit for bit). One value each
 * applies to every channel. Draws nothing.
 */
export class Normalize extends Step<undefined> {
  readonly mean: readonly number[];
  readonly std: readonly number[];
  /** @internal */
  readonly paramWords = 0;
  /** @internal */
  readonly inPlace = true;

  constructor(mean: number | readonly number[], std: number | readonly number[]) {
    super("Normalize");
    const m = typeof mean === "number" ? [mean] : mean, s = typeof std === "number" ? [std] : std;
    for (const [name, v] of [["mean", m], ["std", s]] as const) {
      if (!Array.isArray(v) || v.length === 0 || !v.every((e) => typeof e === "number" && Number.isFinite(e))) {
        throw new TypeError(`wasmtune: Normalize: ${name} must be a finite number or a non-empty list of them, got ${JSON.stringify(v)}`);
      }
    }
    if (m.length !== s.length && m.length !== 1 && s.length !== 1) throw new Error(`wasmtune: Normalize: mean has ${m.length} values but std has ${s.length}`);
    if (s.some((v) => Math.fround(v) === 0)) throw new RangeError("wasmtune: Normalize: std evaluated to zero after conversion to float32, leading to division by zero.");
    this.mean = m.slice();
    this.std = s.slice();
  }

  outputShape(shape: ImageShape): ImageShape {
    for (const [name, v] of [["mean", this.mean], ["std", this.std]] as const) {
      if (v.length !== 1 && v.length !== shape[0]) throw new Error(`wasmtune: Normalize: ${name} has ${v.length} values but the images have ${shape[0]} channels`);
    }
    return shape;
  }

  /** @internal */
  draw(): void {}

  /** @internal */
  encode(): void {}

  /** @internal */
  decode(): undefined {
    return undefined;
  }

  /** @internal mean then std, one float32 per channel. */
  override scratchWords(shape: ImageShape): number {
    return 2 * shape[0];
  }

  /** @internal */
  override prepare(shape: ImageShape, scratch: number): void {
    const f32 = rt().f32, at = scratch >>> 2, c = shape[0];
    for (let ch = 0; ch < c; ch++) {
      f32[at + ch] = this.mean[this.mean.length === 1 ? 0 : ch];
      f32[at + c + ch] = this.std[this.std.length === 1 ? 0 : ch];
    }
  }

  /** @internal */
  run(src: number, _dst: number, rows: number, shape: ImageShape, _out: ImageShape, _params: number, scratch: number): void {
    normalizeChannels(rt().k, { x: src, n: rows, c: shape[0], hw: shape[1] * shape[2], mean: scratch, std: scratch + 4 * shape[0] });
  }
}
