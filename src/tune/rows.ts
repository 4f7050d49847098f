import type { FrozenTrial } from "./frozen_trial.js";

/** One trial as a flat record: Optuna's `trials_dataframe()` columns (`params_lr`, `user_attrs_fold`, …). */
export type TrialRow = Record<string, unknown>;

/**
 * Flat rows with the columns of Optuna's `trials_dataframe()` (without
 * system attributes): `number`, `value` (or `values_0`, `values_1`, … for
 * several objectives), `datetime_start`, `datetime_complete`, `duration`
 * (seconds, null while running), `params_<name>` and `user_attrs_<key>` (each
 * group sorted by name, empty where a trial lacks one), `state`.
 */
export function trialsRows(trials: readonly FrozenTrial[], nObjectives: number): TrialRow[] {
  const params = new Set<string>();
  const attrs = new Set<string>();
  for (const t of trials) {
    for (const k of Object.keys(t.params)) params.add(k);
    for (const k of Object.keys(t.userAttrs)) attrs.add(k);
  }
  const paramNames = [...params].sort();
  const attrNames = [...attrs].sort();
  return trials.map((t) => {
    const row: TrialRow = { number: t.number };
    if (nObjectives === 1) row.value = t.values?.[0] ?? null;
    else for (let i = 0; i < nObjectives; i++) row[`values_${i}`] = t.values?.[i] ?? null;
    row.datetime_start = t.datetimeStart;
    row.datetime_complete = t.datetimeComplete;
    row.duration = t.datetimeStart && t.datetimeComplete ? (t.datetimeComplete.getTime() - t.datetimeStart.getTime()) / 1000 : null;
    for (const k of paramNames) row[`params_${k}`] = k in t.params ? t.params[k] : null;
    for (const k of attrNames) row[`user_attrs_${k}`] = k in t.userAttrs ? t.userAttrs[k] : null;
    row.state = t.state;
    return row;
  });
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  const text = v instanceof Date ? v.toISOString() : typeof v === "object" ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV text (RFC 4180: a header line, quoted fields where needed, CRLF-free
 * `\n` line ends) of rows such as `study.trialsRows()`. Dates are ISO 8601,
 * missing values empty, objects JSON.
 */
export function rowsToCsv(rows: readonly TrialRow[]): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), columns.push(k));
  const lines = [columns.map(cell).join(",")];
  for (const r of rows) lines.push(columns.map((c) => cell(r[c])).join(","));
  return lines.join("\n") + "\n";
}
