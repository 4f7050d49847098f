// Optuna 3.1 RDBStorage's operations as SQL, run by the database thread.
// Each function is one transaction's work, with Optuna's locking: a trial's
// number is counted while the study row is locked FOR UPDATE, and a trial's
// state changes while its row is. Values arrive encoded by the main thread
// (attributes as Python-style JSON text, distributions as Optuna's JSON);
// results go back as plain records, built into FrozenTrials there.

import { checkDistributionCompatibility, jsonToDistribution } from "../../distributions.js";
import type { StudyDirection, TrialState } from "../../state.js";
import type { Query } from "./connection.js";
import { ALEMBIC_REVISION, CREATE_TABLES, STAMP, schemaRefusal } from "./schema.js";

/** Optuna's `KeyError` text for a study or trial id that does not exist. */
export const NOT_FOUND = "Record does not exist.";

/** An attribute as stored: key and `json.dumps` text. */
export type AttrRow = [key: string, json: string];

/** What a trial holds, as stored: also the main thread's encoding of a TrialTemplate to create from. */
export interface TemplateRecord {
  state: TrialState;
  values: number[] | null;
  datetimeStart: Date | null;
  datetimeComplete: Date | null;
  params: [name: string, internal: number, distributionJson: string][];
  userAttrs: AttrRow[];
  systemAttrs: AttrRow[];
  intermediateValues: [step: number, value: number][];
}

/** A stored trial, for the main thread to build a FrozenTrial from. */
export interface TrialRecord extends TemplateRecord {
  trialId: number;
  number: number;
}

/** A study as stored. */
export interface StudyRecord {
  studyId: number;
  studyName: string;
  directions: StudyDirection[];
  userAttrs: AttrRow[];
  systemAttrs: AttrRow[];
}

