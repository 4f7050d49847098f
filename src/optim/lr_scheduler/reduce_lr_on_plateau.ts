import type { Tensor } from "../../tensor.js";
import type { Optimizer } from "../optimizer.js";
import { SchedulerBase } from "./scheduler_base.js";
import type { SchedulerState } from "./state.js";
import { perGroup, readLrs } from "./util.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of `ReduceLROnPlateau`. */
export interface ReduceLROnPlateauOptions {
  /** `"min"`: the metric should fall (a loss); `"max"`: it should rise (an accuracy). Default `"min"`. */
  mode?: "min" | "max";
  /** `newLr = lr · factor`, below 1. Default 0.1. */
  factor?: number;
  /** Epochs without improvement tolerated before reducing. Default 10. */
  patience?: number;
  /** Minimum change that counts as an improvement. Default 1e-4. */
  threshold?: number;
  /** `"rel"`: beyond `best · (1 ∓ threshold)`; `"abs"`: beyond `best ∓ threshold`. Default `"rel"`. */
  thresholdMode?: "rel" | "abs";
  /** Epochs to wait after a reduction before counting bad epochs again. Default 0. */
  cooldown?: number;
  /** Lower bound on the lr, per group or for all. Default 0. */
  minLr?: number | readonly number[];
  /** Reductions smaller than this are skipped. Default 1e-8. */
  eps?: number;
}

const REDUCE_LR_ON_PLATEAU_OPTIONS = optionNames<ReduceLROnPlateauOptions>({ mode: true, factor: true, patience: true, threshold: true, thresholdMode: true, cooldown: true, minLr: true, eps: true });

/**
 * Reduce the lr by `factor` once the metric passed to `step(metric)` has not
 * improved for more than `patience` epochs (`torch.optim.lr_scheduler.ReduceLROnPlateau`).
 * After a reduction, `cooldown` epochs pass before bad epochs count again.
 */
export class ReduceLROnPlateau extends SchedulerBase {
  factor: number;
  minLrs: number[];
  patience: number;
  cooldown: number;
  cooldownCounter = 0;
  mode: "min" | "max";
  threshold: number;
  thresholdMode: "rel" | "abs";
  best: number;
  numBadEpochs = 0;
  modeWorse: number;
  eps: number;
  lastEpoch = 0;

  constructor(optimizer: Optimizer, options: ReduceLROnPlateauOptions = {}) {
    checkOptions("ReduceLROnPlateau", options, REDUCE_LR_ON_PLATEAU_OPTIONS);
    super(optimizer);
    const factor = options.factor ?? 0.1;
    if (factor >= 1.0) throw new RangeError("Factor should be < 1.0.");
    this.factor = factor;
    const n = optimizer.paramGroups.length;
    this.minLrs = perGroup(optimizer, options.minLr ?? 0, (got) => `expected ${n} min_lrs, got ${got}`);
    this.patience = options.patience ?? 10;
    this.cooldown = options.cooldown ?? 0;
    this.mode = options.mode ?? "min";
    this.threshold = options.threshold ?? 1e-4;
    this.thresholdMode = options.thresholdMode ?? "rel";
    this.eps = options.eps ?? 1e-8;
    this.modeWorse = this.checkModes();
    this.best = this.modeWorse;
    readLrs(optimizer, this.lastLr);
  }

  private checkModes(): number {
    if (this.mode !== "min" && this.mode !== "max") throw new RangeError(`mode ${this.mode} is unknown!`);
    if (this.thresholdMode !== "rel" && this.thresholdMode !== "abs") {
      throw new RangeError(`threshold mode ${this.thresholdMode} is unknown!`);
    }
    return this.mode === "min" ? Infinity : -Infinity;
  }

  /** True while waiting out the cooldown after a reduction. */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /** Whether metric `a` improves on `best` by more than the threshold. */
  isBetter(a: number, best: number): boolean {
    if (this.mode === "min" && this.thresholdMode === "rel") return a < best * (1 - this.threshold);
    if (this.mode === "min") return a < best - this.threshold;
    if (this.thresholdMode === "rel") return a > best * (this.threshold + 1);
    return a > best + this.threshold;
  }

  /** Report this epoch's metric (a number or a one-element tensor); reduces the lr when it has plateaued. */
  step(metric: number | Tensor, epoch?: number): void {
    const current = typeof metric === "number" ? metric : metric.item();
    this.lastEpoch = epoch ?? this.lastEpoch + 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    readLrs(this.optimizer, this.lastLr);
  }

  private reduceLr(): void {
    this.optimizer.paramGroups.forEach((g, i) => {
      const newLr = Math.max(g.lr * this.factor, this.minLrs[i]);
      if (g.lr - newLr > this.eps) g.lr = newLr;
    });
  }

  override loadStateDict(state: SchedulerState): void {
    super.loadStateDict(state);
    this.checkModes();
  }
}
