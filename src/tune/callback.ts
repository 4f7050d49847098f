import type { Callback, Logs } from "../train/callback.js";
import { monitored } from "../train/callback.js";
import { TrialPruned } from "./errors.js";

/** What PruningCallback needs of a trial (a `Trial`, or the trial a worker's objective gets). */
export interface ReportingTrial {
  report(value: number, step: number): void;
  shouldPrune(): boolean;
}

/**
 * A `fit()` callback that reports a logged value (e.g. `"val_auc"`) to the
 * trial at the end of every epoch, with the 0-based epoch as the step, and
 * throws `TrialPruned` when the study's pruner says so. The throw ends
 * `fit()`, and the objective lets it propagate, so the trial ends as PRUNED
 * (Optuna's framework integration callbacks).
 */
export class PruningCallback implements Callback {
  readonly trial: ReportingTrial;
  readonly monitor: string;

  constructor(trial: ReportingTrial, monitor: string) {
    if (typeof trial?.report !== "function" || typeof trial.shouldPrune !== "function") throw new TypeError("PruningCallback: the first argument must be the trial");
    if (typeof monitor !== "string") throw new TypeError(`PruningCallback: monitor must be a logged value's name such as "val_loss", got ${String(monitor)}`);
    this.trial = trial;
    this.monitor = monitor;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    this.trial.report(monitored(logs, this.monitor, "PruningCallback"), epoch);
    if (this.trial.shouldPrune()) throw new TrialPruned(`Trial was pruned at epoch ${epoch}.`);
  }
}
