import type { Optimizer } from "../optimizer.js";
import { pow } from "../../runtime/math.js";
import { LRScheduler } from "./scheduler.js";
import { bisectRight } from "./util.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of `MultiStepLR`. */
export interface MultiStepLROptions {
  /** Epochs at which the lr is multiplied by `gamma` (a repeated milestone applies gamma repeatedly). */
  milestones: readonly number[];
  /** Multiplicative decay. Default 0.1. */
  gamma?: number;
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

const MULTI_STEP_LR_OPTIONS = optionNames<MultiStepLROptions>({ milestones: true, gamma: true, lastEpoch: true });

/** `lr = initialLr · gamma^(number of milestones <= epoch)` (`torch.optim.lr_scheduler.MultiStepLR`). */
export class MultiStepLR extends LRScheduler {
  /** Ascending, with repeats kept (PyTorch's `Counter`). */
  milestones: number[];
  gamma: number;

  constructor(optimizer: Optimizer, options: MultiStepLROptions) {
    checkOptions("MultiStepLR", options, MULTI_STEP_LR_OPTIONS, ["milestones"]);
    super(optimizer);
    this.milestones = options.milestones.slice().sort((a, b) => a - b);
    this.gamma = options.gamma ?? 0.1;
    this.start(options.lastEpoch ?? -1);
  }

  protected groupLr(i: number): number {
    const lr = this.optimizer.paramGroups[i].lr;
    let hits = 0;
    for (const m of this.milestones) if (m === this.lastEpoch) hits++;
    return hits === 0 ? lr : lr * pow(this.gamma, hits);
  }

  protected override closedFormLr(i: number): number {
    return this.baseLrs[i] * pow(this.gamma, bisectRight(this.milestones, this.lastEpoch));
  }
}
