// What every importance evaluator reads of a study, as Optuna's
// optuna/importance/_base.py selects it: the completed trials, the search
// space to assess (the intersection of their distributions, or the given
// parameters' common distributions), the trials holding all of it with a
// finite target, and the target values.

import { distributionEquals, type Distribution } from "../distributions.js";
import { trialValue, type FrozenTrial } from "../frozen_trial.js";
import type { StudyView } from "../samplers/sampler.js";
import { intersectionSearchSpace } from "../samplers/search_space.js";
import type { StudyDirection } from "../state.js";

/** A study, or just its trials (then read as a minimised study: single-objective unless a trial has several values). */
export type StudyLike = StudyView | readonly FrozenTrial[];

/** The target of an importance: the objective value unless given. */
export type Target = (trial: FrozenTrial) => number;

/** Python's repr of a list of names, for Optuna's error messages. */
export function pyList(names: readonly string[]): string {
  return `[${names.map((n) => `'${n}'`).join(", ")}]`;
}

/** `study` as a StudyView (a trial list becomes a minimised study, or a multi-objective one when a trial has several values). */
export function asStudy(study: StudyLike): StudyView {
  if (!Array.isArray(study)) return study as StudyView;
  const trials = study as readonly FrozenTrial[];
  const n = Math.max(1, ...trials.map((t) => t.values?.length ?? 1));
  const directions: StudyDirection[] = Array(n).fill("minimize");
  return {
    studyName: "",
    directions,
    get direction(): StudyDirection {
      if (n !== 1) throw new Error("This attribute is not available during multi-objective optimization.");
      return "minimize";
    },
    getTrials: (states) => (states === undefined ? trials : trials.filter((t) => states.includes(t.state))),
  };
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
export function assessedDistributions(study: StudyView, params: readonly string[] | undefined): Record<string, Distribution> {
  const completed = study.getTrials(["COMPLETE"]);
  checkArgs(completed, params);
  if (params === undefined) return intersectionSearchSpace(study, { orderedDict: true });
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
export function filteredTrials(study: StudyView, params: readonly string[], target: Target | undefined): FrozenTrial[] {
  return study
    .getTrials(["COMPLETE"])
    .filter((t) => params.every((p) => p in t.params) && Number.isFinite(targetValue(t, target)));
}

/** Importances keyed by name, largest first; equal ones in reverse of their order in `entries` (Optuna's `_sort_dict_by_importance`). */
export function sortByImportance(entries: readonly [string, number][]): Record<string, number> {
  const ascending = [...entries].sort((a, b) => a[1] - b[1]);
  return Object.fromEntries(ascending.reverse());
}
