import { KernelLoss } from "./kernel_loss.js";
import type { LossOptions, Reduction } from "./loss.js";

/** Mean squared error, `torch.nn.MSELoss`: ℓᵢ = (xᵢ − yᵢ)². */
export class MSELoss<R extends Reduction = "mean"> extends KernelLoss<R> {
  protected readonly name = "MSELoss";

  constructor(options: LossOptions<R> = {}) {
    super(options, "mse", 0);
  }
}
