import { KernelLoss } from "./kernel_loss.js";
import type { LossOptions, Reduction } from "./loss.js";
import { reducedNodeName } from "./node_names.js";
import { checkOptions, optionNames } from "../../options.js";

const L1_LOSS_OPTIONS = optionNames<LossOptions<Reduction>>({ reduction: true });

/** Mean absolute error, `torch.nn.L1Loss`: ℓᵢ = |xᵢ − yᵢ| (gradient 0 where xᵢ = yᵢ). */
export class L1Loss<R extends Reduction = "mean"> extends KernelLoss<R> {
  protected readonly name = "L1Loss";

  constructor(options: LossOptions<R> = {}) {
    checkOptions("L1Loss", options, L1_LOSS_OPTIONS);
    super(options, "l1", 0);
  }

  /** PyTorch 1.13 composes it: `abs(x - y)`, then the reduction. */
  override gradFnName(): string {
    return reducedNodeName(this.reduction, "AbsBackward0");
  }
}
