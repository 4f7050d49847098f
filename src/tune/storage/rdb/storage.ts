// Optuna's RDBStorage on PostgreSQL: the tables Optuna 3.1 uses, shared by
// any number of wasmtune and Optuna processes on any number of machines.
// The connection lives in a database thread (bridge.ts); this class encodes
// arguments the way Optuna stores them and builds FrozenTrials from what the
// thread returns.

import { type Distribution, distributionToJson, jsonToDistribution } from "../../distributions.js";
import type { FrozenTrial } from "../../frozen_trial.js";
import { checkOptions } from "../../../options.js";
import { pythonJsonDumps, pythonJsonLoads } from "../../python_json.js";
import { type StudyDirection, TRIAL_STATES, type TrialState } from "../../state.js";
import { DEFAULT_STUDY_NAME_PREFIX } from "../in_memory.js";
import type { FailedTrialCallback, FrozenStudy, Storage, TrialTemplate } from "../storage.js";
import { Bridge } from "./bridge.js";
import type { AttrRow, StudyRecord, TemplateRecord, TrialRecord } from "./queries.js";
import { type DbTarget, describeTarget, parseDbUrl } from "./url.js";

/** Options of {@link RDBStorage} (Optuna's names, in camelCase). */
export interface RDBStorageOptions {
  /**
   * Seconds between heartbeats of each running trial (a positive integer, as
   * in Optuna). With heartbeats on, `optimize()` fails the study's stale
   * trials before each new trial, as Optuna does. Default: no heartbeats.
   */
  heartbeatInterval?: number | null;
  /** Seconds without a heartbeat after which a RUNNING trial is stale. Default `2 * heartbeatInterval`. */
  gracePeriod?: number | null;
  /** Called with the study and each trial failed as stale, e.g. `new tune.RetryFailedTrialCallback()`. */
  failedTrialCallback?: FailedTrialCallback | null;
  /**
   * Seconds to keep retrying an operation whose connection broke (a server
   * restart, a network fault), with backoff, before giving up. Default 60.
   * Not Optuna's: its operations fail at once.
   */
  retryTimeout?: number;
}

const DIRECTIONS: readonly StudyDirection[] = ["minimize", "maximize"];

function positiveInteger(name: string, v: unknown): void {
  if (v !== null && v !== undefined && !(Number.isInteger(v) && (v as number) > 0)) throw new RangeError(`The value of \`${name}\` should be a positive integer.`);
}

const attrs = (rows: AttrRow[]): Record<string, unknown> => Object.fromEntries(rows.map(([k, json]) => [k, pythonJsonLoads(json)]));
const encodeAttrs = (o: Readonly<Record<string, unknown>> | undefined): AttrRow[] => Object.entries(o ?? {}).map(([k, v]) => [k, pythonJsonDumps(v)]);

function frozenTrial(r: TrialRecord): FrozenTrial {
  const params: Record<string, import("../../distributions.js").ParamValue> = {};
  const distributions: Record<string, Distribution> = {};
  for (const [name, internal, json] of r.params) {
    const d = jsonToDistribution(json);
    distributions[name] = d;
    params[name] = d.toExternalRepr(internal);
  }
  return {
    number: r.number,
    trialId: r.trialId,
    state: r.state,
    values: r.values,
    datetimeStart: r.datetimeStart,
    datetimeComplete: r.datetimeComplete,
    params,
    distributions,
    userAttrs: attrs(r.userAttrs),
    systemAttrs: attrs(r.systemAttrs),
    intermediateValues: new Map(r.intermediateValues),
  };
}

function frozenStudy(s: StudyRecord): FrozenStudy {
  return { studyId: s.studyId, studyName: s.studyName, directions: s.directions, userAttrs: attrs(s.userAttrs), systemAttrs: attrs(s.systemAttrs) };
}

/**
 * Studies in a PostgreSQL database with Optuna 3.1's RDBStorage tables,
 * which Optuna (`optuna.load_study(storage="postgresql://…")`), its plots
 * and optuna-dashboard read and write too. Many processes on many machines
 * may share one study: trial numbers are assigned under a row lock of the
 * study, as Optuna does. Creates the tables in an empty database; refuses a
 * schema revision other than Optuna 3.1's.
 *
 * Needs Node 20.16+ (Deno and Bun through their Node compatibility) and the
 * `pg` package (`npm install pg`), loaded only when a PostgreSQL storage is
 * opened. The password never appears in errors or messages. Call
 * `await storage.close()` when done (the process may also just exit).
 *
 * @example
 * const storage = new tune.RDBStorage("postgresql://tuner:pw@db.lan:5432/studies", {
 *   heartbeatInterval: 60, failedTrialCallback: new tune.RetryFailedTrialCallback({ maxRetry: 2 }),
 * });
 * const study = await tune.createStudy({ studyName: "mlp", storage, loadIfExists: true });
 */
