import { checkOptions } from "../options.js";
import { distributionToJson } from "./distributions.js";
import type { Distribution, ParamValue } from "./distributions.js";
import type { FrozenTrial } from "./frozen_trial.js";
import { isFinished } from "./state.js";
import type { TrialState } from "./state.js";

/** Options of {@link createTrial}. */
export interface CreateTrialOptions {
  /** Default "COMPLETE". */
  state?: TrialState;
  value?: number;
  values?: readonly number[];
  params?: Record<string, ParamValue>;
  distributions?: Record<string, Distribution>;
  userAttrs?: Record<string, unknown>;
  systemAttrs?: Record<string, unknown>;
  /** Intermediate values by step, as a Map or an object with integer keys. */
  intermediateValues?: ReadonlyMap<number, number> | Record<string, number>;
}

const KNOWN = ["state", "value", "values", "params", "distributions", "userAttrs", "systemAttrs", "intermediateValues"];

/** Refuse a trial record that could not have come from an optimisation (Optuna's `FrozenTrial._validate`). */
export function validateTrial(t: FrozenTrial): void {
  if (t.state !== "WAITING" && t.datetimeStart === null) throw new RangeError("`datetime_start` is supposed to be set when the trial state is not waiting.");
  if (isFinished(t.state)) {
    if (t.datetimeComplete === null) throw new RangeError("`datetime_complete` is supposed to be set for a finished trial.");
  } else if (t.datetimeComplete !== null) {
    throw new RangeError("`datetime_complete` is supposed to be None for an unfinished trial.");
  }
  if (t.state === "COMPLETE" && t.values === null) throw new RangeError("`value` is supposed to be set for a complete trial.");
  const p = Object.keys(t.params).sort();
  const d = Object.keys(t.distributions).sort();
  if (p.join("\0") !== d.join("\0")) throw new RangeError(`Inconsistent parameters ${JSON.stringify(p)} and distributions ${JSON.stringify(d)}.`);
  for (const [name, value] of Object.entries(t.params)) {
    const dist = t.distributions[name];
    if (!dist.contains(dist.toInternalRepr(value))) throw new RangeError(`The value ${String(value)} of parameter '${name}' isn't contained in the distribution ${distributionToJson(dist)}.`);
  }
}

/**
 * A trial record built by hand, to add to a study with `study.addTrial`
 * (Optuna's `optuna.trial.create_trial`): e.g. results of earlier runs.
 * Validated as Optuna validates it.
 */
export function createTrial(options: CreateTrialOptions = {}): FrozenTrial {
  checkOptions("createTrial", options, KNOWN);
  const state = options.state ?? "COMPLETE";
  if (options.value !== undefined && options.values !== undefined) throw new RangeError("Specify only one of `value` and `values`.");
  const values = options.value !== undefined ? [options.value] : options.values !== undefined ? [...options.values] : null;
  const start = state === "WAITING" ? null : new Date();
  const iv = options.intermediateValues;
  const trial: FrozenTrial = {
    number: -1,
    trialId: -1,
    state,
    values,
    datetimeStart: start,
    datetimeComplete: isFinished(state) ? start : null,
    params: { ...options.params },
    distributions: { ...options.distributions },
    userAttrs: { ...options.userAttrs },
    systemAttrs: { ...options.systemAttrs },
    intermediateValues: iv instanceof Map ? new Map(iv) : new Map(Object.entries(iv ?? {}).map(([k, v]) => [Number(k), v])),
  };
  validateTrial(trial);
  return trial;
}
