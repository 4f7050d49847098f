import type { Optimizer } from "../optimizer.js";
import { LRScheduler } from "./scheduler.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of `LinearLR`. */
export interface LinearLROptions {
  /** Factor at epoch 0, in [0, 1]. Default 1/3. */
  startFactor?: number;
  /** Factor from `totalIters` on, in [0, 1]. Default 1. */
  endFactor?: number;
  /** Epochs over which the factor moves linearly. Default 5. */
  totalIters?: number;
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

const LINEAR_LR_OPTIONS = optionNames<LinearLROptions>({ startFactor: true, endFactor: true, totalIters: true, lastEpoch: true });

/**
 * `lr = initialLr · (startFactor + (endFactor − startFactor) · min(epoch, totalIters) / totalIters)`
 * (`torch.optim.lr_scheduler.LinearLR`).
 */
export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;

  constructor(optimizer: Optimizer, options: LinearLROptions = {}) {
    checkOptions("LinearLR", options, LINEAR_LR_OPTIONS);
    super(optimizer);
    const startFactor = options.startFactor ?? 1 / 3;
    const endFactor = options.endFactor ?? 1.0;
    if (startFactor > 1.0 || startFactor < 0) throw new RangeError("Starting multiplicative factor expected to be between 0 and 1.");
    if (endFactor > 1.0 || endFactor < 0) throw new RangeError("Ending multiplicative factor expected to be between 0 and 1.");
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = options.totalIters ?? 5;
    this.start(options.lastEpoch ?? -1);
  }

  protected groupLr(i: number): number {
    const lr = this.optimizer.paramGroups[i].lr;
    if (this.lastEpoch === 0) return lr * this.startFactor;
    if (this.lastEpoch > this.totalIters) return lr;
    const span = this.endFactor - this.startFactor;
    return lr * (1 + span / (this.totalIters * this.startFactor + (this.lastEpoch - 1) * span));
  }

  protected override closedFormLr(i: number): number {
    const span = this.endFactor - this.startFactor;
    return this.baseLrs[i] * (this.startFactor + (span * Math.min(this.totalIters, this.lastEpoch)) / this.totalIters);
  }
}
