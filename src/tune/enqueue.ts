import type { ParamValue } from "./distributions.js";
import type { FrozenTrial } from "./frozen_trial.js";

/** numpy's `isclose(a, b, atol=0)`, NaN equal to anything as Optuna's check has it. */
function close(a: number, b: number): boolean {
  return Number.isNaN(a) || Math.abs(a - b) <= 1e-5 * Math.abs(b);
}

/**
 * Whether a trial (enqueued or run) already has these parameters, for
 * `enqueueTrial(params, { skipIfExists: true })` (Optuna's `_should_skip_enqueue`).
 */
export function alreadyEnqueued(trials: readonly FrozenTrial[], params: Record<string, ParamValue>): boolean {
  const names = Object.keys(params).sort().join("\0");
  return trials.some((t) => {
    const existing = (t.systemAttrs.fixed_params as Record<string, ParamValue> | undefined) ?? t.params;
    if (Object.keys(existing).sort().join("\0") !== names) return false;
    return Object.entries(params).every(([name, value]) => {
      const old = existing[name];
      if (typeof value !== typeof old || (value === null) !== (old === null)) return false;
      return typeof value === "number" ? close(value, old as number) : value === old;
    });
  });
}
