import type { Optimizer } from "../optimizer.js";
import { cos } from "../../runtime/math.js";
import { LRScheduler } from "./scheduler.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of `CosineAnnealingLR`. */
export interface CosineAnnealingLROptions {
  /** Half-period of the cosine, in epochs. */
  tMax: number;
  /** Minimum lr. Default 0. */
  etaMin?: number;
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

const COSINE_ANNEALING_LR_OPTIONS = optionNames<CosineAnnealingLROptions>({ tMax: true, etaMin: true, lastEpoch: true });

/**
 * `lr = etaMin + (initialLr − etaMin) · (1 + cos(π · epoch / tMax)) / 2`, computed
 * recursively from the previous lr as PyTorch does (`torch.optim.lr_scheduler.CosineAnnealingLR`).
 * Past `tMax` the cosine continues, so the lr rises again.
 */
export class CosineAnnealingLR extends LRScheduler {
  tMax: number;
  etaMin: number;

  constructor(optimizer: Optimizer, options: CosineAnnealingLROptions) {
    checkOptions("CosineAnnealingLR", options, COSINE_ANNEALING_LR_OPTIONS, ["tMax"]);
    super(optimizer);
    this.tMax = options.tMax;
    this.etaMin = options.etaMin ?? 0;
    this.start(options.lastEpoch ?? -1);
  }

  protected groupLr(i: number): number {
    const { lastEpoch: t, tMax, etaMin } = this;
    const lr = this.optimizer.paramGroups[i].lr;
    const base = this.baseLrs[i];
    if (t === 0) return lr;
    if (this.stepCount === 1 && t > 0) return etaMin + ((base - etaMin) * (1 + cos((t * Math.PI) / tMax))) / 2;
    if ((t - 1 - tMax) % (2 * tMax) === 0) return lr + ((base - etaMin) * (1 - cos(Math.PI / tMax))) / 2;
    return ((1 + cos((Math.PI * t) / tMax)) / (1 + cos((Math.PI * (t - 1)) / tMax))) * (lr - etaMin) + etaMin;
  }

  protected override closedFormLr(i: number): number {
    const { lastEpoch: t, tMax, etaMin } = this;
    return etaMin + ((this.baseLrs[i] - etaMin) * (1 + cos((Math.PI * t) / tMax))) / 2;
  }
}
