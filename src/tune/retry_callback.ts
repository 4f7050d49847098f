// Optuna's RetryFailedTrialCallback: a trial failed as stale (its worker
// died) is queued again with the same parameters.

import { checkOptions } from "../options.js";
import { createTrial } from "./create_trial.js";
import type { FrozenTrial } from "./frozen_trial.js";
import type { FailedTrialCallback } from "./storage/storage.js";
import type { Study } from "./study.js";

/** Options of {@link RetryFailedTrialCallback}. */
export interface RetryFailedTrialCallbackOptions {
  /** How many times one original trial may be retried; default unlimited. */
  maxRetry?: number | null;
  /** Give the retry the failed trial's intermediate values too. Default false. */
  inheritIntermediateValues?: boolean;
}

/**
 * A `failedTrialCallback` for storages with heartbeats (`RDBStorage`): each
 * trial failed as stale is enqueued again (WAITING) with its parameters,
 * distributions and user attributes, and the system attributes Optuna uses
 * to trace retries: `failed_trial` (the number of the first failed trial of
 * the series) and `retry_history` (every number retried so far). Works with
 * or without `new`, like Optuna's class; the result is `(study, trial) => void`.
 *
 * @example
 * new tune.RDBStorage(url, { heartbeatInterval: 60, failedTrialCallback: tune.RetryFailedTrialCallback({ maxRetry: 2 }) })
 */
export function RetryFailedTrialCallback(options: RetryFailedTrialCallbackOptions = {}): FailedTrialCallback {
  checkOptions("RetryFailedTrialCallback", options, ["maxRetry", "inheritIntermediateValues"]);
  const { maxRetry = null, inheritIntermediateValues = false } = options;
  if (maxRetry !== null && !(Number.isInteger(maxRetry) && maxRetry >= 0)) throw new RangeError(`maxRetry must be a non-negative integer or null, got ${String(maxRetry)}`);
  return (study: Study, trial: FrozenTrial): void => {
    const systemAttrs: Record<string, unknown> = { failed_trial: trial.number, retry_history: [], ...structuredClone(trial.systemAttrs) };
    (systemAttrs.retry_history as number[]).push(trial.number);
    if (maxRetry !== null && maxRetry < (systemAttrs.retry_history as number[]).length) return;
    study.addTrial(
      createTrial({
        state: "WAITING",
        params: { ...trial.params },
        distributions: { ...trial.distributions },
        userAttrs: structuredClone(trial.userAttrs),
        systemAttrs,
        intermediateValues: inheritIntermediateValues ? trial.intermediateValues : undefined,
      }),
    );
  };
}

/** The number of the trial a retry descends from, or null (Optuna's `retried_trial_number`). */
RetryFailedTrialCallback.retriedTrialNumber = (trial: FrozenTrial): number | null => (trial.systemAttrs.failed_trial as number | undefined) ?? null;

/** The numbers retried before this trial, oldest first (Optuna's `retry_history`). */
RetryFailedTrialCallback.retryHistory = (trial: FrozenTrial): number[] => [...((trial.systemAttrs.retry_history as number[] | undefined) ?? [])];
