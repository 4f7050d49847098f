import type { Tensor } from "../../tensor.js";
import { rt } from "../../runtime/wasm.js";
import { PointwiseLoss } from "./pointwise.js";
import type { LossOptions, LossReduction } from "./loss.js";

/** Kernel-name prefix of a loss (`mse` → `mseLossForward`, `mseLossBackward`). */
export type LossKernel = "mse" | "l1" | "huber" | "smoothL1" | "klDiv" | "klDivLogTarget" | "poissonNll" | "poissonNllLogInput";

/**
 * A pointwise loss computed by one kernel pair that takes at most one scalar
 * parameter. By default a loss symmetric in xᵢ and yᵢ (a function of
 * |xᵢ − yᵢ|), whose gradient with respect to the target is the input
 * gradient's kernel with the two swapped, as PyTorch computes it (smooth L1
 * with β = 0 gives −1 at xᵢ = yᵢ for both); the others override `targetGrad`.
 */
export abstract class KernelLoss<R extends LossReduction> extends PointwiseLoss<R> {
  /**
   * @param kernel which kernel pair computes the loss
   * @param param the loss's shape parameter (Huber's delta, smooth L1's beta; 0 for the others)
   * @param accepted the reductions it supports, when not the usual three
   */
  protected constructor(
    options: LossOptions<R>,
    private readonly kernel: LossKernel,
    private readonly param: number,
    accepted?: readonly LossReduction[],
  ) {
    super(options, accepted);
  }

  protected sum(input: Tensor, target: Tensor, out: number): number {
    return rt().k[`${this.kernel}LossForward`](input.ptr, target.ptr, out, input.size, this.param);
  }

  protected grad(input: Tensor, target: Tensor, gout: number, scale: number, grad: number): void {
    rt().k[`${this.kernel}LossBackward`](input.ptr, target.ptr, gout, scale, grad, input.size, this.param);
  }

  protected override targetGrad(input: Tensor, target: Tensor, gout: number, scale: number, grad: number): void {
    rt().k[`${this.kernel}LossBackward`](target.ptr, input.ptr, gout, scale, grad, input.size, this.param);
  }
}
