import { Tensor, workspace } from "../../tensor.js";
import { transposeBatched } from "../../kernels/transpose.js";
import { rt } from "../../runtime/wasm.js";

/**
 * The class losses' view of an input `[N, C, d1, …]` (or unbatched `[C]`) as
 * `rows` = N·d1·… rows of `classes` values, the layout their kernels read.
 * With extra dimensions the input is transposed into a buffer (and the
 * gradient back); `[N, C]` and `[C]` inputs are used in place.
 */
export class ClassRows {
  /** N·d1·… (1 for an unbatched input). */
  rows = 0;
  /** C. */
  classes = 0;
  /** d1·… (1 without extra dimensions). */
  inner = 1;
  private buf?: Tensor;

  /** Read the sizes of `input`. */
  measure(name: string, input: Tensor): void {
    if (input.ndim === 0) throw new Error(`${name}: expected input of shape [N, C, ...] or [C], got []`);
    const batched = input.ndim >= 2;
    this.classes = input.shape[batched ? 1 : 0];
    this.inner = 1;
    for (let d = 2; d < input.ndim; d++) this.inner *= input.shape[d];
    this.rows = (batched ? input.shape[0] : 1) * this.inner;
  }

  /** Pointer to `t` (shaped like the measured input) as `[rows, classes]`: `t` itself, or a transposed copy. */
  gather(t: Tensor): number {
    if (this.inner === 1) return t.ptr;
    this.buf = workspace(this.buf, [t.size]);
    transposeBatched(rt().k, { src: t.ptr, dst: this.buf.ptr, batches: this.rows / this.inner, rows: this.classes, cols: this.inner });
    return this.buf.ptr;
  }

  /** The pointer the last `gather(t)` returned, without copying again. */
  gathered(t: Tensor): number {
    return this.inner === 1 ? t.ptr : this.buf!.ptr;
  }

  /** Where a kernel writes a `[rows, classes]` gradient meant for `grad`; call `scatter(grad)` afterwards. */
  gradRows(grad: number): number {
    if (this.inner === 1) return grad;
    this.buf = workspace(this.buf, [this.rows * this.classes]);
    return this.buf.ptr;
  }

  /** Move the gradient written at `gradRows(grad)` into `grad`'s `[N, C, d1, …]` layout. */
  scatter(grad: number): void {
    if (this.inner !== 1) transposeBatched(rt().k, { src: this.buf!.ptr, dst: grad, batches: this.rows / this.inner, rows: this.inner, cols: this.classes });
  }

  dispose(): void {
    this.buf?.dispose();
    this.buf = undefined;
  }
}

/** Shape of a per-row result (loss, class-index target): the input's shape without the class dimension. */
export function classLossShape(input: Tensor): number[] {
  return input.ndim === 1 ? [] : [input.shape[0], ...input.shape.slice(2)];
}

/** Whether `target` has the shape `classLossShape(input)`, checked without allocating. */
export function fitsClassLossShape(input: Tensor, target: Tensor): boolean {
  if (input.ndim === 1) return target.ndim === 0;
  return target.ndim === input.ndim - 1 && target.shape[0] === input.shape[0] && target.shape.every((d, i) => i === 0 || d === input.shape[i + 1]);
}
