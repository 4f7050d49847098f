import { Tensor } from "../tensor.js";

/**
 * A trainable tensor and its gradient. `grad` always exists (zeros until a
 * backward pass writes it) and backward passes add into it, as PyTorch's
 * `.grad` accumulates, so call `zeroGrad()` between steps.
 */
export class Parameter {
  readonly data: Tensor;
  readonly grad: Tensor;

  constructor(data: Tensor) {
    this.data = data;
    this.grad = Tensor.zeros(data.shape);
  }

  get shape(): number[] {
    return this.data.shape;
  }

  get size(): number {
    return this.data.size;
  }

  /** Set the gradient to zero. */
  zeroGrad(): void {
    this.grad.zero();
  }

  dispose(): void {
    this.data.dispose();
    this.grad.dispose();
  }
}
