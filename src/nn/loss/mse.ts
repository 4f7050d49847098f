import { KernelLoss } from "./kernel_loss.js";
import type { LossOptions, Reduction } from "./loss.js";
import { checkOptions, optionNames } from "../../options.js";

const MSE_LOSS_OPTIONS = optionNames<LossOptions<Reduction>>({ reduction: true });

/** Mean squared error, `torch.nn.MSELoss`: ℓᵢ = (xᵢ − yᵢ)². */
export class MSELoss<R extends Reduction = "mean"> extends KernelLoss<R> {
  protected readonly name = "MSELoss";

  constructor(options: LossOptions<R> = {}) {
    checkOptions("MSELoss", options, MSE_LOSS_OPTIONS);
    super(options, "mse", 0);
  }

  override gradFnName(): string {
    return "MseLossBackward0";
  }
}
