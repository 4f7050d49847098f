import { failStaleTrials } from "./storage/stale.js";
import { checkOptions } from "../options.js";
import { validateTrial } from "./create_trial.js";
import type { Distribution, ParamValue } from "./distributions.js";
import { alreadyEnqueued } from "./enqueue.js";
import type { FrozenTrial } from "./frozen_trial.js";
import { trialValue } from "./frozen_trial.js";
import { optimizeStudy } from "./optimize.js";
import type { Objective, OptimizeOptions } from "./optimize.js";
import { paretoFront } from "./pareto.js";
import type { Pruner } from "./pruners/pruner.js";
import type { Sampler, StudyView } from "./samplers/sampler.js";
import type { StudyDirection, TrialState } from "./state.js";
import type { Storage } from "./storage/storage.js";
import { tellTrial } from "./tell.js";
import type { TellArgument } from "./tell.js";
import { Trial } from "./trial.js";
import { trialsRows } from "./rows.js";
import type { TrialRow } from "./rows.js";

/** Options of `study.enqueueTrial`. */
export interface EnqueueTrialOptions {
  /** User attributes the trial starts with. */
  userAttrs?: Record<string, unknown>;
  /** Do nothing when a trial with the same parameters exists already. Default false. */
  skipIfExists?: boolean;
}

/**
 * A study: an optimisation of an objective over trials (Optuna's `Study`).
 * Create one with `tune.createStudy` or `tune.loadStudy`. The study owns its
 * sampler and pruner; its trials live in its storage.
 */
export class Study implements StudyView {
  readonly studyName: string;
  /** @internal */
  readonly studyId: number;
  /** @internal */
  readonly storage: Storage;
  readonly sampler: Sampler;
  readonly pruner: Pruner;
  readonly directions: readonly StudyDirection[];
  /** @internal Set by `stop()`, read by the optimisation loop. */
  stopFlag = false;
  /** @internal True while `optimize()` runs (Optuna refuses nested calls and `stop()` outside). */
  inOptimizeLoop = false;

  /** @internal Use `tune.createStudy` / `tune.loadStudy`. */
  constructor(studyName: string, storage: Storage, sampler: Sampler, pruner: Pruner) {
    this.studyName = studyName;
    this.storage = storage;
    this.studyId = storage.getStudyIdFromName(studyName);
    this.directions = storage.getStudyDirections(this.studyId);
    this.sampler = sampler;
    this.pruner = pruner;
  }

  /** The single direction; throws for multi-objective studies. */
  get direction(): StudyDirection {
    if (this.directions.length > 1) throw new Error("A single direction cannot be retrieved from a multi-objective study. Consider using Study.directions to retrieve a list containing all directions.");
    return this.directions[0];
  }

  /** All trials, in number order. */
  get trials(): readonly FrozenTrial[] {
    return this.getTrials();
  }

  /** Trials in number order, optionally only those in `states`. */
  getTrials(states?: readonly TrialState[]): readonly FrozenTrial[] {
    return this.storage.getAllTrials(this.studyId, states);
  }

  /** The best completed trial (the first, by number, among equals); throws when none has completed. */
  get bestTrial(): FrozenTrial {
    if (this.directions.length > 1) throw new Error("A single best trial cannot be retrieved from a multi-objective study. Consider using Study.bestTrials to retrieve a list containing the best trials.");
    const maximize = this.direction === "maximize";
    let best: FrozenTrial | undefined;
    for (const t of this.getTrials(["COMPLETE"])) {
      const v = trialValue(t)!;
      if (best === undefined || (maximize ? v > trialValue(best)! : v < trialValue(best)!)) best = t;
    }
    if (best === undefined) throw new Error("No trials are completed yet.");
    return best;
  }

  /** The best trial's value. */
  get bestValue(): number {
    return trialValue(this.bestTrial)!;
  }

  /** The best trial's parameters. */
  get bestParams(): Record<string, ParamValue> {
    return { ...this.bestTrial.params };
  }

  /** The Pareto front of the completed trials (every best trial of a multi-objective study). */
  get bestTrials(): FrozenTrial[] {
    return paretoFront(this.getTrials(), this.directions);
  }

  /** The study's user attributes. */
  get userAttrs(): Record<string, unknown> {
    return structuredClone(this.storage.getStudyUserAttrs(this.studyId));
  }

  setUserAttr(key: string, value: unknown): void {
    this.storage.setStudyUserAttr(this.studyId, key, value);
  }

