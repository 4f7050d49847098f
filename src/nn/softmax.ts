import { rt } from "../runtime/wasm.js";
import type { Kernels } from "../runtime/wasm.js";
import { Tensor, shapeStr, workspace } from "../tensor.js";
import { Module } from "./module.js";
import { checkGradShape, saved } from "./check.js";

/** Options of {@link Softmax} and {@link LogSoftmax}. */
export interface SoftmaxOptions {
  /** The dimension normalised over; only the last one is supported (default -1). */
  dim?: number;
}

/**
 * Shared shape handling of Softmax and LogSoftmax: the input is viewed as
 * `[rows, cols]` with `cols` its last dimension; both backward passes need
 * only the saved output.
 */
abstract class LastDimSoftmax extends Module {
  readonly dim: number;
  private out?: Tensor;
  private gradIn?: Tensor;

  constructor({ dim = -1 }: SoftmaxOptions = {}) {
    super();
    if (!Number.isInteger(dim)) throw new Error(`wasmtune: ${this.constructor.name}: dim must be an integer, got ${dim}`);
    this.dim = dim;
  }

  forward(x: Tensor): Tensor {
    const nd = x.shape.length;
    if (nd === 0 || (this.dim !== -1 && this.dim !== nd - 1)) {
      throw new Error(`wasmtune: ${this}: only the last dimension is supported, got dim=${this.dim} for input of shape ${shapeStr(x.shape)}`);
    }
    const cols = x.shape[nd - 1];
    const y = (this.out = workspace(this.out, x.shape));
    this.run(rt().k, x.ptr, y.ptr, cols === 0 ? 0 : x.size / cols, cols);
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const y = saved(this.out, this);
    checkGradShape(this, gradOut, y.shape);
    const cols = y.shape[y.shape.length - 1];
    const gx = (this.gradIn = workspace(this.gradIn, y.shape));
    this.runBackward(rt().k, y.ptr, gradOut.ptr, gx.ptr, cols === 0 ? 0 : y.size / cols, cols);
    return gx;
  }

  protected abstract run(k: Kernels, x: number, y: number, rows: number, cols: number): void;
  protected abstract runBackward(k: Kernels, y: number, gy: number, gx: number, rows: number, cols: number): void;

  override toString(): string {
    return `${this.constructor.name}(dim=${this.dim})`;
  }

  protected override disposeWorkspaces(): void {
    this.out?.dispose();
    this.gradIn?.dispose();
  }
}

/** `e^x / sum(e^x)` over the last dimension, computed stably (row maximum subtracted). */
export class Softmax extends LastDimSoftmax {
  protected run(k: Kernels, x: number, y: number, rows: number, cols: number): void {
    k.softmaxForward(x, y, rows, cols);
  }
  protected runBackward(k: Kernels, y: number, gy: number, gx: number, rows: number, cols: number): void {
    k.softmaxBackward(y, gy, gx, rows, cols);
  }
}

/** `x - log(sum(e^x))` over the last dimension, computed stably. */
export class LogSoftmax extends LastDimSoftmax {
  protected run(k: Kernels, x: number, y: number, rows: number, cols: number): void {
    k.logSoftmaxForward(x, y, rows, cols);
  }
  protected runBackward(k: Kernels, y: number, gy: number, gx: number, rows: number, cols: number): void {
    k.logSoftmaxBackward(y, gy, gx, rows, cols);
  }
}
