import { shapeStr } from "../tensor.js";
import type { Tensor } from "../tensor.js";

/**
 * Collects a pass's model outputs and targets in two buffers that are
 * reused across epochs, so that metrics such as ROC AUC can be computed over
 * the whole epoch without allocating per batch.
 */
export class OutputCollector {
  rows = 0;
  cols = 0;
  out = new Float32Array(0);
  target: Float32Array | Int32Array = new Float32Array(0);
  private targetCols = 0;

  /** Forget the previous pass. */
  reset(): void {
    this.rows = 0;
  }

  /** Append a batch of outputs `[n, cols]` and targets `[n]` or `[n, cols]`. */
  add(out: Tensor, target: Tensor, capacity: number): void {
    const n = out.shape[0];
    const cols = out.size / Math.max(n, 1);
    const tcols = target.size / Math.max(n, 1);
    if (this.rows === 0) {
      this.cols = cols;
      this.targetCols = tcols;
      if (this.out.length < capacity * cols) this.out = new Float32Array(capacity * cols);
      const T = target.dtype === "int32" ? Int32Array : Float32Array;
      if (!(this.target instanceof T) || this.target.length < capacity * tcols) this.target = new T(capacity * tcols);
    } else if (cols !== this.cols || tcols !== this.targetCols) {
      throw new Error(`wasmtune: batch outputs ${shapeStr(out.shape)} and targets ${shapeStr(target.shape)} do not match earlier batches`);
    }
    this.out.set(out.data, this.rows * cols);
    this.target.set(target.data, this.rows * tcols);
    this.rows += n;
  }

  /** Outputs collected so far, `rows × cols`. */
  outputs(): Float32Array {
    return this.out.subarray(0, this.rows * this.cols);
  }

  /** Targets collected so far. */
  targets(): Float32Array | Int32Array {
    return this.target.subarray(0, this.rows * this.targetCols);
  }
}