  /** Record a system attribute of one of this study's trials (samplers and pruners keep their bookkeeping there, as in Optuna). */
  setTrialSystemAttr(trialId: number, key: string, value: unknown): void {
    this.storage.setTrialSystemAttr(trialId, key, value);
  }

  /**
   * Run trials: `objective(trial)` returns the value (or values), sync or
   * async; `throw new tune.TrialPruned()` prunes. A URL runs the objective
   * module's default export in `workers` worker threads (see docs/tuning.md).
   */
  optimize(objective: Objective | URL, options: OptimizeOptions = {}): Promise<void> {
    return optimizeStudy(this, objective, options);
  }

  /**
   * Start a trial without `optimize()` (Optuna's ask-and-tell): an enqueued
   * trial if one waits, else a new one. `fixedDistributions` are suggested at once.
   */
  ask(fixedDistributions: Record<string, Distribution> = {}): Trial {
    let trialId: number | undefined;
    for (const t of this.getTrials(["WAITING"])) {
      if (this.storage.setTrialStateValues(t.trialId, "RUNNING")) {
        trialId = t.trialId;
        break;
      }
    }
    trialId ??= this.storage.createNewTrial(this.studyId);
    this.sampler.beforeTrial?.(this, this.storage.getTrial(trialId));
    const trial = new Trial(this, trialId);
    for (const [name, d] of Object.entries(fixedDistributions)) trial.suggestDistribution(name, d);
    return trial;
  }

  /**
   * Finish a trial from `ask()` (or by number): `tell(trial, 0.93)`,
   * `tell(trial, [a, b])` or `tell(trial, { state: "PRUNED" })`. Returns the finished trial.
   */
  tell(trial: Trial | number, result?: TellArgument): FrozenTrial {
    if (result !== null && typeof result === "object" && !Array.isArray(result)) {
      checkOptions("tell", result, ["state", "values", "skipIfFinished"]);
      const o = result as { state?: TrialState; values?: number | readonly number[]; skipIfFinished?: boolean };
      return tellTrial(this, trial, o.values, o.state, o.skipIfFinished);
    }
    return tellTrial(this, trial, result, undefined);
  }

  /** Stop `optimize()` after the running trials end; only from an objective or a callback. */
  stop(): void {
    if (!this.inOptimizeLoop) throw new Error("`Study.stop` is supposed to be invoked inside an objective function or a callback.");
    this.stopFlag = true;
  }

  /**
   * Fail the study's RUNNING trials whose worker is gone (Optuna's
   * `fail_stale_trials`); returns their numbers. Which trials a storage can
   * tell are stale is storage-specific: a journal file knows the host and
   * process that started each trial, an `RDBStorage` with heartbeats the
   * trials whose heartbeat stopped (docs/tuning.md). The storage's failed-trial
   * callback (e.g. `RetryFailedTrialCallback`) runs on each.
   */
  failStaleTrials(): number[] {
    const failed = failStaleTrials(this.storage, this.studyId).map((id) => this.storage.getTrial(id));
    const callback = this.storage.getFailedTrialCallback?.() ?? null;
    if (callback !== null) for (const trial of failed) callback(this, trial);
    return failed.map((t) => t.number);
  }

  /** Queue a trial whose parameters are given (the sampler fills in any others). */
  enqueueTrial(params: Record<string, ParamValue>, options: EnqueueTrialOptions = {}): void {
    checkOptions("enqueueTrial", options, ["userAttrs", "skipIfExists"]);
    if (options.skipIfExists && alreadyEnqueued(this.getTrials(), params)) return;
    this.storage.createNewTrial(this.studyId, { state: "WAITING", systemAttrs: { fixed_params: { ...params } }, userAttrs: options.userAttrs ?? {} });
  }

  /** Add a finished (or waiting) trial made with `tune.createTrial`. */
  addTrial(trial: FrozenTrial): void {
    validateTrial(trial);
    this.storage.createNewTrial(this.studyId, trial);
  }

  /** Add several trials (Optuna's `add_trials`). */
  addTrials(trials: Iterable<FrozenTrial>): void {
    for (const t of trials) this.addTrial(t);
  }

  /** One flat row per trial with Optuna's `trials_dataframe()` columns; `tune.rowsToCsv` writes them. */
  trialsRows(): TrialRow[] {
    return trialsRows(this.getTrials(), this.directions.length);
  }
}
