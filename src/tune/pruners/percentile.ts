import { checkOptions } from "../../options.js";
import type { FrozenTrial } from "../frozen_trial.js";
import { lastStep } from "../frozen_trial.js";
import type { StudyView } from "../samplers/sampler.js";
import type { Pruner } from "./pruner.js";
import { checkWarmupInterval, isFirstInIntervalStep } from "./interval.js";
import { nanExtreme, nanPercentile } from "./nan_stats.js";

/** Options of {@link PercentilePruner} and `MedianPruner`. */
export interface PercentilePrunerOptions {
  /** No pruning until this many trials have completed. Default 5. */
  nStartupTrials?: number;
  /** No pruning before this step. Default 0. */
  nWarmupSteps?: number;
  /** Steps between pruning checks, counted from the warm-up. Default 1. */
  intervalSteps?: number;
  /** Completed trials that must have reported at the step before a trial there can be pruned. Default 1. */
  nMinTrials?: number;
}

export const PERCENTILE_OPTIONS = ["nStartupTrials", "nWarmupSteps", "intervalSteps", "nMinTrials"];

/**
 * Prune a trial whose best intermediate value so far is worse than the given
 * percentile of the completed trials' values at the same step (Optuna's
 * `PercentilePruner`; `percentile` 25 keeps the top quarter).
 */
export class PercentilePruner implements Pruner {
  readonly percentile: number;
  readonly nStartupTrials: number;
  readonly nWarmupSteps: number;
  readonly intervalSteps: number;
  readonly nMinTrials: number;

  constructor(percentile: number, options: PercentilePrunerOptions = {}, who = "PercentilePruner") {
    checkOptions(who, options, PERCENTILE_OPTIONS);
    if (!(percentile >= 0 && percentile <= 100)) throw new RangeError(`Percentile must be between 0 and 100 inclusive but got ${percentile}.`);
    this.percentile = percentile;
    this.nStartupTrials = options.nStartupTrials ?? 5;
    this.nWarmupSteps = options.nWarmupSteps ?? 0;
    this.intervalSteps = options.intervalSteps ?? 1;
    this.nMinTrials = options.nMinTrials ?? 1;
    if (this.nStartupTrials < 0) throw new RangeError(`Number of startup trials cannot be negative but got ${this.nStartupTrials}.`);
    checkWarmupInterval(this.nWarmupSteps, this.intervalSteps);
    if (this.nMinTrials < 1) throw new RangeError(`Number of trials for pruning must be at least 1 but got ${this.nMinTrials}.`);
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    const completed = study.getTrials(["COMPLETE"]);
    if (completed.length === 0 || completed.length < this.nStartupTrials) return false;
    const step = lastStep(trial);
    if (step === null || step < this.nWarmupSteps) return false;
    if (!isFirstInIntervalStep(step, trial.intermediateValues.keys(), this.nWarmupSteps, this.intervalSteps)) return false;
    const maximize = study.direction === "maximize";
    const best = nanExtreme(trial.intermediateValues.values(), maximize);
    if (Number.isNaN(best)) return true;
    const atStep: number[] = [];
    for (const t of completed) {
      const v = t.intermediateValues.get(step);
      if (v !== undefined) atStep.push(v);
    }
    if (atStep.length < this.nMinTrials) return false;
    const p = nanPercentile(atStep, maximize ? 100 - this.percentile : this.percentile);
    if (Number.isNaN(p)) return false;
    return maximize ? best < p : best > p;
  }
}
