// The operations of Optuna 3.1's journal (optuna/storages/_journal/storage.py),
// one JSON object per line, with exactly the fields Optuna writes in the order
// it writes them: encoded from typed records here, and decoded (with each
// field checked, so a bad line is reported rather than half-applied) back.

import { type Distribution, type ParamValue, distributionToJson, jsonToDistribution } from "../../distributions.js";
import { STUDY_DIRECTIONS, type StudyDirection, TRIAL_STATES, type TrialState, isFinished } from "../../state.js";
import type { FrozenTrial } from "../../frozen_trial.js";
import { fromOptunaDatetime, toOptunaDatetime } from "./datetime.js";
import { PyFloat, pythonJsonDumps } from "../../python_json.js";

/** Optuna's `JournalOperation` op codes. */
export const JournalOperation = {
  CREATE_STUDY: 0,
  DELETE_STUDY: 1,
  SET_STUDY_USER_ATTR: 2,
  SET_STUDY_SYSTEM_ATTR: 3,
  CREATE_TRIAL: 4,
  SET_TRIAL_PARAM: 5,
  SET_TRIAL_STATE_VALUES: 6,
  SET_TRIAL_INTERMEDIATE_VALUE: 7,
  SET_TRIAL_USER_ATTR: 8,
  SET_TRIAL_SYSTEM_ATTR: 9,
} as const;

/** A trial's contents given at creation (enqueued trials, `study.addTrial`). */
export type TrialContents = Pick<
  FrozenTrial,
  "state" | "values" | "datetimeComplete" | "params" | "distributions" | "userAttrs" | "systemAttrs" | "intermediateValues"
>;

/** One journal line, decoded. `attr` ops carry one key and its value. */
export type JournalOp = { readonly workerId: string } & (
  | { readonly op: "createStudy"; readonly studyName: string; readonly directions: readonly StudyDirection[] }
  | { readonly op: "deleteStudy"; readonly studyId: number }
  | { readonly op: "setStudyUserAttr" | "setStudySystemAttr"; readonly studyId: number; readonly key: string; readonly value: unknown }
  | { readonly op: "createTrial"; readonly studyId: number; readonly datetimeStart: Date | null; readonly contents: TrialContents | null }
  | { readonly op: "setTrialParam"; readonly trialId: number; readonly paramName: string; readonly internal: number; readonly distribution: Distribution }
  | {
      readonly op: "setTrialStateValues";
      readonly trialId: number;
      readonly state: TrialState;
      readonly values: readonly number[] | null;
      readonly datetime: Date | null; // start for RUNNING, completion for finished states
    }
  | { readonly op: "setTrialIntermediateValue"; readonly trialId: number; readonly step: number; readonly value: number }
  | { readonly op: "setTrialUserAttr" | "setTrialSystemAttr"; readonly trialId: number; readonly key: string; readonly value: unknown }
);

const OP_NAMES = [
  "createStudy", "deleteStudy", "setStudyUserAttr", "setStudySystemAttr", "createTrial",
  "setTrialParam", "setTrialStateValues", "setTrialIntermediateValue", "setTrialUserAttr", "setTrialSystemAttr",
] as const;

/** A line that is JSON but not a journal operation Optuna 3.1 could replay. */
export class JournalFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JournalFormatError";
  }
}

// The internal representation is a float, except a categorical index, which Optuna keeps an int.
const internalJson = (d: Distribution, v: number) => (d.kind === "categorical" ? v : new PyFloat(v));
const floats = (vs: readonly number[] | null) => (vs === null ? null : vs.map((v) => new PyFloat(v)));

/** The line Optuna would write for `op` (without the newline). */
export function encodeOp(o: JournalOp): string {
  const head = { op_code: OP_NAMES.indexOf(o.op), worker_id: o.workerId };
  switch (o.op) {
    case "createStudy":
      return pythonJsonDumps({ ...head, study_name: o.studyName, directions: o.directions.map((d) => STUDY_DIRECTIONS.indexOf(d)) });
    case "deleteStudy":
      return pythonJsonDumps({ ...head, study_id: o.studyId });
    case "setStudyUserAttr":
      return pythonJsonDumps({ ...head, study_id: o.studyId, user_attr: { [o.key]: o.value } });
    case "setStudySystemAttr":
      return pythonJsonDumps({ ...head, study_id: o.studyId, system_attr: { [o.key]: o.value } });
    case "createTrial":
      return pythonJsonDumps({ ...head, study_id: o.studyId, datetime_start: o.datetimeStart && toOptunaDatetime(o.datetimeStart), ...contentsJson(o.contents) });
    case "setTrialParam":
      return pythonJsonDumps({
        ...head,
        trial_id: o.trialId,
        param_name: o.paramName,
        param_value_internal: internalJson(o.distribution, o.internal),
        distribution: distributionToJson(o.distribution),
      });
    case "setTrialStateValues": {
      const when = o.state === "RUNNING" ? "datetime_start" : isFinished(o.state) ? "datetime_complete" : null;
      const line: Record<string, unknown> = { ...head, trial_id: o.trialId, state: TRIAL_STATES.indexOf(o.state), values: floats(o.values) };
      if (when !== null && o.datetime !== null) line[when] = toOptunaDatetime(o.datetime);
      return pythonJsonDumps(line);
    }
    case "setTrialIntermediateValue":
      return pythonJsonDumps({ ...head, trial_id: o.trialId, step: o.step, intermediate_value: new PyFloat(o.value) });
    case "setTrialUserAttr":
      return pythonJsonDumps({ ...head, trial_id: o.trialId, user_attr: { [o.key]: o.value } });
    case "setTrialSystemAttr":
      return pythonJsonDumps({ ...head, trial_id: o.trialId, system_attr: { [o.key]: o.value } });
  }
}

