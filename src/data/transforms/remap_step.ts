import { remapImages } from "../../kernels/transforms.js";
import { rt } from "../../runtime/wasm.js";
import { Step } from "./transform.js";
import type { ImageShape } from "./image_shape.js";

/**
 * The frame of the transforms that move pixels by whole positions (padding
 * plus cropping, translation): each image's output row y is row
 * `rowTable[y + dy]` of the input and column x is column `colTable[x + dx]`,
 * or the fill value outside the tables or where they hold -1. The tables
 * depend only on the input shape and are written once; the per-image
 * offsets (dy, dx) come from the two parameter words. The kernel,
 * `remapImages`, copies values without arithmetic.
 *
 * Scratch layout (int32 words): fill (C floats), row table, column table,
 * then per image the row map (H') and column map (W') the kernel reads.
 */
export abstract class RemapStep<P> extends Step<P> {
  /** @internal */
  readonly paramWords = 2;
  /** @internal */
  readonly inPlace = false;

  /** Source row (axis 1) or column (axis 2) of each position of the padded axis, -1 for the fill value. */
  protected abstract axisTable(shape: ImageShape, axis: 1 | 2): Int32Array;

  /** The fill value: one for every channel, or one per channel (checked by `outputShape`). */
  protected abstract fillValue(): number | readonly number[];

  /** Offset into the row table of an image's output row 0, from its parameter words at `at`. */
  protected abstract rowOffset(words: Int32Array, at: number): number;

  /** Offset into the column table of an image's output column 0. */
  protected abstract colOffset(words: Int32Array, at: number): number;

  /** @internal */
  override scratchWords(shape: ImageShape, rows: number): number {
    const out = this.outputShape(shape);
    return shape[0] + this.tableLength(shape, 1) + this.tableLength(shape, 2) + rows * (out[1] + out[2]);
  }

  /** @internal */
  override prepare(shape: ImageShape, scratch: number): void {
    const { f32, i32 } = rt();
    const at = scratch >>> 2;
    const fill = this.fillValue();
    for (let ch = 0; ch < shape[0]; ch++) f32[at + ch] = typeof fill === "number" ? fill : fill[fill.length === 1 ? 0 : ch];
    const rows = this.axisTable(shape, 1);
    i32.set(rows, at + shape[0]);
    i32.set(this.axisTable(shape, 2), at + shape[0] + rows.length);
  }

  /** @internal */
  run(src: number, dst: number, rows: number, shape: ImageShape, out: ImageShape, params: number, scratch: number): void {
    const words = rt().i32;
    const c = shape[0], oh = out[1], ow = out[2];
    const rowTable = (scratch >>> 2) + c, rowLength = this.tableLength(shape, 1);
    const colTable = rowTable + rowLength, colLength = this.tableLength(shape, 2);
    const rowMaps = colTable + colLength, colMaps = rowMaps + rows * oh;
    for (let s = 0; s < rows; s++) {
      const p = (params >>> 2) + s * 2;
      mapAxis(words, rowTable, rowLength, this.rowOffset(words, p), rowMaps + s * oh, oh);
      mapAxis(words, colTable, colLength, this.colOffset(words, p), colMaps + s * ow, ow);
    }
    remapImages(rt().k, { src, n: rows, c, h: shape[1], w: shape[2], dst, oh, ow, rowMaps: rowMaps << 2, colMaps: colMaps << 2, fill: scratch });
  }

  /** Length of the row (axis 1) or column (axis 2) table for an input of `shape`. */
  protected abstract tableLength(shape: ImageShape, axis: 1 | 2): number;
}

/** map[i] = table[i + offset] for i < count, -1 outside the table (word indices into `words`). */
function mapAxis(words: Int32Array, table: number, length: number, offset: number, map: number, count: number): void {
  for (let i = 0; i < count; i++) {
    const k = i + offset;
    words[map + i] = k >= 0 && k < length ? words[table + k] : -1;
  }
}
