import type { Tensor } from "../../tensor.js";
import * as kernels from "../../kernels/loss.js";
import { rt } from "../../runtime/wasm.js";
import { PointwiseLoss } from "./pointwise.js";
import type { LossOptions, LossReduction } from "./loss.js";

/**
 * The kernel pair of each pointwise loss. Each pair has the same parameters,
 * names included (`p` is the loss's one scalar), so one call serves them all.
 */
const PAIRS = {
  mse: [kernels.mseLossForward, kernels.mseLossBackward],
  l1: [kernels.l1LossForward, kernels.l1LossBackward],
  huber: [kernels.huberLossForward, kernels.huberLossBackward],
  smoothL1: [kernels.smoothL1LossForward, kernels.smoothL1LossBackward],
  klDiv: [kernels.klDivLossForward, kernels.klDivLossBackward],
  klDivLogTarget: [kernels.klDivLogTargetLossForward, kernels.klDivLogTargetLossBackward],
  poissonNll: [kernels.poissonNllLossForward, kernels.poissonNllLossBackward],
  poissonNllLogInput: [kernels.poissonNllLogInputLossForward, kernels.poissonNllLogInputLossBackward],
} as const;

/** Which kernel pair computes a loss (`mse`: `mseLossForward`, `mseLossBackward`). */
export type LossKernel = keyof typeof PAIRS;

/**
 * A pointwise loss computed by one kernel pair that takes at most one scalar
 * parameter. By default a loss symmetric in xᵢ and yᵢ (a function of
 * |xᵢ − yᵢ|), whose gradient with respect to the target is the input
 * gradient's kernel with the two swapped, as PyTorch computes it (smooth L1
 * with β = 0 gives −1 at xᵢ = yᵢ for both); the others override `targetGrad`.
 */
export abstract class KernelLoss<R extends LossReduction> extends PointwiseLoss<R> {
  private readonly forwardKernel: (typeof PAIRS)[LossKernel][0];
  private readonly backwardKernel: (typeof PAIRS)[LossKernel][1];

  /**
   * @param kernel which kernel pair computes the loss
   * @param param the loss's shape parameter (Huber's delta, smooth L1's beta, the Poisson NLL's eps; 0 for the others)
   * @param accepted the reductions it supports, when not the usual three
   */
  protected constructor(
    options: LossOptions<R>,
    kernel: LossKernel,
    private readonly param: number,
    accepted?: readonly LossReduction[],
  ) {
    super(options, accepted);
    [this.forwardKernel, this.backwardKernel] = PAIRS[kernel];
  }

  protected sum(input: Tensor, target: Tensor, out: number): number {
    return this.forwardKernel(rt().k, { x: input.ptr, y: target.ptr, out, n: input.size, p: this.param });
  }

  protected grad(input: Tensor, target: Tensor, gout: number, scale: number, grad: number): void {
    this.backwardKernel(rt().k, { x: input.ptr, y: target.ptr, gout, scale, gx: grad, n: input.size, p: this.param });
  }

  protected override targetGrad(input: Tensor, target: Tensor, gout: number, scale: number, grad: number): void {
    this.backwardKernel(rt().k, { x: target.ptr, y: input.ptr, gout, scale, gx: grad, n: input.size, p: this.param });
  }
}
