import type { Tensor } from "../../tensor.js";
import { rt } from "../../runtime/wasm.js";
import { PointwiseLoss } from "./pointwise.js";
import type { LossOptions, Reduction } from "./loss.js";

/** Kernel-name prefix of a regression loss (`mse` → `mseLossForward`, `mseLossBackward`). */
export type RegressionKernel = "mse" | "l1" | "huber" | "smoothL1";

/** A pointwise loss of `input - target` computed by one kernel pair. */
export abstract class RegressionLoss<R extends Reduction> extends PointwiseLoss<R> {
  /**
   * @param kernel which kernel pair computes the loss
   * @param param the loss's shape parameter (Huber's delta, smooth L1's beta; 0 for the others)
   */
  protected constructor(
    options: LossOptions<R>,
    private readonly kernel: RegressionKernel,
    private readonly param: number,
  ) {
    super(options);
  }

  protected sum(input: Tensor, target: Tensor, out: number): number {
    return rt().k[`${this.kernel}LossForward`](input.ptr, target.ptr, out, input.size, this.param);
  }

  protected grad(input: Tensor, target: Tensor, gout: number, scale: number, grad: number): void {
    rt().k[`${this.kernel}LossBackward`](input.ptr, target.ptr, gout, scale, grad, input.size, this.param);
  }
}