export class RDBStorage implements Storage {
  /** Where the database is, as messages name it: `user@host:port/database` (no password). */
  readonly location: string;
  private readonly heartbeatInterval: number | null;
  private readonly gracePeriod: number | null;
  private readonly failedTrialCallback: FailedTrialCallback | null;
  private readonly bridge: Bridge;

  constructor(url: string, options: RDBStorageOptions = {}) {
    checkOptions("RDBStorage", options, ["heartbeatInterval", "gracePeriod", "failedTrialCallback", "retryTimeout"]);
    const { heartbeatInterval = null, gracePeriod = null, failedTrialCallback = null, retryTimeout = 60 } = options;
    positiveInteger("heartbeat_interval", heartbeatInterval);
    positiveInteger("grace_period", gracePeriod);
    if (failedTrialCallback !== null && typeof failedTrialCallback !== "function") throw new TypeError("RDBStorage: failedTrialCallback must be a function (study, trial) => void");
    if (!(typeof retryTimeout === "number" && retryTimeout >= 0 && Number.isFinite(retryTimeout))) throw new RangeError(`RDBStorage: retryTimeout must be a non-negative number of seconds, got ${String(retryTimeout)}`);
    const target: DbTarget = parseDbUrl(url);
    this.location = describeTarget(target);
    this.heartbeatInterval = heartbeatInterval;
    this.gracePeriod = gracePeriod;
    this.failedTrialCallback = failedTrialCallback;
    this.bridge = new Bridge(target, heartbeatInterval, retryTimeout);
    try {
      this.bridge.call("open");
    } catch (e) {
      void this.bridge.abort();
      throw e;
    }
  }

  // ---- studies ----

  createNewStudy(directions: readonly StudyDirection[], studyName?: string): number {
    if (!Array.isArray(directions) || directions.length === 0 || directions.some((d) => !DIRECTIONS.includes(d))) {
      throw new RangeError(`Please set either 'minimize' or 'maximize' to direction, got ${JSON.stringify(directions)}.`);
    }
    return this.bridge.call("createNewStudy", [...directions], studyName ?? DEFAULT_STUDY_NAME_PREFIX + crypto.randomUUID());
  }

  deleteStudy(studyId: number): void {
    this.bridge.call("deleteStudy", studyId);
  }

  setStudyUserAttr(studyId: number, key: string, value: unknown): void {
    this.bridge.call("setStudyAttr", "user", studyId, key, pythonJsonDumps(value));
  }

  setStudySystemAttr(studyId: number, key: string, value: unknown): void {
    this.bridge.call("setStudyAttr", "system", studyId, key, pythonJsonDumps(value));
  }

  getStudyIdFromName(studyName: string): number {
    return this.bridge.call("getStudyIdFromName", studyName);
  }

  private study(studyId: number): FrozenStudy {
    return frozenStudy((this.bridge.call("getStudies", studyId) as StudyRecord[])[0]);
  }

  getStudyNameFromId(studyId: number): string {
    return this.study(studyId).studyName;
  }

  getStudyDirections(studyId: number): readonly StudyDirection[] {
    return this.study(studyId).directions;
  }

  getStudyUserAttrs(studyId: number): Record<string, unknown> {
    return { ...this.study(studyId).userAttrs };
  }

  getStudySystemAttrs(studyId: number): Record<string, unknown> {
    return { ...this.study(studyId).systemAttrs };
  }

  getAllStudies(): FrozenStudy[] {
    return (this.bridge.call("getStudies", null) as StudyRecord[]).map(frozenStudy);
  }

  // ---- trials ----

