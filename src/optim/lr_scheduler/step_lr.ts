import type { Optimizer } from "../optimizer.js";
import { pow } from "../../runtime/math.js";
import { LRScheduler } from "./scheduler.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of `StepLR`. */
export interface StepLROptions {
  /** Period of the decay, in epochs. */
  stepSize: number;
  /** Multiplicative decay. Default 0.1. */
  gamma?: number;
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

const STEP_LR_OPTIONS = optionNames<StepLROptions>({ stepSize: true, gamma: true, lastEpoch: true });

/** `lr = initialLr · gamma^⌊epoch / stepSize⌋` (`torch.optim.lr_scheduler.StepLR`). */
export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;

  constructor(optimizer: Optimizer, options: StepLROptions) {
    checkOptions("StepLR", options, STEP_LR_OPTIONS, ["stepSize"]);
    super(optimizer);
    this.stepSize = options.stepSize;
    this.gamma = options.gamma ?? 0.1;
    this.start(options.lastEpoch ?? -1);
  }

  protected groupLr(i: number): number {
    const lr = this.optimizer.paramGroups[i].lr;
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return lr;
    return lr * this.gamma;
  }

  protected override closedFormLr(i: number): number {
    return this.baseLrs[i] * pow(this.gamma, Math.floor(this.lastEpoch / this.stepSize));
  }
}
