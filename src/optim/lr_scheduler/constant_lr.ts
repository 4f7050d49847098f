import type { Optimizer } from "../optimizer.js";
import { LRScheduler } from "./scheduler.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of `ConstantLR`. */
export interface ConstantLROptions {
  /** Factor applied until `totalIters`, in [0, 1]. Default 1/3. */
  factor?: number;
  /** Epochs during which the factor applies. Default 5. */
  totalIters?: number;
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

const CONSTANT_LR_OPTIONS = optionNames<ConstantLROptions>({ factor: true, totalIters: true, lastEpoch: true });

/** `lr = initialLr · factor` while epoch < totalIters, then `initialLr` (`torch.optim.lr_scheduler.ConstantLR`). */
export class ConstantLR extends LRScheduler {
  factor: number;
  totalIters: number;

  constructor(optimizer: Optimizer, options: ConstantLROptions = {}) {
    checkOptions("ConstantLR", options, CONSTANT_LR_OPTIONS);
    super(optimizer);
    const factor = options.factor ?? 1 / 3;
    if (factor > 1.0 || factor < 0) throw new RangeError("Constant multiplicative factor expected to be between 0 and 1.");
    this.factor = factor;
    this.totalIters = options.totalIters ?? 5;
    this.start(options.lastEpoch ?? -1);
  }

  protected groupLr(i: number): number {
    const lr = this.optimizer.paramGroups[i].lr;
    if (this.lastEpoch === 0) return lr * this.factor;
    if (this.lastEpoch !== this.totalIters) return lr;
    return lr * (1.0 / this.factor);
  }

  protected override closedFormLr(i: number): number {
    const done = this.lastEpoch >= this.totalIters ? 1 : 0;
    return this.baseLrs[i] * (this.factor + done * (1 - this.factor));
  }
}
