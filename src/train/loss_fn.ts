import type { Tensor } from "../tensor.js";

/** What training needs from a loss: the `nn` losses with `'mean'` reduction. */
export interface LossFn {
  forward(input: Tensor, target: Tensor): number;
  backward(): Tensor;
  /** The loss as a recorded 0-d tensor; needed to train a user module (through autograd). */
  call?(input: Tensor, target: Tensor): Tensor;
}

/**
 * The target shaped like the output when they differ only by a trailing 1
 * (float targets `[N]` against one logit per row `[N, 1]`), as PyTorch users
 * write `y.unsqueeze(1)`. The view is cached so a steady loop allocates nothing.
 */
export class TargetShaper {
  private view: Tensor | undefined;

  shape(target: Tensor, output: Tensor): Tensor {
    const needsView = target.dtype === "float32" && target.ndim === 1 && output.ndim === 2 && output.shape[1] === 1 && output.shape[0] === target.shape[0];
    if (!needsView) return target;
    const v = this.view;
    if (v !== undefined && v.ptr === target.ptr && v.size === target.size) return v;
    return (this.view = target.reshape([target.size, 1]));
  }
}
