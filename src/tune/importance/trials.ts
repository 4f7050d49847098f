// What every importance evaluator reads of a study, as Optuna's
// optuna/importance/_base.py selects it: the completed trials, the search
// space to assess (the intersection of their distributions, or the given
// parameters' common distributions), the trials holding all of it with a
// finite target, and the target values.

import { distributionEquals, type Distribution } from "../distributions.js";
import { trialValue, type FrozenTrial } from "../frozen_trial.js";
import type { StudyDirection, TrialState } from "../state.js";

/** What importance reads of a study (a `Study` or any `StudyView` has it). */
export interface ImportanceStudy {
  readonly directions: readonly StudyDirection[];
  /** Trials in number order, optionally only those in `states`. */
  getTrials(states?: readonly TrialState[]): readonly FrozenTrial[];
}

/** A study, or just its trials (then read as a minimised study: single-objective unless a trial has several values). */
export type StudyLike = ImportanceStudy | readonly FrozenTrial[];

/** The target of an importance: the objective value unless given. */
export type Target = (trial: FrozenTrial) => number;

/** Python's repr of a list of names, for Optuna's error messages. */
export function pyList(names: readonly string[]): string {
  return `[${names.map((n) => `'${n}'`).join(", ")}]`;
}

/** `study` itself, or a trial list as a minimised study (multi-objective when a trial has several values). */
export function asStudy(study: StudyLike): ImportanceStudy {
  if (!Array.isArray(study)) return study as ImportanceStudy;
  const trials = study as readonly FrozenTrial[];
  const n = Math.max(1, ...trials.map((t) => t.values?.length ?? 1));
  return {
    directions: Array<StudyDirection>(n).fill("minimize"),
    getTrials: (states) => (states === undefined ? trials : trials.filter((t) => states.includes(t.state))),
  };
}

/** Parameters every trial suggested with the same distribution, sorted by name (Optuna's intersection search space over finished trials). */
function intersection(trials: readonly FrozenTrial[]): Record<string, Distribution> {
  let space: [string, Distribution][] | null = null;
  for (const t of trials) {
    const d = t.distributions;
    space = space === null ? Object.entries(d) : space.filter(([name, dist]) => d[name] !== undefined && distributionEquals(d[name], dist));
  }
  return Object.fromEntries((space ?? []).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Optuna's `_check_evaluate_args`. */
function checkArgs(completed: readonly FrozenTrial[], params: readonly string[] | undefined): void {
  if (completed.length === 0) throw new RangeError("Cannot evaluate parameter importances without completed trials.");
  if (completed.length === 1) throw new RangeError("Cannot evaluate parameter importances with only a single trial.");
  if (params === undefined) return;
  if (!Array.isArray(params)) throw new TypeError(`Parameters must be specified as a list. Actual parameters: ${String(params)}.`);
  if (params.some((p) => typeof p !== "string")) {
    throw new TypeError(`Parameters must be specified by their names with strings. Actual parameters: ${String(params)}.`);
  }
  if (params.length > 0 && !completed.some((t) => params.every((p) => p in t.distributions))) {
    throw new RangeError(`Study must contain completed trials with all specified parameters. Specified parameters: ${pyList(params)}.`);
  }
}

/**
 * The distributions to assess, sorted by name (Optuna's `_get_distributions`):
 * without `params`, those every completed trial suggested identically; with
 * `params`, theirs in the completed trials that suggested them all, which
 * must agree.
 */
export function assessedDistributions(study: ImportanceStudy, params: readonly string[] | undefined): Record<string, Distribution> {
  const completed = study.getTrials(["COMPLETE"]);
  checkArgs(completed, params);
  if (params === undefined) return intersection(completed);
  let space: Record<string, Distribution> | null = null;
  for (const t of completed) {
    if (!params.every((p) => p in t.distributions)) continue;
    if (space === null) {
      space = Object.fromEntries(Object.entries(t.distributions).filter(([name]) => params.includes(name)));
      continue;
    }
    for (const [name, d] of Object.entries(space)) {
      if (!distributionEquals(t.distributions[name], d)) {
        throw new RangeError(`Parameters importances cannot be assessed with dynamic search spaces if parameters are specified. Specified parameters: ${pyList(params)}.`);
      }
    }
  }
  return Object.fromEntries(Object.entries(space ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The target value of a trial: `target(trial)` or its (single) objective value. */
export function targetValue(trial: FrozenTrial, target: Target | undefined): number {
  return target !== undefined ? target(trial) : (trialValue(trial) as number);
}

/** Completed trials that suggested every name in `params` and have a finite target (Optuna's `_get_filtered_trials`). */
export function filteredTrials(study: ImportanceStudy, params: readonly string[], target: Target | undefined): FrozenTrial[] {
  return study
    .getTrials(["COMPLETE"])
    .filter((t) => params.every((p) => p in t.params) && Number.isFinite(targetValue(t, target)));
}

/** Importances keyed by name, largest first; equal ones in reverse of their order in `entries` (Optuna's `_sort_dict_by_importance`). */
export function sortByImportance(entries: readonly [string, number][]): Record<string, number> {
  const ascending = [...entries].sort((a, b) => a[1] - b[1]);
  return Object.fromEntries(ascending.reverse());
}
