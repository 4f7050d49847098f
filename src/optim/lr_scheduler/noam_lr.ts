import type { Optimizer } from "../optimizer.js";
import { pow } from "../../runtime/math.js";
import { LRScheduler } from "./scheduler.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of `NoamLR`. */
export interface NoamLROptions {
  /** The model's embedding width d_model. */
  modelSize: number;
  /** Steps of linear warmup before the inverse-square-root decay. */
  warmup: number;
  /** Overall scale. Default 1. */
  factor?: number;
  /** Index of the last step when resuming. Default -1. */
  lastEpoch?: number;
}

const NOAM_LR_OPTIONS = optionNames<NoamLROptions>({ modelSize: true, warmup: true, factor: true, lastEpoch: true });

/**
 * The Transformer ("Attention Is All You Need") schedule:
 * `lr = factor · modelSize^−0.5 · min(step^−0.5, step · warmup^−1.5)` with
 * `step = lastEpoch + 1`, so the first step is 1. It rises linearly for
 * `warmup` steps and then decays as `1/√step`. The optimizer's own lr is
 * ignored: every group gets this value.
 */
export class NoamLR extends LRScheduler {
  modelSize: number;
  warmup: number;
  factor: number;

  /** Counted in optimizer steps, so `fit` steps it after every batch. */
  override get interval(): "batch" {
    return "batch";
  }

  constructor(optimizer: Optimizer, options: NoamLROptions) {
    checkOptions("NoamLR", options, NOAM_LR_OPTIONS, ["modelSize", "warmup"]);
    super(optimizer);
    const { modelSize, warmup, factor = 1 } = options;
    if (!(modelSize > 0)) throw new RangeError(`Expected positive modelSize, but got ${modelSize}`);
    if (!(warmup > 0) || !Number.isInteger(warmup)) throw new RangeError(`Expected positive integer warmup, but got ${warmup}`);
    if (!(factor > 0)) throw new RangeError(`Expected positive factor, but got ${factor}`);
    this.modelSize = modelSize;
    this.warmup = warmup;
    this.factor = factor;
    this.start(options.lastEpoch ?? -1);
  }

  protected groupLr(): number {
    const step = this.lastEpoch + 1;
    return this.factor * pow(this.modelSize, -0.5) * Math.min(pow(step, -0.5), step * pow(this.warmup, -1.5));
  }
}
