// Exceptions with Optuna's names, so code ported from Python reads the same.

/**
 * Thrown by an objective to end its trial as PRUNED (Optuna's `TrialPruned`);
 * `trial.shouldPrune()` says when.
 */
export class TrialPruned extends Error {
  constructor(message = "Trial was pruned.") {
    super(message);
    this.name = "TrialPruned";
  }
}

/** A study of that name exists already (Optuna's `DuplicatedStudyError`). */
export class DuplicatedStudyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DuplicatedStudyError";
  }
}

/** An operation a trial's state forbids, e.g. reporting to a finished trial (Optuna's `UpdateFinishedTrialError`). */
export class UpdateFinishedTrialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UpdateFinishedTrialError";
  }
}
