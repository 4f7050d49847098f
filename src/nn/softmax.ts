import { rt } from "../runtime/wasm.js";
import { Tensor, workspace } from "../tensor.js";
import { Module } from "./module.js";
import { checkGradShape, numberArg, saved } from "./check.js";
import { LOG_SOFTMAX, SOFTMAX } from "../autograd/ops/softmax_kernels.js";
import type { Normaliser } from "../autograd/ops/softmax_kernels.js";

/** Options of {@link Softmax} and {@link LogSoftmax}. */
export interface SoftmaxOptions {
  /** The dimension normalised over; negative counts from the end (default -1). */
  dim?: number;
}

/**
 * Shared shape handling of Softmax and LogSoftmax: the input is viewed as
 * `[outer, size, inner]` around dimension `dim`. The last dimension
 * (`inner = 1`) runs the row kernels, any other the strided ones. Both
 * backward passes need only the saved output.
 */
abstract class SoftmaxBase extends Module {
  readonly dim: number;
  private out?: Tensor;
  private gradIn?: Tensor;
  private outer = 0;
  private size = 0;
  private inner = 0;

  /** `new Softmax(1)` or `new Softmax({ dim: 1 })`, as PyTorch's `dim` (default -1). */
  constructor(options: SoftmaxOptions | number = {}) {
    super();
    const dim = numberArg(this.constructor.name, "dim", options, -1);
    if (!Number.isInteger(dim)) throw new Error(`wasmtune: ${this.constructor.name}: dim must be an integer, got ${dim}`);
    this.dim = dim;
  }

  forward(x: Tensor): Tensor {
    const s = x.shape;
    // A 0-d tensor normalises over its single element, as in PyTorch.
    const nd = Math.max(s.length, 1);
    const d = this.dim < 0 ? this.dim + nd : this.dim;
    if (d < 0 || d >= nd) throw new RangeError(`Dimension out of range (expected to be in range of [${-nd}, ${nd - 1}], but got ${this.dim})`);
    let outer = 1;
    let inner = 1;
    for (let i = 0; i < d; i++) outer *= s[i];
    for (let i = d + 1; i < s.length; i++) inner *= s[i];
    this.outer = outer;
    this.size = s.length === 0 ? 1 : s[d];
    this.inner = inner;
    const y = (this.out = workspace(this.out, s));
    this.kernels.forward(rt().k, x.ptr, y.ptr, outer, this.size, inner);
    return y;
  }

  override backward(gradOut: Tensor): Tensor {
    const y = saved(this.out, this);
    checkGradShape(this, gradOut, y.shape);
    const gx = (this.gradIn = workspace(this.gradIn, y.shape));
    this.kernels.backward(rt().k, y.ptr, gradOut.ptr, gx.ptr, this.outer, this.size, this.inner);
    return gx;
  }

  /** The forward and backward kernels and PyTorch's node name. */
  protected abstract readonly kernels: Normaliser;

  override gradFnName(): string {
    return this.kernels.node;
  }

  override toString(): string {
    return `${this.constructor.name}(dim=${this.dim})`;
  }

  protected override disposeWorkspaces(): void {
    this.out?.dispose();
    this.gradIn?.dispose();
  }
}

/** `e^x / sum(e^x)` along `dim`, computed stably (the maximum is subtracted first). */
export class Softmax extends SoftmaxBase {
  protected readonly kernels = SOFTMAX;
}

/** `x - log(sum(e^x))` along `dim`, computed stably. */
export class LogSoftmax extends SoftmaxBase {
  protected readonly kernels = LOG_SOFTMAX;
}