/** The template fields of Optuna's CREATE_TRIAL (after `datetime_start`), in its order. */
function contentsJson(c: TrialContents | null): Record<string, unknown> {
  if (c === null) return {};
  const multi = c.values !== null && c.values.length > 1;
  const out: Record<string, unknown> = {
    state: TRIAL_STATES.indexOf(c.state),
    value: multi || c.values === null ? null : new PyFloat(c.values[0]),
    values: multi ? floats(c.values) : null,
  };
  if (c.datetimeComplete !== null) out.datetime_complete = toOptunaDatetime(c.datetimeComplete);
  const dists: Record<string, string> = {};
  const params: Record<string, unknown> = {};
  for (const [k, d] of Object.entries(c.distributions)) dists[k] = distributionToJson(d);
  for (const [k, v] of Object.entries(c.params)) params[k] = internalJson(c.distributions[k], c.distributions[k].toInternalRepr(v));
  const steps: Record<string, PyFloat> = {};
  for (const [step, v] of c.intermediateValues) steps[String(step)] = new PyFloat(v);
  return { ...out, distributions: dists, params, user_attrs: c.userAttrs, system_attrs: c.systemAttrs, intermediate_values: steps };
}

// ---- decoding ----

type Json = Record<string, unknown>;

function need(log: Json, key: string): unknown {
  if (!(key in log)) throw new JournalFormatError(`missing field "${key}"`);
  return log[key];
}

function int(log: Json, key: string): number {
  const v = need(log, key);
  if (typeof v !== "number" || !Number.isInteger(v)) throw new JournalFormatError(`field "${key}" must be an integer, got ${JSON.stringify(v)}`);
  return v;
}

function num(v: unknown, what: string): number {
  if (typeof v !== "number") throw new JournalFormatError(`${what} must be a number, got ${JSON.stringify(v)}`);
  return v;
}

function str(log: Json, key: string): string {
  const v = need(log, key);
  if (typeof v !== "string") throw new JournalFormatError(`field "${key}" must be a string, got ${JSON.stringify(v)}`);
  return v;
}

function obj(v: unknown, what: string): Json {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new JournalFormatError(`${what} must be an object, got ${JSON.stringify(v)}`);
  return v as Json;
}

function numbers(v: unknown, what: string): number[] | null {
  if (v === null || v === undefined) return null;
  if (!Array.isArray(v)) throw new JournalFormatError(`${what} must be a list of numbers, got ${JSON.stringify(v)}`);
  return v.map((x) => num(x, what));
}

function state(v: unknown): TrialState {
  const s = TRIAL_STATES[v as number];
  if (!Number.isInteger(v) || s === undefined) throw new JournalFormatError(`${JSON.stringify(v)} is not a valid TrialState`);
  return s;
}

function datetime(v: unknown, what: string): Date {
  try {
    return fromOptunaDatetime(v as string);
  } catch {
    throw new JournalFormatError(`${what} is not a datetime: ${JSON.stringify(v)}`);
  }
}

/** Attr ops carry a single-entry object, as Optuna asserts. */
function oneAttr(log: Json, key: string): { key: string; value: unknown } {
  const entries = Object.entries(obj(need(log, key), `field "${key}"`));
  if (entries.length !== 1) throw new JournalFormatError(`field "${key}" must hold exactly one attribute, got ${entries.length}`);
  return { key: entries[0][0], value: entries[0][1] };
}

function distribution(v: unknown, what: string): Distribution {
  try {
    return jsonToDistribution(v as string);
  } catch (e) {
    throw new JournalFormatError(`${what} is not a distribution: ${(e as Error).message}`);
  }
}

