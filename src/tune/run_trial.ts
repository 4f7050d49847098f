import type { FrozenTrial } from "./frozen_trial.js";
import type { Study } from "./study.js";
import { tellTrial } from "./tell.js";
import type { Trial } from "./trial.js";
import { warn } from "./warn.js";

/** An error class `optimize({ catch })` turns into a FAIL trial without stopping the study. */
export type ErrorClass = (abstract new (...args: never[]) => Error) & { readonly name: string };

/** How an objective call ended. */
export type Outcome = { kind: "returned"; value: unknown } | { kind: "pruned" } | { kind: "threw"; error: Error };

/** Run the objective on `trial`, catching what it throws. */
export async function callObjective(objective: (trial: Trial) => unknown, trial: Trial): Promise<Outcome> {
  try {
    return { kind: "returned", value: await objective(trial) };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    return error.name === "TrialPruned" ? { kind: "pruned" } : { kind: "threw", error };
  }
}

function caught(error: Error, classes: readonly ErrorClass[]): boolean {
  // By name too: an error from a worker is rebuilt there from its name and message.
  return classes.some((C) => error.name === C.name || error instanceof C);
}

/**
 * Record an objective's outcome (Optuna's `_run_trial` after the call): a
 * thrown error fails the trial with `fail_reason` "<name>: <message>" and,
 * unless its class is in `catchClasses`, is thrown again once the trial is
 * stored; a bad return value fails the trial and the study goes on.
 */
export function finishTrial(study: Study, trial: Trial, outcome: Outcome, catchClasses: readonly ErrorClass[]): FrozenTrial {
  let frozen: FrozenTrial;
  if (outcome.kind === "returned") {
    frozen = tellTrial(study, trial, outcome.value, undefined);
  } else if (outcome.kind === "pruned") {
    frozen = tellTrial(study, trial, undefined, "PRUNED");
  } else {
    study.storage.setTrialSystemAttr(trial.trialId, "fail_reason", `${outcome.error.name}: ${outcome.error.message}`);
    frozen = tellTrial(study, trial, undefined, "FAIL");
  }
  if (frozen.state === "FAIL") {
    warn(`Trial ${frozen.number} failed with parameters: ${JSON.stringify(frozen.params)} because of the following error: ${String(frozen.systemAttrs.fail_reason)}.`);
    if (outcome.kind === "threw" && !caught(outcome.error, catchClasses)) throw outcome.error;
  }
  return frozen;
}
