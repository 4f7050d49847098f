import type { Optimizer } from "../optimizer.js";
import { pow } from "../../runtime/math.js";
import { LRScheduler } from "./scheduler.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of `PolynomialLR`. */
export interface PolynomialLROptions {
  /** Epochs over which the lr decays to 0. Default 5. */
  totalIters?: number;
  /** Power of the polynomial. Default 1. */
  power?: number;
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

const POLYNOMIAL_LR_OPTIONS = optionNames<PolynomialLROptions>({ totalIters: true, power: true, lastEpoch: true });

/** `lr = initialLr · (1 − min(epoch, totalIters) / totalIters)^power` (`torch.optim.lr_scheduler.PolynomialLR`). */
export class PolynomialLR extends LRScheduler {
  totalIters: number;
  power: number;

  constructor(optimizer: Optimizer, options: PolynomialLROptions = {}) {
    checkOptions("PolynomialLR", options, POLYNOMIAL_LR_OPTIONS);
    super(optimizer);
    this.totalIters = options.totalIters ?? 5;
    this.power = options.power ?? 1.0;
    this.start(options.lastEpoch ?? -1);
  }

  protected groupLr(i: number): number {
    const lr = this.optimizer.paramGroups[i].lr;
    const t = this.lastEpoch;
    if (t === 0 || t > this.totalIters) return lr;
    const decay = pow((1.0 - t / this.totalIters) / (1.0 - (t - 1) / this.totalIters), this.power);
    return lr * decay;
  }

  protected override closedFormLr(i: number): number {
    return this.baseLrs[i] * pow(1.0 - Math.min(this.totalIters, this.lastEpoch) / this.totalIters, this.power);
  }
}
