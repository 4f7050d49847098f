import type { FrozenTrial } from "./frozen_trial.js";
import { lastStep } from "./frozen_trial.js";
import { filterStudy } from "./pruners/filter_study.js";
import { isFinished } from "./state.js";
import type { TrialState } from "./state.js";
import type { Study } from "./study.js";
import { Trial } from "./trial.js";

/** What `study.tell` accepts after the trial: a value, values, or `{ state, values }`. */
export type TellArgument = number | readonly number[] | TellOptions;

/** The options form of `study.tell(trial, { ... })`. */
export interface TellOptions {
  /** "COMPLETE" (needs values), "PRUNED" or "FAIL"; inferred from the values when omitted. */
  state?: TrialState;
  values?: number | readonly number[];
  /** Return the finished trial unchanged instead of refusing to tell it again. Default false. */
  skipIfFinished?: boolean;
}

/** Why the values cannot be a completed trial's, or null when they can (Optuna's `_check_values_are_feasible`). */
export function infeasibility(values: readonly unknown[], nObjectives: number): string | null {
  for (const v of values) {
    if (typeof v !== "number") return `The value ${String(v)} could not be cast to float.`;
    if (Number.isNaN(v)) return `The value ${v} is not acceptable.`;
  }
  if (values.length !== nObjectives) return `The number of the values ${values.length} did not match the number of the objectives ${nObjectives}.`;
  return null;
}

function frozenOf(study: Study, trial: Trial | number): FrozenTrial {
  if (trial instanceof Trial) return study.storage.getTrial(trial.trialId);
  if (typeof trial !== "number") throw new TypeError("Trial must be a trial object or trial number.");
  let id: number;
  try {
    id = study.storage.getTrialIdFromStudyIdTrialNumber(study.studyId, trial);
  } catch {
    throw new RangeError(`Cannot tell for trial with number ${trial} since it has not been created.`);
  }
  return study.storage.getTrial(id);
}

function checkStateAndValues(state: TrialState | undefined, values: readonly unknown[] | null): void {
  if (state === "COMPLETE") {
    if (values === null) throw new RangeError("No values were told. Values are required when state is TrialState.COMPLETE.");
  } else if (state === "PRUNED" || state === "FAIL") {
    if (values !== null) throw new RangeError("Values were told. Values cannot be specified when state is TrialState.PRUNED or TrialState.FAIL.");
  } else if (state !== undefined) {
    throw new RangeError(`Cannot tell with state ${String(state)}.`);
  }
}

/**
 * Finish a running trial (Optuna's `_tell_with_warning`). Without a state,
 * usable values complete it and anything else (NaN, a non-number, the wrong
 * count) fails it, with the reason stored as its `fail_reason` system
 * attribute; a pruned trial keeps its last intermediate value as its value.
 * The sampler's `afterTrial` runs before the state is stored.
 */
export function tellTrial(study: Study, trial: Trial | number, valuesOrValue: unknown, state: TrialState | undefined, skipIfFinished = false): FrozenTrial {
  const frozen = frozenOf(study, trial);
  if (isFinished(frozen.state) && skipIfFinished) return frozen;
  if (frozen.state !== "RUNNING") throw new RangeError(`Cannot tell a ${frozen.state} trial.`);
  let values: unknown[] | null = valuesOrValue === undefined ? null : Array.isArray(valuesOrValue) ? [...valuesOrValue] : [valuesOrValue];
  checkStateAndValues(state, values);
  const nObjectives = study.directions.length;
  if (state === "COMPLETE") {
    const why = infeasibility(values!, nObjectives);
    if (why !== null) throw new RangeError(why);
  } else if (state === "PRUNED") {
    const step = lastStep(frozen);
    if (step !== null) {
      const last = frozen.intermediateValues.get(step)!;
      if (infeasibility([last], nObjectives) === null) values = [last];
    }
  } else if (state === undefined) {
    const why = values === null ? `The value ${String(valuesOrValue)} could not be cast to float.` : infeasibility(values, nObjectives);
    if (why === null) {
      state = "COMPLETE";
    } else {
      state = "FAIL";
      values = null;
      study.storage.setTrialSystemAttr(frozen.trialId, "fail_reason", why);
    }
  }
  const finalState = state;
  const finalValues = values as number[] | null;
  try {
    study.sampler.afterTrial?.(filterStudy(study, frozen), frozen, finalState, finalValues);
  } finally {
    study.storage.setTrialStateValues(frozen.trialId, finalState, finalValues);
  }
  return study.storage.getTrial(frozen.trialId);
}
