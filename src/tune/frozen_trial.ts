import type { Distribution, ParamValue } from "./distributions.js";
import type { TrialState } from "./state.js";

/**
 * A trial's record as storages keep it and samplers, pruners and users read
 * it (Optuna's `FrozenTrial`). `params` hold external values (what the
 * objective saw); `distributions` the space each was drawn from.
 */
export interface FrozenTrial {
  /** 0-based position of the trial in its study. */
  readonly number: number;
  /** The storage's id, unique across studies. */
  readonly trialId: number;
  readonly state: TrialState;
  /** Objective values (one per direction), or null while running or when the trial failed or was pruned without a value. */
  readonly values: readonly number[] | null;
  readonly datetimeStart: Date | null;
  readonly datetimeComplete: Date | null;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly distributions: Readonly<Record<string, Distribution>>;
  readonly userAttrs: Readonly<Record<string, unknown>>;
  readonly systemAttrs: Readonly<Record<string, unknown>>;
  /** Values given to `trial.report(value, step)`, by step. */
  readonly intermediateValues: ReadonlyMap<number, number>;
}

/** A single-objective trial's value (Optuna's `FrozenTrial.value`); throws for multi-objective trials. */
export function trialValue(t: FrozenTrial): number | null {
  if (t.values === null) return null;
  if (t.values.length !== 1) throw new Error("This attribute is not available during multi-objective optimization.");
  return t.values[0];
}

/** The last step reported, or null (Optuna's `FrozenTrial.last_step`). */
export function lastStep(t: FrozenTrial): number | null {
  let last: number | null = null;
  for (const step of t.intermediateValues.keys()) if (last === null || step > last) last = step;
  return last;
}
