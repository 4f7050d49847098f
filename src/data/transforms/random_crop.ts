import type { Generator } from "../../random/generator.js";
import { checkOptions, optionNames } from "../../options.js";
import { RemapStep } from "./remap_step.js";
import { axisIdentity, checkPaddingMode, padAxis, parsePadding } from "./padding.js";
import type { Padding, PaddingMode } from "./padding.js";
import type { ImageShape } from "./image_shape.js";

/** Options of {@link RandomCrop}, named as torchvision's arguments. */
export interface RandomCropOptions {
  /** Pad every image first: all sides, `[left/right, top/bottom]` or `[left, top, right, bottom]`. Default none. */
  padding?: Padding;
  /** Pad an image smaller than the crop up to it (by the missing size on both sides, as torchvision). Default false. */
  padIfNeeded?: boolean;
  /** Value of `constant` padding. Default 0. */
  fill?: number;
  /** `constant` (default), `edge`, `reflect` or `symmetric`. */
  paddingMode?: PaddingMode;
}

const RANDOM_CROP_OPTIONS = optionNames<RandomCropOptions>({ padding: true, padIfNeeded: true, fill: true, paddingMode: true });

/** Where a crop starts in the padded image: torchvision's `i, j` from `RandomCrop.get_params`. */
export interface CropParams {
  top: number;
  left: number;
}

/**
 * Crop each image to `size` (`[height, width]`, or one number for a square)
 * at a random place, after optional padding, as
 * `torchvision.transforms.RandomCrop`: pad by `padding`, then (with
 * `padIfNeeded`) by what the crop misses, then draw the top row and the left
 * column uniformly among the places the crop fits (`randint` of the padded
 * height minus the crop height plus one, then the same for the width; no
 * draw when the padded image is the crop's size).
 */
export class RandomCrop extends RemapStep<CropParams> {
  /** Crop `[height, width]`. */
  readonly size: readonly [number, number];
  /** `[left, top, right, bottom]`. */
  readonly padding: readonly [number, number, number, number];
  readonly padIfNeeded: boolean;
  readonly fill: number;
  readonly paddingMode: PaddingMode;
  private tables: { h: number; w: number; rows: Int32Array; cols: Int32Array } | undefined;

  constructor(size: number | readonly [number] | readonly [number, number], options: RandomCropOptions = {}) {
    super("RandomCrop");
    checkOptions("RandomCrop", options, RANDOM_CROP_OPTIONS);
    const s = typeof size === "number" ? [size, size] : Array.isArray(size) && size.length === 1 ? [size[0], size[0]] : size;
    if (!Array.isArray(s) || s.length !== 2) throw new Error("wasmtune: RandomCrop: Please provide only two dimensions (h, w) for size.");
    if (!s.every((d) => Number.isInteger(d) && d > 0)) throw new Error(`wasmtune: RandomCrop: size must be positive integers, got ${JSON.stringify(size)}`);
    const { padding = 0, padIfNeeded = false, fill = 0, paddingMode = "constant" } = options;
    checkPaddingMode("RandomCrop", paddingMode);
    if (typeof fill !== "number") throw new TypeError(`wasmtune: RandomCrop: fill must be a number, got ${JSON.stringify(fill)}`);
    if (typeof padIfNeeded !== "boolean") throw new TypeError(`wasmtune: RandomCrop: padIfNeeded must be true or false, got ${JSON.stringify(padIfNeeded)}`);
    this.size = [s[0], s[1]];
    this.padding = parsePadding("RandomCrop", padding);
    this.padIfNeeded = padIfNeeded;
    this.fill = fill;
    this.paddingMode = paddingMode;
  }

  outputShape(shape: ImageShape): ImageShape {
    this.padded(shape);
    return [shape[0], this.size[0], this.size[1]];
  }

  /** @internal */
  draw(generator: Generator, shape: ImageShape, words: Int32Array, at: number): void {
    // Scalars only: this runs for every image of every batch.
    const { rows, cols } = this.tablesFor(shape);
    const h = rows.length, w = cols.length, th = this.size[0], tw = this.size[1];
    if (h === th && w === tw) {
      words[at] = words[at + 1] = 0;
      return;
    }
    words[at] = generator.randint(h - th + 1);
    words[at + 1] = generator.randint(w - tw + 1);
  }

  /** @internal */
  encode(params: CropParams, shape: ImageShape, words: Int32Array, at: number, sample: number): void {
    const [h, w] = this.padded(shape);
    const { top, left } = params ?? ({} as CropParams);
    if (!Number.isInteger(top) || !Number.isInteger(left) || top < 0 || left < 0 || top > h - this.size[0] || left > w - this.size[1]) {
      throw new RangeError(`wasmtune: RandomCrop: image ${sample}'s crop { top, left } must fit the padded image: top in [0, ${h - this.size[0]}] and left in [0, ${w - this.size[1]}], got ${JSON.stringify(params)}`);
    }
    words[at] = top;
    words[at + 1] = left;
  }

  /** @internal */
  decode(words: Int32Array, at: number): CropParams {
    return { top: words[at], left: words[at + 1] };
  }

  protected axisTable(shape: ImageShape, axis: 1 | 2): Int32Array {
    const t = this.tablesFor(shape);
    return axis === 1 ? t.rows : t.cols;
  }

  protected tableLength(shape: ImageShape, axis: 1 | 2): number {
    return this.tablesFor(shape)[axis === 1 ? "rows" : "cols"].length;
  }

  protected fillValue(): number {
    return this.fill;
  }

  protected rowOffset(words: Int32Array, at: number): number {
    return words[at];
  }

  protected colOffset(words: Int32Array, at: number): number {
    return words[at + 1];
  }

  /** The padded image's height and width; refuses a crop larger than it, in torchvision's words. */
  private padded(shape: ImageShape): [number, number] {
    const { rows, cols } = this.tablesFor(shape);
    const [th, tw] = this.size;
    if (rows.length < th || cols.length < tw) {
      throw new Error(`wasmtune: RandomCrop: Required crop size (${th}, ${tw}) is larger than input image size (${rows.length}, ${cols.length})`);
    }
    return [rows.length, cols.length];
  }

  /** Row and column tables of the padded image (`padding`, then `padIfNeeded`), kept for the last shape seen. */
  private tablesFor(shape: ImageShape): { rows: Int32Array; cols: Int32Array } {
    const t = this.tables;
    if (t !== undefined && t.h === shape[1] && t.w === shape[2]) return t;
    const [left, top, right, bottom] = this.padding;
    const mode = this.paddingMode;
    let rows = padAxis("RandomCrop", axisIdentity(shape[1]), top, bottom, mode, "height");
    let cols = padAxis("RandomCrop", axisIdentity(shape[2]), left, right, mode, "width");
    const [th, tw] = this.size;
    if (this.padIfNeeded && cols.length < tw) cols = padAxis("RandomCrop", cols, tw - cols.length, tw - cols.length, mode, "width");
    if (this.padIfNeeded && rows.length < th) rows = padAxis("RandomCrop", rows, th - rows.length, th - rows.length, mode, "height");
    this.tables = { h: shape[1], w: shape[2], rows, cols };
    return this.tables;
  }
}
