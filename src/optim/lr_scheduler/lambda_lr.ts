import type { Optimizer } from "../optimizer.js";
import { LambdaScheduler, type LambdaLROptions } from "./lambda_scheduler.js";

/** `lr = initialLr · lrLambda(epoch)` (`torch.optim.lr_scheduler.LambdaLR`). */
export class LambdaLR extends LambdaScheduler {
  constructor(optimizer: Optimizer, options: LambdaLROptions) {
    super(optimizer, options, "LambdaLR");
  }

  protected groupLr(i: number): number {
    return this.baseLrs[i] * this.lrLambdas[i](this.lastEpoch);
  }
}
