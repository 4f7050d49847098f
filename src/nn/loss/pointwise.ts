import type { Tensor } from "../../tensor.js";
import { rt } from "../../runtime/wasm.js";
import { Loss, requireDtype, requireSameShape } from "./loss.js";
import type { LossOptions, Reduction } from "./loss.js";

/** Kernel-name prefix of a pointwise loss (`mse` → `mseLossForward`, `mseLossBackward`). */
export type PointwiseKernel = "mse" | "l1" | "huber" | "smoothL1";

/**
 * A loss computed elementwise on `input - target` (same shapes, float32),
 * averaged over every element for `'mean'`. PyTorch would broadcast
 * mismatched shapes with a warning; a `[N, 1]` prediction against a `[N]`
 * target then silently builds an `[N, N]` loss, so shapes must match exactly.
 */
export abstract class PointwiseLoss<R extends Reduction> extends Loss<R> {
  /**
   * @param kernel which kernel pair computes the loss
   * @param param the loss's shape parameter (Huber's delta, smooth L1's beta; 0 for the others)
   */
  protected constructor(
    options: LossOptions<R>,
    private readonly kernel: PointwiseKernel,
    private readonly param: number,
  ) {
    super(options);
  }

  protected check(input: Tensor, target: Tensor): void {
    requireSameShape(this.name, input, target);
    requireDtype(this.name, target, "float32", "the regression targets");
  }

  protected unreducedShape(input: Tensor): number[] {
    return input.shape;
  }

  protected meanDivisor(input: Tensor): number {
    return input.size;
  }

  protected sum(input: Tensor, target: Tensor, out: number): number {
    return rt().k[`${this.kernel}LossForward`](input.ptr, target.ptr, out, input.size, this.param);
  }

  protected grad(input: Tensor, target: Tensor, gout: number, scale: number, grad: number): void {
    rt().k[`${this.kernel}LossBackward`](input.ptr, target.ptr, gout, scale, grad, input.size, this.param);
  }
}
