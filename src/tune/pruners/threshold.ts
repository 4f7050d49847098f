import { checkOptions } from "../../options.js";
import type { FrozenTrial } from "../frozen_trial.js";
import { lastStep } from "../frozen_trial.js";
import type { Pruner } from "./pruner.js";
import { checkWarmupInterval, isFirstInIntervalStep } from "./interval.js";

/** Options of {@link ThresholdPruner}: at least one of `lower` and `upper`. */
export interface ThresholdPrunerOptions {
  /** Prune when the latest value falls below this. */
  lower?: number;
  /** Prune when the latest value rises above this. */
  upper?: number;
  /** No pruning before this step. Default 0. */
  nWarmupSteps?: number;
  /** Steps between checks, counted from the warm-up. Default 1. */
  intervalSteps?: number;
}

function checkValue(value: unknown): number {
  if (typeof value !== "number") throw new TypeError(`The \`value\` argument is of type '${typeof value}' but supposed to be a float.`);
  return value;
}

/** Prune a trial whose latest intermediate value leaves `[lower, upper]` or is NaN (Optuna's `ThresholdPruner`). */
export class ThresholdPruner implements Pruner {
  readonly lower: number;
  readonly upper: number;
  readonly nWarmupSteps: number;
  readonly intervalSteps: number;

  constructor(options: ThresholdPrunerOptions) {
    checkOptions("ThresholdPruner", options, ["lower", "upper", "nWarmupSteps", "intervalSteps"]);
    if (options?.lower == null && options?.upper == null) throw new TypeError("Either lower or upper must be specified.");
    this.lower = options.lower == null ? -Infinity : checkValue(options.lower);
    this.upper = options.upper == null ? Infinity : checkValue(options.upper);
    if (this.lower > this.upper) throw new RangeError("lower should be smaller than upper.");
    this.nWarmupSteps = options.nWarmupSteps ?? 0;
    this.intervalSteps = options.intervalSteps ?? 1;
    checkWarmupInterval(this.nWarmupSteps, this.intervalSteps);
  }

  prune(_study: unknown, trial: FrozenTrial): boolean {
    const step = lastStep(trial);
    if (step === null || step < this.nWarmupSteps) return false;
    if (!isFirstInIntervalStep(step, trial.intermediateValues.keys(), this.nWarmupSteps, this.intervalSteps)) return false;
    const latest = trial.intermediateValues.get(step)!;
    return Number.isNaN(latest) || latest < this.lower || latest > this.upper;
  }
}