function named(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

// ---- schema ----

/**
 * Create Optuna's tables when the database has none, under an advisory
 * lock so that workers starting together create them once; refuse a
 * schema revision other than Optuna 3.1's.
 */
export async function ensureSchema(q: Query, where: string): Promise<void> {
  await q("SELECT pg_advisory_xact_lock(7461626)"); // any constant shared by all wasmtune processes
  const [{ exists }] = await q("SELECT to_regclass('version_info') IS NOT NULL AS exists");
  if (!exists) {
    for (const sql of CREATE_TABLES) await q(sql);
    for (const sql of STAMP) await q(sql);
    return;
  }
  const [{ alembic }] = await q("SELECT to_regclass('alembic_version') IS NOT NULL AS alembic");
  const revision = alembic ? ((await q("SELECT version_num FROM alembic_version"))[0]?.version_num ?? null) : null;
  const library = (await q("SELECT library_version FROM version_info"))[0]?.library_version ?? null;
  if (revision === ALEMBIC_REVISION) return;
  throw named("RuntimeError", schemaRefusal(revision, library, where)!);
}

// ---- studies ----

async function lockStudy(q: Query, studyId: number): Promise<void> {
  if ((await q("SELECT study_id FROM studies WHERE study_id = $1 FOR UPDATE", [studyId])).length === 0) throw named("KeyError", NOT_FOUND);
}

export async function createNewStudy(q: Query, directions: StudyDirection[], studyName: string): Promise<number> {
  let studyId: number;
  try {
    // A savepoint keeps the transaction usable after a unique violation.
    await q("SAVEPOINT create_study");
    [{ study_id: studyId }] = await q("INSERT INTO studies (study_name) VALUES ($1) RETURNING study_id", [studyName]);
  } catch (e) {
    if ((e as { code?: string }).code !== "23505") throw e;
    await q("ROLLBACK TO SAVEPOINT create_study");
    throw named("DuplicatedStudyError", `Another study with name '${studyName}' already exists. Please specify a different name, or reuse the existing one by setting \`loadIfExists\`.`);
  }
  for (const [objective, d] of directions.entries()) {
    await q("INSERT INTO study_directions (direction, study_id, objective) VALUES ($1, $2, $3)", [d.toUpperCase(), studyId, objective]);
  }
  return studyId;
}

const TRIAL_CHILDREN = ["trial_params", "trial_values", "trial_intermediate_values", "trial_user_attributes", "trial_system_attributes", "trial_heartbeats"];

export async function deleteStudy(q: Query, studyId: number): Promise<void> {
  await lockStudy(q, studyId);
  // Optuna's ORM cascades these deletes; the foreign keys themselves do not.
  for (const table of TRIAL_CHILDREN) await q(`DELETE FROM ${table} WHERE trial_id IN (SELECT trial_id FROM trials WHERE study_id = $1)`, [studyId]);
  for (const table of ["trials", "study_directions", "study_user_attributes", "study_system_attributes", "studies"]) await q(`DELETE FROM ${table} WHERE study_id = $1`, [studyId]);
}

export async function setStudyAttr(q: Query, kind: "user" | "system", studyId: number, key: string, json: string): Promise<void> {
  await lockStudy(q, studyId);
  await q(`INSERT INTO study_${kind}_attributes (study_id, key, value_json) VALUES ($1, $2, $3) ON CONFLICT (study_id, key) DO UPDATE SET value_json = EXCLUDED.value_json`, [studyId, key, json]);
}

export async function getStudyIdFromName(q: Query, studyName: string): Promise<number> {
  const rows = await q("SELECT study_id FROM studies WHERE study_name = $1", [studyName]);
  if (rows.length === 0) throw named("KeyError", NOT_FOUND);
  return rows[0].study_id;
}

/** Every study, or only `studyId` (which must exist). */
export async function getStudies(q: Query, studyId: number | null): Promise<StudyRecord[]> {
  const where = studyId === null ? "" : " WHERE study_id = $1";
  const args = studyId === null ? [] : [studyId];
  const studies = await q(`SELECT study_id, study_name FROM studies${where} ORDER BY study_id`, args);
  if (studyId !== null && studies.length === 0) throw named("KeyError", NOT_FOUND);
  const byId = new Map<number, StudyRecord>();
  for (const s of studies) byId.set(s.study_id, { studyId: s.study_id, studyName: s.study_name, directions: [], userAttrs: [], systemAttrs: [] });
  for (const d of await q(`SELECT study_id, direction FROM study_directions${where} ORDER BY study_id, objective`, args)) {
    byId.get(d.study_id)?.directions.push(d.direction === "MAXIMIZE" ? "maximize" : "minimize");
  }
  for (const kind of ["user", "system"] as const) {
    for (const a of await q(`SELECT study_id, key, value_json FROM study_${kind}_attributes${where} ORDER BY study_${kind}_attribute_id`, args)) {
      byId.get(a.study_id)?.[kind === "user" ? "userAttrs" : "systemAttrs"].push([a.key, a.value_json]);
    }
  }
  return [...byId.values()];
}

// ---- trials ----

async function updatableTrial(q: Query, trialId: number, forUpdate = false): Promise<{ state: TrialState; number: number; study_id: number }> {
  const rows = await q(`SELECT state, number, study_id FROM trials WHERE trial_id = $1${forUpdate ? " FOR UPDATE" : ""}`, [trialId]);
  if (rows.length === 0) throw named("KeyError", NOT_FOUND);
  const t = rows[0];
  if (t.state !== "RUNNING" && t.state !== "WAITING") throw named("UpdateFinishedTrialError", `Trial#${t.number} has already finished and can not be updated.`);
  return t;
}

function storedValue(v: number, nan: boolean): [number | null, string] {
  if (v === Infinity) return [null, "INF_POS"];
  if (v === -Infinity) return [null, "INF_NEG"];
  if (Number.isNaN(v)) {
    if (!nan) throw new RangeError(`A trial value must not be NaN`);
    return [null, "NAN"];
  }
  return [v, "FINITE"];
}

async function upsertValue(q: Query, trialId: number, objective: number, value: number): Promise<void> {
  const [v, type] = storedValue(value, false);
  await q("INSERT INTO trial_values (trial_id, objective, value, value_type) VALUES ($1, $2, $3, $4) ON CONFLICT (trial_id, objective) DO UPDATE SET value = EXCLUDED.value, value_type = EXCLUDED.value_type", [trialId, objective, v, type]);
}

async function upsertIntermediate(q: Query, trialId: number, step: number, value: number): Promise<void> {
  const [v, type] = storedValue(value, true);
  await q("INSERT INTO trial_intermediate_values (trial_id, step, intermediate_value, intermediate_value_type) VALUES ($1, $2, $3, $4) ON CONFLICT (trial_id, step) DO UPDATE SET intermediate_value = EXCLUDED.intermediate_value, intermediate_value_type = EXCLUDED.intermediate_value_type", [trialId, step, v, type]);
}

async function upsertTrialAttr(q: Query, kind: "user" | "system", trialId: number, key: string, json: string): Promise<void> {
  await q(`INSERT INTO trial_${kind}_attributes (trial_id, key, value_json) VALUES ($1, $2, $3) ON CONFLICT (trial_id, key) DO UPDATE SET value_json = EXCLUDED.value_json`, [trialId, key, json]);
}

/** Optuna's `_set_trial_param_without_commit`: compatible with this trial's and the study's earlier distribution of the name. */
async function writeParam(q: Query, trialId: number, studyId: number, name: string, internal: number, json: string): Promise<void> {
  const own = await q("SELECT distribution_json FROM trial_params WHERE trial_id = $1 AND param_name = $2", [trialId, name]);
  const earlier = own.length > 0 ? own : await q("SELECT p.distribution_json FROM trial_params p JOIN trials t ON t.trial_id = p.trial_id WHERE t.study_id = $1 AND p.param_name = $2 LIMIT 1", [studyId, name]);
  if (earlier.length > 0) checkDistributionCompatibility(jsonToDistribution(earlier[0].distribution_json), jsonToDistribution(json));
  await q("INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) VALUES ($1, $2, $3, $4) ON CONFLICT (trial_id, param_name) DO UPDATE SET param_value = EXCLUDED.param_value, distribution_json = EXCLUDED.distribution_json", [trialId, name, internal, json]);
}

/**
 * Optuna's `_create_new_trial`: lock the study row, insert the trial
 * (RUNNING while its template's contents are written), then number it by
 * counting the study's earlier trials, all in one transaction.
 */
export async function createNewTrial(q: Query, studyId: number, template: TemplateRecord | null, now: Date): Promise<number> {
  await lockStudy(q, studyId);
  const start = template === null ? now : template.datetimeStart;
  const [{ trial_id: trialId }] = await q("INSERT INTO trials (number, study_id, state, datetime_start, datetime_complete) VALUES (NULL, $1, 'RUNNING', $2, $3) RETURNING trial_id", [studyId, start, template?.datetimeComplete ?? null]);
  if (template !== null) {
    for (const [objective, v] of (template.values ?? []).entries()) await upsertValue(q, trialId, objective, v);
    for (const [name, internal, json] of template.params) await writeParam(q, trialId, studyId, name, internal, json);
    for (const [key, json] of template.userAttrs) await upsertTrialAttr(q, "user", trialId, key, json);
    for (const [key, json] of template.systemAttrs) await upsertTrialAttr(q, "system", trialId, key, json);
    for (const [step, v] of template.intermediateValues) await upsertIntermediate(q, trialId, step, v);
  }
  await q("UPDATE trials SET state = $2, number = (SELECT count(*) FROM trials WHERE study_id = $3 AND trial_id < $1) WHERE trial_id = $1", [trialId, template?.state ?? "RUNNING", studyId]);
  return trialId;
}

export async function setTrialParam(q: Query, trialId: number, name: string, internal: number, json: string): Promise<void> {
  const t = await updatableTrial(q, trialId);
  await writeParam(q, trialId, t.study_id, name, internal, json);
}

export async function getTrialIdFromStudyIdTrialNumber(q: Query, studyId: number, trialNumber: number): Promise<number> {
  const rows = await q("SELECT trial_id FROM trials WHERE study_id = $1 AND number = $2", [studyId, trialNumber]);
  if (rows.length === 0) throw named("KeyError", `No trial with trial number ${trialNumber} exists in study with study_id ${studyId}.`);
  return rows[0].trial_id;
}

/** Optuna's `set_trial_state_values` under the trial's row lock; false when asked to start a trial that is not WAITING. */
export async function setTrialStateValues(q: Query, trialId: number, state: TrialState, values: number[] | null, now: Date): Promise<boolean> {
  const t = await updatableTrial(q, trialId, true);
  for (const [objective, v] of (values ?? []).entries()) await upsertValue(q, trialId, objective, v);
  if (state === "RUNNING" && t.state !== "WAITING") return false;
  const finished = state !== "RUNNING" && state !== "WAITING";
  await q(`UPDATE trials SET state = $2${state === "RUNNING" ? ", datetime_start = $3" : finished ? ", datetime_complete = $3" : ""} WHERE trial_id = $1`, state === "RUNNING" || finished ? [trialId, state, now] : [trialId, state]);
  return true;
}

export async function setTrialIntermediateValue(q: Query, trialId: number, step: number, value: number): Promise<void> {
  await updatableTrial(q, trialId);
  await upsertIntermediate(q, trialId, step, value);
}

export async function setTrialAttr(q: Query, kind: "user" | "system", trialId: number, key: string, json: string): Promise<void> {
  await updatableTrial(q, trialId);
  await upsertTrialAttr(q, kind, trialId, key, json);
}

/**
 * Trials with everything they hold: one trial (`by: "trial"`) or a study's,
 * optionally only some states. Run in a REPEATABLE READ transaction so the
 * seven queries see one snapshot.
 */
export async function getTrials(q: Query, by: "trial" | "study", id: number, states: TrialState[] | null): Promise<TrialRecord[]> {
  if (by === "study" && (await q("SELECT 1 FROM studies WHERE study_id = $1", [id])).length === 0) throw named("KeyError", NOT_FOUND);
  const filter = by === "trial" ? "trial_id = $1" : `study_id = $1${states === null ? "" : " AND state = ANY($2::trialstate[])"}`;
  const args = by === "study" && states !== null ? [id, states] : [id];
  const trials = await q(`SELECT trial_id, number, state, datetime_start, datetime_complete FROM trials WHERE ${filter} ORDER BY number, trial_id`, args);
  if (by === "trial" && trials.length === 0) throw named("KeyError", NOT_FOUND);
  const byId = new Map<number, TrialRecord>();
  for (const t of trials) {
    byId.set(t.trial_id, { trialId: t.trial_id, number: t.number, state: t.state, datetimeStart: t.datetime_start, datetimeComplete: t.datetime_complete, values: null, params: [], userAttrs: [], systemAttrs: [], intermediateValues: [] });
  }
  if (byId.size === 0) return [];
  const ids = [...byId.keys()];
  const child = (columns: string, table: string, order: string) => q(`SELECT trial_id, ${columns} FROM ${table} WHERE trial_id = ANY($1::int[]) ORDER BY ${order}`, [ids]);
  for (const r of await child("objective, value, value_type", "trial_values", "trial_id, objective")) {
    const t = byId.get(r.trial_id)!;
    (t.values ??= []).push(r.value_type === "INF_POS" ? Infinity : r.value_type === "INF_NEG" ? -Infinity : r.value);
  }
  for (const r of await child("param_name, param_value, distribution_json", "trial_params", "param_id")) byId.get(r.trial_id)!.params.push([r.param_name, r.param_value, r.distribution_json]);
  for (const kind of ["user", "system"] as const) {
    for (const r of await child("key, value_json", `trial_${kind}_attributes`, `trial_${kind}_attribute_id`)) byId.get(r.trial_id)![kind === "user" ? "userAttrs" : "systemAttrs"].push([r.key, r.value_json]);
  }
  const types: Record<string, number> = { INF_POS: Infinity, INF_NEG: -Infinity, NAN: NaN };
  for (const r of await child("step, intermediate_value, intermediate_value_type", "trial_intermediate_values", "trial_id, step")) {
    byId.get(r.trial_id)!.intermediateValues.push([r.step, r.intermediate_value_type === "FINITE" ? r.intermediate_value : types[r.intermediate_value_type]]);
  }
  return [...byId.values()];
}

// ---- heartbeats ----

/** Optuna's `record_heartbeat`: the database's clock, so machines' clocks need not agree. */
export async function recordHeartbeat(q: Query, trialId: number): Promise<void> {
  await q("INSERT INTO trial_heartbeats (trial_id, heartbeat) VALUES ($1, LOCALTIMESTAMP) ON CONFLICT (trial_id) DO UPDATE SET heartbeat = EXCLUDED.heartbeat", [trialId]);
}

/** Optuna's `_get_stale_trial_ids`: RUNNING trials whose last heartbeat is more than `gracePeriod` whole seconds old. */
export async function getStaleTrialIds(q: Query, studyId: number, gracePeriod: number): Promise<number[]> {
  const rows = await q(
    "SELECT t.trial_id FROM trials t JOIN trial_heartbeats h ON h.trial_id = t.trial_id WHERE t.study_id = $1 AND t.state = 'RUNNING' AND floor(extract(epoch FROM LOCALTIMESTAMP - h.heartbeat)) > $2 ORDER BY t.trial_id",
    [studyId, gracePeriod],
  );
  return rows.map((r) => r.trial_id);
}
