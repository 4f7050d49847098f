import type { Optimizer } from "../optimizer.js";
import { pow } from "../../runtime/math.js";
import { LRScheduler } from "./scheduler.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of `ExponentialLR`. */
export interface ExponentialLROptions {
  /** Multiplicative decay per epoch. */
  gamma: number;
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

const EXPONENTIAL_LR_OPTIONS = optionNames<ExponentialLROptions>({ gamma: true, lastEpoch: true });

/** `lr = initialLr · gamma^epoch` (`torch.optim.lr_scheduler.ExponentialLR`). */
export class ExponentialLR extends LRScheduler {
  gamma: number;

  constructor(optimizer: Optimizer, options: ExponentialLROptions) {
    checkOptions("ExponentialLR", options, EXPONENTIAL_LR_OPTIONS, ["gamma"]);
    super(optimizer);
    this.gamma = options.gamma;
    this.start(options.lastEpoch ?? -1);
  }

  protected groupLr(i: number): number {
    const lr = this.optimizer.paramGroups[i].lr;
    return this.lastEpoch === 0 ? lr : lr * this.gamma;
  }

  protected override closedFormLr(i: number): number {
    return this.baseLrs[i] * pow(this.gamma, this.lastEpoch);
  }
}