/** Decode one parsed line; unknown op codes and malformed fields throw {@link JournalFormatError}. */
export function decodeOp(parsed: unknown): JournalOp {
  const log = obj(parsed, "a journal line");
  const code = need(log, "op_code");
  const op = Number.isInteger(code) ? OP_NAMES[code as number] : undefined;
  if (op === undefined) {
    throw new JournalFormatError(`unknown op code ${JSON.stringify(code)} (Optuna 3.1's journal has op codes 0 to 9)`);
  }
  const workerId = str(log, "worker_id");
  switch (op) {
    case "createStudy": {
      const dirs = need(log, "directions");
      if (!Array.isArray(dirs) || dirs.length === 0) throw new JournalFormatError(`field "directions" must be a non-empty list, got ${JSON.stringify(dirs)}`);
      const directions = dirs.map((d) => {
        const name = STUDY_DIRECTIONS[d as number];
        if (!Number.isInteger(d) || name === undefined || name === "not_set") throw new JournalFormatError(`${JSON.stringify(d)} is not a study direction (1 minimize, 2 maximize)`);
        return name;
      });
      return { op, workerId, studyName: str(log, "study_name"), directions };
    }
    case "deleteStudy":
      return { op, workerId, studyId: int(log, "study_id") };
    case "setStudyUserAttr":
      return { op, workerId, studyId: int(log, "study_id"), ...oneAttr(log, "user_attr") };
    case "setStudySystemAttr":
      return { op, workerId, studyId: int(log, "study_id"), ...oneAttr(log, "system_attr") };
    case "createTrial": {
      const start = need(log, "datetime_start");
      return {
        op,
        workerId,
        studyId: int(log, "study_id"),
        datetimeStart: start === null ? null : datetime(start, `field "datetime_start"`),
        contents: "state" in log || "params" in log || "values" in log ? decodeContents(log) : null,
      };
    }
    case "setTrialParam": {
      const d = distribution(need(log, "distribution"), `field "distribution"`);
      return { op, workerId, trialId: int(log, "trial_id"), paramName: str(log, "param_name"), internal: num(need(log, "param_value_internal"), `field "param_value_internal"`), distribution: d };
    }
    case "setTrialStateValues": {
      const s = state(need(log, "state"));
      const key = s === "RUNNING" ? "datetime_start" : isFinished(s) ? "datetime_complete" : null;
      return {
        op,
        workerId,
        trialId: int(log, "trial_id"),
        state: s,
        values: numbers(need(log, "values"), `field "values"`),
        datetime: key === null ? null : datetime(need(log, key), `field "${key}"`),
      };
    }
    case "setTrialIntermediateValue":
      return { op, workerId, trialId: int(log, "trial_id"), step: int(log, "step"), value: num(need(log, "intermediate_value"), `field "intermediate_value"`) };
    case "setTrialUserAttr":
      return { op, workerId, trialId: int(log, "trial_id"), ...oneAttr(log, "user_attr") };
    case "setTrialSystemAttr":
      return { op, workerId, trialId: int(log, "trial_id"), ...oneAttr(log, "system_attr") };
  }
}

/** The template part of a CREATE_TRIAL line (every field optional, as Optuna's replay reads them). */
function decodeContents(log: Json): TrialContents {
  const distributions: Record<string, Distribution> = {};
  for (const [k, v] of Object.entries(obj(log.distributions ?? {}, `field "distributions"`))) distributions[k] = distribution(v, `distribution of "${k}"`);
  const params: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(obj(log.params ?? {}, `field "params"`))) {
    if (distributions[k] === undefined) throw new JournalFormatError(`param "${k}" has no distribution`);
    params[k] = distributions[k].toExternalRepr(num(v, `param "${k}"`));
  }
  const intermediateValues = new Map<number, number>();
  for (const [k, v] of Object.entries(obj(log.intermediate_values ?? {}, `field "intermediate_values"`))) {
    if (!/^-?\d+$/.test(k)) throw new JournalFormatError(`intermediate value step ${JSON.stringify(k)} is not an integer`);
    intermediateValues.set(Number(k), num(v, `intermediate value at step ${k}`));
  }
  const value = log.value ?? null;
  const values = numbers(log.values, `field "values"`) ?? (value === null ? null : [num(value, `field "value"`)]);
  return {
    state: "state" in log ? state(log.state) : "RUNNING",
    values,
    datetimeComplete: log.datetime_complete == null ? null : datetime(log.datetime_complete, `field "datetime_complete"`),
    params,
    distributions,
    userAttrs: obj(log.user_attrs ?? {}, `field "user_attrs"`),
    systemAttrs: obj(log.system_attrs ?? {}, `field "system_attrs"`),
    intermediateValues,
  };
}
