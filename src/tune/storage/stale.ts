// Failing the trials of workers that died (Optuna's `fail_stale_trials`),
// for storages that can tell which those are.

import { UpdateFinishedTrialError } from "../errors.js";
import type { Storage } from "./storage.js";

/**
 * Set every stale RUNNING trial of the study (see
 * `Storage.getStaleTrialIds`) to FAIL and return their ids. A trial another
 * process finished or failed first is left alone, so several processes may
 * do this at once.
 */
export function failStaleTrials(storage: Storage, studyId: number): number[] {
  const failed: number[] = [];
  for (const trialId of storage.getStaleTrialIds?.(studyId) ?? []) {
    try {
      storage.setTrialStateValues(trialId, "FAIL");
      failed.push(trialId);
    } catch (e) {
      if (!(e instanceof UpdateFinishedTrialError)) throw e;
    }
  }
  return failed;
}
