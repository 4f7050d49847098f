import { KernelLoss } from "./kernel_loss.js";
import type { LossOptions, Reduction } from "./loss.js";

/** Mean absolute error, `torch.nn.L1Loss`: ℓᵢ = |xᵢ − yᵢ| (gradient 0 where xᵢ = yᵢ). */
export class L1Loss<R extends Reduction = "mean"> extends KernelLoss<R> {
  protected readonly name = "L1Loss";

  constructor(options: LossOptions<R> = {}) {
    super(options, "l1", 0);
  }
}
