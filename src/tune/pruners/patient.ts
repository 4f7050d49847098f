import { checkOptions } from "../../options.js";
import type { FrozenTrial } from "../frozen_trial.js";
import type { StudyView } from "../samplers/sampler.js";
import type { Pruner } from "./pruner.js";
import { nanExtreme } from "./nan_stats.js";

/** Options of {@link PatientPruner}. */
export interface PatientPrunerOptions {
  /** Steps without improvement tolerated before pruning is considered. Required. */
  patience: number;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
}

/**
 * Consider pruning only once a trial has not improved for `patience`
 * reports, then defer to the wrapped pruner, or prune when there is none
 * (Optuna's `PatientPruner`).
 */
export class PatientPruner implements Pruner {
  readonly wrappedPruner: Pruner | null;
  readonly patience: number;
  readonly minDelta: number;

  constructor(wrappedPruner: Pruner | null, options: PatientPrunerOptions) {
    checkOptions("PatientPruner", options, ["patience", "minDelta"]);
    this.wrappedPruner = wrappedPruner;
    this.patience = options?.patience;
    this.minDelta = options.minDelta ?? 0;
    if (!Number.isInteger(this.patience)) throw new TypeError(`patience must be an integer but got ${String(this.patience)}.`);
    if (this.patience < 0) throw new RangeError(`patience cannot be negative but got ${this.patience}.`);
    if (this.minDelta < 0) throw new RangeError(`min_delta cannot be negative but got ${this.minDelta}.`);
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    if (trial.intermediateValues.size <= this.patience + 1) return false;
    const steps = [...trial.intermediateValues.keys()].sort((a, b) => a - b);
    const cut = steps.length - this.patience - 1;
    const value = (s: number) => trial.intermediateValues.get(s)!;
    const before = steps.slice(0, cut).map(value);
    const after = steps.slice(cut).map(value);
    const maybePrune =
      study.direction === "minimize"
        ? nanExtreme(before, false) + this.minDelta < nanExtreme(after, false)
        : nanExtreme(before, true) - this.minDelta > nanExtreme(after, true);
    if (!maybePrune) return false;
    return this.wrappedPruner === null ? true : this.wrappedPruner.prune(study, trial);
  }
}
