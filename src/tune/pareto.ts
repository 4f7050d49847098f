import type { FrozenTrial } from "./frozen_trial.js";
import type { StudyDirection } from "./state.js";

/** Whether `a` is at least as good as `b` in every objective and better in one (values made "smaller is better"). */
function dominates(a: readonly number[], b: readonly number[]): boolean {
  let strictly = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) strictly = true;
  }
  return strictly;
}

/**
 * The completed trials no other completed trial dominates, in number order
 * (Optuna's `best_trials`, the Pareto front). Equal trials are all kept.
 */
export function paretoFront(trials: readonly FrozenTrial[], directions: readonly StudyDirection[]): FrozenTrial[] {
  const complete = trials.filter((t) => t.state === "COMPLETE");
  const normalised = complete.map((t) => {
    if (t.values!.length !== directions.length) throw new RangeError("The number of the values and the number of the objectives are mismatched.");
    return t.values!.map((v, i) => (directions[i] === "maximize" ? -v : v));
  });
  return complete.filter((_, i) => !normalised.some((other) => dominates(other, normalised[i])));
}
