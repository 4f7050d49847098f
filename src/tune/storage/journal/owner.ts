// Who runs a trial, so another process can tell when it is gone.
//
// Optuna 3.1's fail_stale_trials relies on heartbeats, which its journal
// storage does not support. Ours records, when a trial starts RUNNING, the
// host name and process id of the worker in the trial's system attribute
// "wasmtune:owner" (an ordinary SET_TRIAL_SYSTEM_ATTR line, written in the
// same append as the trial's creation or claim, so Optuna reads it as any
// other system attribute). A RUNNING trial is stale when its owner ran on
// this host and that process no longer exists. Trials started by Optuna (no
// owner record) or on other hosts are never judged: a process on another
// machine cannot be checked without heartbeats.

import type { FrozenTrial } from "../../frozen_trial.js";
import type { Host } from "./host.js";

/** The system attribute naming a trial's worker process. */
export const OWNER_ATTR = "wasmtune:owner";

/** The owner record of a trial started by this process. */
export function ownerRecord(h: Host): Record<string, unknown> {
  return { hostname: h.hostname, pid: h.pid };
}

/** Whether a RUNNING trial's owner process is known to be gone. */
export function ownerGone(trial: FrozenTrial, h: Host): boolean {
  const owner = trial.systemAttrs[OWNER_ATTR] as { hostname?: unknown; pid?: unknown } | undefined;
  if (typeof owner !== "object" || owner === null) return false;
  if (owner.hostname !== h.hostname || typeof owner.pid !== "number") return false;
  return owner.pid !== h.pid && !h.processExists(owner.pid);
}
