import type { ParamsInput, ParamGroup } from "./optimizer.js";
import { Adam } from "./adam.js";
import type { AdamOptions } from "./adam.js";

/**
 * AdamW, as `torch.optim.AdamW`: Adam with decoupled weight decay, which
 * shrinks the parameter by `1 − lr·weightDecay` before the Adam update
 * instead of adding an L2 penalty to the gradient. `weightDecay` defaults to
 * 1e-2; the other options and their defaults are Adam's.
 */
export class AdamW extends Adam {
  constructor(params: ParamsInput<AdamOptions>, options: AdamOptions = {}) {
    super(params, { ...options, weightDecay: options.weightDecay ?? 1e-2 });
  }

  protected override optionsName(): string {
    return "AdamW";
  }

  protected override l2Penalty(): number {
    return 0;
  }

  protected override paramScale(g: ParamGroup): number {
    return 1 - g.lr * (g.weightDecay as number);
  }
}
