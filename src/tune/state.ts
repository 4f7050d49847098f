// Trial states and study directions, named as Optuna names them. The
// integers are Optuna's enum values, which its journal and database store.

/** Where a trial is in its life (Optuna's `TrialState`). */
export type TrialState = "RUNNING" | "COMPLETE" | "PRUNED" | "FAIL" | "WAITING";

/** Optuna's `TrialState` integers, in enum order. */
export const TRIAL_STATES: readonly TrialState[] = ["RUNNING", "COMPLETE", "PRUNED", "FAIL", "WAITING"];

/** Whether a trial in this state has ended (anything but RUNNING and WAITING). */
export function isFinished(state: TrialState): boolean {
  return state !== "RUNNING" && state !== "WAITING";
}

/** Whether a study minimizes or maximizes an objective. */
export type StudyDirection = "minimize" | "maximize";

/** Optuna's `StudyDirection` integers: 0 is NOT_SET, which a finished study never has. */
export const STUDY_DIRECTIONS: readonly (StudyDirection | "not_set")[] = ["not_set", "minimize", "maximize"];
