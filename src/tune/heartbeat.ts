// Heartbeats in the optimisation loop (Optuna's `_run_trial`): with a
// storage that keeps them, stale trials are failed before each new trial,
// and each trial's heartbeat beats while its objective runs.

import type { Study } from "./study.js";

/** Whether the study's storage keeps heartbeats (Optuna's `is_heartbeat_enabled`). */
export function heartbeatEnabled(study: Study): boolean {
  return (study.storage.getHeartbeatInterval?.() ?? null) !== null;
}

/** Before asking for a trial: fail the trials of workers that stopped beating (and run the failed-trial callback). */
export function failStaleBeforeTrial(study: Study): void {
  if (heartbeatEnabled(study)) study.failStaleTrials();
}

/** Run `objective` with `trialId`'s heartbeat beating. */
export async function withHeartbeat<T>(study: Study, trialId: number, objective: () => Promise<T>): Promise<T> {
  const stop = heartbeatEnabled(study) ? study.storage.startHeartbeat?.(trialId) : undefined;
  try {
    return await objective();
  } finally {
    stop?.();
  }
}
