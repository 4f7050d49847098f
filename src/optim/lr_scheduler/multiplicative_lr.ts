import type { Optimizer } from "../optimizer.js";
import { LambdaScheduler, type LambdaLROptions } from "./lambda_scheduler.js";

/** `lr_t = lr_{t-1} · lrLambda(t)` for t > 0 (`torch.optim.lr_scheduler.MultiplicativeLR`). */
export class MultiplicativeLR extends LambdaScheduler {
  constructor(optimizer: Optimizer, options: LambdaLROptions) {
    super(optimizer, options, "MultiplicativeLR");
  }

  protected groupLr(i: number): number {
    const lr = this.optimizer.paramGroups[i].lr;
    return this.lastEpoch > 0 ? lr * this.lrLambdas[i](this.lastEpoch) : lr;
  }
}
