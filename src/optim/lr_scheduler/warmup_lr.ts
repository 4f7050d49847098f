import type { Optimizer } from "../optimizer.js";
import { LinearLR } from "./linear_lr.js";
import type { LRScheduler } from "./scheduler.js";
import { SequentialLR } from "./sequential_lr.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of `WarmupLR`. */
export interface WarmupLROptions {
  /** Steps of linear warmup W (positive integer). */
  warmupSteps: number;
  /** Factor s of `initialLr` at step 0, in (0, 1]. Default 1/3. */
  startFactor?: number;
}

const WARMUP_LR_OPTIONS = optionNames<WarmupLROptions>({ warmupSteps: true, startFactor: true });

/**
 * Linear warmup in front of any scheduler:
 * `lr_t = initialLr · (s + (1 − s) · t / W)` for `t < W`; from `t = W` on,
 * `after` runs from its own epoch 0 (so `lr_W = initialLr`), i.e.
 * `lr_t = after's lr at epoch t − W`.
 *
 * Exactly PyTorch's `SequentialLR([LinearLR(start_factor=s, total_iters=W), after], milestones=[W])`;
 * construct `after` on the same optimizer first.
 */
export class WarmupLR extends SequentialLR {
  constructor(optimizer: Optimizer, options: WarmupLROptions, after: LRScheduler) {
    checkOptions("WarmupLR", options, WARMUP_LR_OPTIONS, ["warmupSteps"]);
    const { warmupSteps, startFactor = 1 / 3 } = options;
    if (!(warmupSteps > 0) || !Number.isInteger(warmupSteps)) {
      throw new RangeError(`Expected positive integer warmupSteps, but got ${warmupSteps}`);
    }
    if (!(startFactor > 0 && startFactor <= 1)) throw new RangeError(`Expected startFactor in (0, 1], but got ${startFactor}`);
    const warmup = new LinearLR(optimizer, { startFactor, endFactor: 1, totalIters: warmupSteps });
    super(optimizer, [warmup, after], { milestones: [warmupSteps] });
  }
}
