import { KernelLoss } from "./kernel_loss.js";
import type { LossOptions, Reduction } from "./loss.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of {@link SmoothL1Loss}. */
export interface SmoothL1LossOptions<R extends Reduction> extends LossOptions<R> {
  /** Where the loss turns from quadratic to linear; non-negative (default 1). 0 gives L1. */
  beta?: number;
}

const SMOOTH_L1_LOSS_OPTIONS = optionNames<SmoothL1LossOptions<Reduction>>({ reduction: true, beta: true });

/**
 * `torch.nn.SmoothL1Loss`: with z = |xᵢ − yᵢ|, ℓᵢ = ½z²/β if z < β, else z − ½β.
 * With β = 0 it is the L1 loss, except that, as in PyTorch, the gradient
 * where xᵢ = yᵢ is −1 rather than 0.
 */
export class SmoothL1Loss<R extends Reduction = "mean"> extends KernelLoss<R> {
  protected readonly name = "SmoothL1Loss";
  readonly beta: number;

  constructor(options: SmoothL1LossOptions<R> = {}) {
    checkOptions("SmoothL1Loss", options, SMOOTH_L1_LOSS_OPTIONS);
    const beta = options.beta ?? 1;
    if (!(beta >= 0)) throw new Error("smooth_l1_loss does not support negative values for beta.");
    super(options, "smoothL1", beta);
    this.beta = beta;
  }

  override gradFnName(): string {
    return "SmoothL1LossBackward0";
  }
}
