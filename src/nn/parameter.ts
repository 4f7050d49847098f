import { Tensor } from "../tensor.js";

/**
 * A trainable tensor and its gradient. `grad` always exists (zeros until a
 * backward pass writes it) and backward passes add into it, as PyTorch's
 * `.grad` accumulates, so call `zeroGrad()` between steps.
 */
export class Parameter {
  readonly data: Tensor;
  private readonly gradient: Tensor;
  // Set by zeroGrad(): the gradient is zero but its memory still holds the
  // last values; it is cleared when read, or skipped entirely by a backward
  // pass that overwrites it (see claimGrad).
  private gradPendingZero = false;

  constructor(data: Tensor) {
    this.data = data;
    this.gradient = Tensor.zeros(data.shape);
    // Operations on the parameter's tensor record the graph, and backward()
    // adds into this gradient, the one optimizers read.
    data.requiresGrad = true;
    data.gradSink = this;
  }

  /** The accumulated gradient (zeros after `zeroGrad()` until a backward pass writes it). */
  get grad(): Tensor {
    if (this.gradPendingZero) {
      this.gradient.zero();
      this.gradPendingZero = false;
    }
    return this.gradient;
  }

  get shape(): number[] {
    return this.data.shape;
  }

  get size(): number {
    return this.data.size;
  }

  /**
   * Set the gradient to zero. The zeros are written lazily: a backward pass
   * right after overwrites the gradient instead of adding into zeros (see
   * `claimGrad`), as PyTorch's `zero_grad(set_to_none=True)` lets the next
   * backward assign it. Reading `grad` first still gives zeros.
   */
  zeroGrad(): void {
    this.gradPendingZero = true;
  }

  /**
   * For a kernel about to write the whole gradient: 1 when it must add into
   * `grad` (accumulation), 0 when it may overwrite it because `zeroGrad()`
   * came since the last write. Same bits either way: the kernels' sums start
   * from +0, so storing a sum equals adding it to a zero.
   */
  claimGrad(): number {
    if (!this.gradPendingZero) return 1;
    this.gradPendingZero = false;
    return 0;
  }

  dispose(): void {
    this.data.dispose();
    this.gradient.dispose();
  }
}
