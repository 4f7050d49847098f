import { checkOptions } from "../../options.js";
import type { FrozenTrial } from "../frozen_trial.js";
import { lastStep } from "../frozen_trial.js";
import type { StudyDirection } from "../state.js";
import type { StudyView } from "../samplers/sampler.js";
import type { Pruner } from "./pruner.js";

/** Options of {@link SuccessiveHalvingPruner}. */
export interface SuccessiveHalvingPrunerOptions {
  /** Steps of the first rung, or "auto": 1% of the longest completed trial's last step (at least 1). Default "auto". */
  minResource?: number | "auto";
  /** Rung growth factor η: a rung is η times longer and keeps the top 1/η. Default 4. */
  reductionFactor?: number;
  /** Skips the first rungs: the first check is at `minResource·η^minEarlyStoppingRate`. Default 0. */
  minEarlyStoppingRate?: number;
  /** Trials that must have reached a rung before any trial there is promoted. Default 0. */
  bootstrapCount?: number;
}

/** The system attribute that records a trial's value on reaching a rung. */
function rungKey(rung: number): string {
  return `completed_rung_${rung}`;
}

/** Whether `value` is in the top `1/η` of the rung's values (Optuna's `_is_trial_promotable_to_next_rung`). */
function promotable(value: number, competing: number[], reductionFactor: number, direction: StudyDirection): boolean {
  let idx = Math.floor(competing.length / reductionFactor) - 1;
  if (idx === -1) idx = 0;
  // Python sorts floats with NaN left in place relative to comparisons; NaN values never reach here.
  competing.sort((a, b) => a - b);
  return direction === "maximize" ? value >= competing[competing.length - 1 - idx] : value <= competing[idx];
}

/**
 * Asynchronous Successive Halving (Optuna's `SuccessiveHalvingPruner`, ASHA):
 * a trial reaching rung r (step `minResource·η^(minEarlyStoppingRate+r)`)
 * continues only if its value there is in the top 1/η of all values recorded
 * at that rung so far. Each rung reached is recorded on the trial as the
 * system attribute `completed_rung_<r>`, as Optuna records it.
 */
export class SuccessiveHalvingPruner implements Pruner {
  readonly reductionFactor: number;
  readonly minEarlyStoppingRate: number;
  readonly bootstrapCount: number;
  private minResource: number | null;

  constructor(options: SuccessiveHalvingPrunerOptions = {}) {
    checkOptions("SuccessiveHalvingPruner", options, ["minResource", "reductionFactor", "minEarlyStoppingRate", "bootstrapCount"]);
    const minResource = options.minResource ?? "auto";
    this.reductionFactor = options.reductionFactor ?? 4;
    this.minEarlyStoppingRate = options.minEarlyStoppingRate ?? 0;
    this.bootstrapCount = options.bootstrapCount ?? 0;
    if (typeof minResource === "string" && minResource !== "auto") throw new RangeError(`The value of \`min_resource\` is ${minResource}, but must be either \`min_resource\` >= 1 or 'auto'`);
    if (typeof minResource === "number" && minResource < 1) throw new RangeError(`The value of \`min_resource\` is ${minResource}, but must be either \`min_resource >= 1\` or 'auto'`);
    if (this.reductionFactor < 2) throw new RangeError(`The value of \`reduction_factor\` is ${this.reductionFactor}, but must be \`reduction_factor >= 2\``);
    if (this.minEarlyStoppingRate < 0) throw new RangeError(`The value of \`min_early_stopping_rate\` is ${this.minEarlyStoppingRate}, but must be \`min_early_stopping_rate >= 0\``);
    if (this.bootstrapCount < 0) throw new RangeError(`The value of \`bootstrap_count\` is ${this.bootstrapCount}, but must be \`bootstrap_count >= 0\``);
    if (this.bootstrapCount > 0 && minResource === "auto") throw new RangeError(`bootstrap_count > 0 and min_resource == 'auto' are mutually incompatible, bootstrap_count is ${this.bootstrapCount}`);
    this.minResource = minResource === "auto" ? null : minResource;
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    const step = lastStep(trial);
    if (step === null) return false;
    let rung = 0;
    while (rungKey(rung) in trial.systemAttrs) rung++;
    const value = trial.intermediateValues.get(step)!;
    let trials: readonly FrozenTrial[] | null = null;
    for (;;) {
      if (this.minResource === null) {
        trials ??= study.getTrials();
        this.minResource = estimateMinResource(trials);
        if (this.minResource === null) return false;
      }
      if (step < this.minResource * this.reductionFactor ** (this.minEarlyStoppingRate + rung)) return false;
      if (Number.isNaN(value)) return true;
      // The list is taken before this rung is recorded (storages copy on write), so the trial is not counted twice.
      trials ??= study.getTrials();
      const key = rungKey(rung);
      study.setTrialSystemAttr(trial.trialId, key, value);
      const competing: number[] = [];
      for (const t of trials) if (key in t.systemAttrs) competing.push(t.systemAttrs[key] as number);
      competing.push(value);
      if (competing.length <= this.bootstrapCount) return true;
      if (!promotable(value, competing, this.reductionFactor, study.direction)) return true;
      rung++;
    }
  }
}

/** 1% of the longest completed trial's last step, at least 1; null before any trial completes with reports. */
function estimateMinResource(trials: readonly FrozenTrial[]): number | null {
  let last = -1;
  for (const t of trials) {
    const s = t.state === "COMPLETE" ? lastStep(t) : null;
    if (s !== null && s > last) last = s;
  }
  return last < 0 ? null : Math.max(Math.floor(last / 100), 1);
}
