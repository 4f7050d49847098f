import type { Optimizer } from "../optimizer.js";
import { pow } from "../../runtime/math.js";
import { LRScheduler } from "./scheduler.js";
import { perGroup } from "./util.js";
import { checkOptions, optionNames } from "../../options.js";

/** Built-in amplitude policies of `CyclicLR`. */
export type CyclicMode = "triangular" | "triangular2" | "exp_range";

/** Options of `CyclicLR`. */
export interface CyclicLROptions {
  /** Lower lr boundary, per group or for all. */
  baseLr: number | readonly number[];
  /** Upper lr boundary, per group or for all. */
  maxLr: number | readonly number[];
  /** Iterations in the rising half of a cycle. Default 2000. */
  stepSizeUp?: number;
  /** Iterations in the falling half. Default `stepSizeUp`. */
  stepSizeDown?: number;
  /** Amplitude policy; ignored when `scaleFn` is given. Default `"triangular"`. */
  mode?: CyclicMode;
  /** Base of the `exp_range` amplitude `gamma^iteration`. Default 1. */
  gamma?: number;
  /** Custom amplitude scale in [0, 1]; replaces `mode`. Not saved by `stateDict()`. */
  scaleFn?: (x: number) => number;
  /** Whether `scaleFn` receives the cycle number or the iteration. Default `"cycle"`. */
  scaleMode?: "cycle" | "iterations";
  /** Cycle the group's `momentum` inversely to the lr. Default true. */
  cycleMomentum?: boolean;
  /** Momentum at the lr peak. Default 0.8. */
  baseMomentum?: number | readonly number[];
  /** Momentum at the cycle start. Default 0.9. */
  maxMomentum?: number | readonly number[];
  /** Index of the last batch when resuming. Default -1. */
  lastEpoch?: number;
}

const CYCLIC_LR_OPTIONS = optionNames<CyclicLROptions>({ baseLr: true, maxLr: true, stepSizeUp: true, stepSizeDown: true, mode: true, gamma: true, scaleFn: true, scaleMode: true, cycleMomentum: true, baseMomentum: true, maxMomentum: true, lastEpoch: true });

/**
 * Cyclical learning rates (`torch.optim.lr_scheduler.CyclicLR`): with
 * `cycle = ⌊1 + t / (up + down)⌋`, `x = 1 + t / (up + down) − cycle` and
 * `s = x / r` while `x <= r = up / (up + down)`, else `(x − 1) / (r − 1)`:
 * `lr = baseLr + (maxLr − baseLr) · s · scale`, where `scale` is 1
 * (triangular), `1 / 2^(cycle−1)` (triangular2) or `gamma^t` (exp_range).
 * Momentum moves the opposite way: `maxMomentum − (maxMomentum − baseMomentum) · s · scale`.
 */
export class CyclicLR extends LRScheduler {
  maxLrs: number[];
  totalSize: number;
  stepRatio: number;
  mode: CyclicMode;
  gamma: number;
  scaleMode: "cycle" | "iterations";
  cycleMomentum: boolean;
  baseMomentums: number[] = [];
  maxMomentums: number[] = [];
  private readonly customScaleFn?: (x: number) => number;

  /** Counted in optimizer steps, so `fit` steps it after every batch. */
  override get interval(): "batch" {
    return "batch";
  }

  constructor(optimizer: Optimizer, options: CyclicLROptions) {
    checkOptions("CyclicLR", options, CYCLIC_LR_OPTIONS, ["baseLr", "maxLr"]);
    super(optimizer);
    const n = optimizer.paramGroups.length;
    const mismatch = (name: string) => (got: number) => `expected ${n} values for ${name}, got ${got}`;
    const lastEpoch = options.lastEpoch ?? -1;
    const baseLrs = perGroup(optimizer, options.baseLr, mismatch("base_lr"));
    if (lastEpoch === -1) optimizer.paramGroups.forEach((g, i) => (g.lr = baseLrs[i]));
    this.maxLrs = perGroup(optimizer, options.maxLr, mismatch("max_lr"));

    const up = options.stepSizeUp ?? 2000;
    const down = options.stepSizeDown ?? up;
    this.totalSize = up + down;
    this.stepRatio = up / this.totalSize;

    const mode = options.mode ?? "triangular";
    if (!["triangular", "triangular2", "exp_range"].includes(mode) && options.scaleFn === undefined) {
      throw new RangeError("mode is invalid and scale_fn is None");
    }
    this.mode = mode;
    this.gamma = options.gamma ?? 1.0;
    this.customScaleFn = options.scaleFn;
    if (options.scaleFn !== undefined) this.scaleMode = options.scaleMode ?? "cycle";
    else this.scaleMode = mode === "exp_range" ? "iterations" : "cycle";

    this.cycleMomentum = options.cycleMomentum ?? true;
    if (this.cycleMomentum) {
      if (!("momentum" in optimizer.defaults)) throw new Error("optimizer must support momentum with `cycle_momentum` option enabled");
      const baseMomentums = perGroup(optimizer, options.baseMomentum ?? 0.8, mismatch("base_momentum"));
      if (lastEpoch === -1) optimizer.paramGroups.forEach((g, i) => (g.momentum = baseMomentums[i]));
      this.baseMomentums = optimizer.paramGroups.map((g) => g.momentum as number);
      this.maxMomentums = perGroup(optimizer, options.maxMomentum ?? 0.9, mismatch("max_momentum"));
    }
    this.start(lastEpoch);
    this.baseLrs = baseLrs;
  }

  /** The amplitude factor at cycle number or iteration `x`. */
  scaleFn(x: number): number {
    if (this.customScaleFn !== undefined) return this.customScaleFn(x);
    if (this.mode === "triangular2") return 1 / pow(2.0, x - 1);
    if (this.mode === "exp_range") return pow(this.gamma, x);
    return 1.0;
  }

  protected groupLr(i: number): number {
    const cycle = Math.floor(1 + this.lastEpoch / this.totalSize);
    const x = 1 + this.lastEpoch / this.totalSize - cycle;
    const rise = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const scale = this.scaleFn(this.scaleMode === "cycle" ? cycle : this.lastEpoch);
    if (this.cycleMomentum) {
      const maxM = this.maxMomentums[i];
      this.optimizer.paramGroups[i].momentum = maxM - (maxM - this.baseMomentums[i]) * rise * scale;
    }
    const base = this.baseLrs[i];
    return base + (this.maxLrs[i] - base) * rise * scale;
  }
}