  createNewTrial(studyId: number, template?: TrialTemplate): number {
    let record: TemplateRecord | null = null;
    if (template !== undefined) {
      if (!TRIAL_STATES.includes(template.state)) throw new RangeError(`${JSON.stringify(template.state)} is not a valid TrialState`);
      record = {
        state: template.state,
        values: template.values == null ? null : [...template.values],
        datetimeStart: template.datetimeStart ?? null,
        datetimeComplete: template.datetimeComplete ?? null,
        params: Object.entries(template.params ?? {}).map(([name, v]) => {
          const d = template.distributions?.[name];
          if (d === undefined) throw new RangeError(`createNewTrial: parameter '${name}' has no distribution`);
          return [name, d.toInternalRepr(v), distributionToJson(d)];
        }),
        userAttrs: encodeAttrs(template.userAttrs),
        systemAttrs: encodeAttrs(template.systemAttrs),
        intermediateValues: [...(template.intermediateValues ?? new Map<number, number>())],
      };
    }
    return this.bridge.call("createNewTrial", studyId, record, new Date());
  }

  setTrialParam(trialId: number, paramName: string, internalValue: number, distribution: Distribution): void {
    if (typeof internalValue !== "number") throw new TypeError(`setTrialParam: the internal value of '${paramName}' must be a number, got ${String(internalValue)}`);
    this.bridge.call("setTrialParam", trialId, paramName, internalValue, distributionToJson(distribution));
  }

  getTrialIdFromStudyIdTrialNumber(studyId: number, trialNumber: number): number {
    return this.bridge.call("getTrialIdFromStudyIdTrialNumber", studyId, trialNumber);
  }

  setTrialStateValues(trialId: number, state: TrialState, values?: readonly number[] | null): boolean {
    if (!TRIAL_STATES.includes(state)) throw new RangeError(`${JSON.stringify(state)} is not a valid TrialState`);
    if (values != null && (!Array.isArray(values) || values.some((v) => typeof v !== "number"))) {
      throw new TypeError(`setTrialStateValues: values must be a list of numbers, got ${JSON.stringify(values)}`);
    }
    return this.bridge.call("setTrialStateValues", trialId, state, values == null ? null : [...values], new Date());
  }

  setTrialIntermediateValue(trialId: number, step: number, value: number): void {
    if (!Number.isInteger(step)) throw new TypeError(`The \`step\` argument is of type \`${typeof step}\` but expected an integer, got ${String(step)}.`);
    if (typeof value !== "number") throw new TypeError(`The \`value\` argument is of type \`${typeof value}\` but only float types are supported.`);
    this.bridge.call("setTrialIntermediateValue", trialId, step, value);
  }

  setTrialUserAttr(trialId: number, key: string, value: unknown): void {
    this.bridge.call("setTrialAttr", "user", trialId, key, pythonJsonDumps(value));
  }

  setTrialSystemAttr(trialId: number, key: string, value: unknown): void {
    this.bridge.call("setTrialAttr", "system", trialId, key, pythonJsonDumps(value));
  }

  getTrial(trialId: number): FrozenTrial {
    return frozenTrial((this.bridge.call("getTrials", "trial", trialId, null) as TrialRecord[])[0]);
  }

  getAllTrials(studyId: number, states?: readonly TrialState[]): FrozenTrial[] {
    return (this.bridge.call("getTrials", "study", studyId, states === undefined ? null : [...states]) as TrialRecord[]).map(frozenTrial);
  }

  // ---- heartbeats ----

  /** Seconds between heartbeats, or null when off (Optuna's `get_heartbeat_interval`). */
  getHeartbeatInterval(): number | null {
    return this.heartbeatInterval;
  }

  /** The callback run on each trial failed as stale (Optuna's `get_failed_trial_callback`). */
  getFailedTrialCallback(): FailedTrialCallback | null {
    return this.failedTrialCallback;
  }

  /** Beat `trialId`'s heartbeat from the database thread until the returned function is called. */
  startHeartbeat(trialId: number): () => void {
    if (this.heartbeatInterval === null) return () => {};
    this.bridge.call("startHeartbeat", trialId);
    return () => this.bridge.call("stopHeartbeat", trialId);
  }

  /** RUNNING trials of the study whose heartbeat is older than the grace period (none without heartbeats). */
  getStaleTrialIds(studyId: number): number[] {
    if (this.heartbeatInterval === null) return [];
    return this.bridge.call("getStaleTrialIds", studyId, this.gracePeriod ?? 2 * this.heartbeatInterval);
  }

  /** Close the connection and end the database thread. */
  async close(): Promise<void> {
    await this.bridge.close();
  }
}
