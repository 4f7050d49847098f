import { KernelLoss } from "./kernel_loss.js";
import type { LossOptions, Reduction } from "./loss.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of {@link HuberLoss}. */
export interface HuberLossOptions<R extends Reduction> extends LossOptions<R> {
  /** Where the loss turns from quadratic to linear; must be positive (default 1). */
  delta?: number;
}

const HUBER_LOSS_OPTIONS = optionNames<HuberLossOptions<Reduction>>({ reduction: true, delta: true });

/**
 * `torch.nn.HuberLoss`: with z = |xᵢ − yᵢ|, ℓᵢ = ½z² if z < δ, else δ(z − ½δ).
 * Equals `SmoothL1Loss` with β = δ, multiplied by δ.
 */
export class HuberLoss<R extends Reduction = "mean"> extends KernelLoss<R> {
  protected readonly name = "HuberLoss";
  readonly delta: number;

  constructor(options: HuberLossOptions<R> = {}) {
    checkOptions("HuberLoss", options, HUBER_LOSS_OPTIONS);
    const delta = options.delta ?? 1;
    if (!(delta > 0)) throw new Error("huber_loss does not support non-positive values for delta.");
    super(options, "huber", delta);
    this.delta = delta;
  }

  override gradFnName(): string {
    return "HuberLossBackward0";
  }
}
