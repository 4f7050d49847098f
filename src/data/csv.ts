import { readBytes } from "../runtime/load.js";
import { parseCsvRecords } from "./csv_parse.js";
import type { HostArray } from "./host.js";

/** How categorical feature columns become numbers: one 0/1 column per category, or the category's index. */
export type CategoricalEncoding = "onehot" | "index";

/**
 * What to do with a row whose feature is missing, not a number, NaN/Inf or an
 * unknown category: throw naming the line and column, drop the row, or
 * replace the value by the column's mean (the most frequent category for
 * categorical columns). Bad targets are never imputed.
 */
export type InvalidPolicy = "error" | "drop" | "impute-mean";

/** One feature column of a schema. */
export interface CsvColumn {
  name: string;
  kind: "numeric" | "categorical";
  /** Categories in encoding order (categorical columns). */
  categories?: string[];
  /** Value imputed for invalid entries under `impute-mean`, fitted on the data the schema came from. */
  fill?: number | string;
}

/**
 * Everything needed to encode another file the same way (test data with the
 * training file's columns, categories and imputation values). JSON-safe.
 */
export interface CsvSchema {
  columns: CsvColumn[];
  encoding: CategoricalEncoding;
  target?: { name: string; classes?: string[] };
}

/** Options of `readCsv`. */
export interface CsvOptions {
  /** Name of the target column (none by default: every column is a feature). */
  target?: string;
  /** Encoding of categorical feature columns (default `onehot`). */
  categorical?: CategoricalEncoding;
  /** Columns to treat as categorical; columns with no numeric value are detected as categorical anyway. */
  categoricalColumns?: string[];
  /** Columns to leave out (e.g. ids). */
  ignore?: string[];
  /** Policy for invalid feature values (default `error`). */
  onInvalid?: InvalidPolicy;
  /** Strings that mean "missing" (default `""`, `NA`, `N/A`, `null`, `?`). */
  naValues?: string[];
  /** Field delimiter (default `,`). */
  delimiter?: string;
  /** Element type of a numeric target (default `float32`; `int32` for class indices). */
  targetDtype?: "float32" | "int32";
  /** Encode exactly as this schema (from a previous `readCsv`) says. */
  schema?: CsvSchema;
  /** Name of the file in error messages. */
  source?: string;
}

/** A CSV file as model-ready arrays. */
export interface CsvTable {
  /** Features `[rows, features]`. */
  x: HostArray<Float32Array>;
  /** Targets (float32 values, or int32 class indices), if a target column was named. */
  y: Float32Array | Int32Array | undefined;
  /** Name of each feature column of `x` (`column=category` for one-hot columns). */
  featureNames: string[];
  /** The encoding, to read further files the same way. */
  schema: CsvSchema;
  /** The 1-based file line of each row of `x`. */
  lines: Int32Array;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:inf|infinity|nan)$/i;
const DEFAULT_NA = ["", "NA", "N/A", "null", "?"];

/** Parse a trimmed field as a number: the value, or why it is not one. */
function parseNumber(s: string): number | string {
  if (NUMBER.test(s)) return Number(s);
  if (NON_FINITE.test(s)) return `${JSON.stringify(s)} is not finite`;
  return `${JSON.stringify(s)} is not a number`;
}

/**
 * Read CSV text with a header row into features and targets. Numeric columns
 * are parsed strictly; categorical columns are one-hot or index encoded with
 * sorted categories; a non-numeric target becomes int32 class indices.
 * Invalid values throw naming the file line and column unless `onInvalid`
 * says otherwise. Pass `schema: table.schema` to encode a test file like the
 * training file.
 */
export function readCsv(text: string, options: CsvOptions = {}): CsvTable {
  const source = options.source ?? "CSV";
  const policy = options.onInvalid ?? "error";
  const na = new Set(options.naValues ?? DEFAULT_NA);
  const { records, lines } = parseCsvRecords(text, options.delimiter, source);
  if (records.length === 0) throw new Error(`wasmtune: ${source} is empty (no header row)`);
  const header = records[0].map((h) => h.trim());
  const rows = records.slice(1);
  const rowLines = lines.slice(1);
  const columnOf = indexHeader(header, source);
  const locate = (name: string): number => {
    const c = columnOf.get(name);
    if (c === undefined) throw new Error(`wasmtune: ${source} has no column "${name}" (columns: ${header.join(", ")})`);
    return c;
  };
  rows.forEach((r, i) => {
    if (r.length !== header.length) throw new Error(`wasmtune: ${source} line ${rowLines[i]} has ${r.length} fields, the header has ${header.length}`);
  });
  const cell = (i: number, c: number): string => rows[i][c].trim();
  const fail = (i: number, name: string, why: string): never => {
    const hint = policy === "error" ? ` (onInvalid: "drop" or "impute-mean" accepts such rows)` : "";
    throw new Error(`wasmtune: ${source} line ${rowLines[i]}, column "${name}": ${why}${hint}`);
  };

  const targetName = options.schema?.target?.name ?? options.target;
  const targetCol = targetName === undefined ? -1 : locate(targetName);
  const columns = options.schema?.columns.map((c) => ({ ...c, categories: c.categories?.slice() })) ?? inferColumns();
  const colIndex = columns.map((c) => locate(c.name));
  const encoding = options.schema?.encoding ?? options.categorical ?? "onehot";

  function inferColumns(): CsvColumn[] {
    const skip = new Set(options.ignore ?? []);
    const forced = new Set(options.categoricalColumns ?? []);
    for (const name of [...skip, ...forced]) locate(name);
    return header.flatMap((name, c): CsvColumn[] => {
      if (c === targetCol || skip.has(name)) return [];
      const values = rows.map((_, i) => cell(i, c)).filter((s) => !na.has(s));
      const categorical = forced.has(name) || (values.length > 0 && values.every((s) => typeof parseNumber(s) === "string" && !NON_FINITE.test(s)));
      return [categorical ? { name, kind: "categorical", categories: [...new Set(values)].sort() } : { name, kind: "numeric" }];
    });
  }

  // Parse every feature cell, recording invalid ones for the policy.
  const keep = new Uint8Array(rows.length).fill(1);
  const values = columns.map((col, k) => {
    const c = colIndex[k];
    const known = col.kind === "categorical" ? new Map((col.categories ?? []).map((v, j) => [v, j] as const)) : undefined;
    return rows.map((_, i): number | undefined => {
      const s = cell(i, c);
      let why: string;
      if (na.has(s)) why = "missing value";
      else if (known !== undefined) {
        const j = known.get(s);
        if (j !== undefined) return j;
        why = `unknown category ${JSON.stringify(s)} (known: ${[...known.keys()].join(", ")})`;
      } else {
        const v = parseNumber(s);
        if (typeof v === "number") return v;
        why = v;
      }
      if (policy === "error") fail(i, col.name, why);
      if (policy === "drop") keep[i] = 0;
      return undefined;
    });
  });
  const target = targetCol < 0 ? undefined : parseTarget();

  function parseTarget(): { y: Float32Array | Int32Array; classes?: string[] } {
    const name = header[targetCol];
    const raw = rows.map((_, i) => cell(i, targetCol));
    const classes =
      options.schema?.target?.classes ??
      (raw.every((s) => na.has(s) || (typeof parseNumber(s) === "string" && !NON_FINITE.test(s))) ? [...new Set(raw.filter((s) => !na.has(s)))].sort() : undefined);
    const asInt = classes !== undefined || options.targetDtype === "int32";
    const y = asInt ? new Int32Array(rows.length) : new Float32Array(rows.length);
    const known = classes && new Map(classes.map((v, j) => [v, j] as const));
    raw.forEach((s, i) => {
      let v: number | string = na.has(s) ? "missing target" : known ? (known.get(s) ?? `unknown class ${JSON.stringify(s)}`) : parseNumber(s);
      if (typeof v === "number" && asInt && !known && !Number.isInteger(v)) v = `${JSON.stringify(s)} is not an integer class index`;
      if (typeof v === "number") y[i] = v;
      else if (policy === "drop") keep[i] = 0;
      else if (keep[i]) fail(i, name, v);
    });
    return { y, classes };
  }

  // Imputation values: from the schema, else fitted on this file's valid entries.
  if (policy === "impute-mean") {
    columns.forEach((col, k) => {
      if (col.fill === undefined) col.fill = fillValue(col, values[k]);
    });
  }
  const kept: number[] = [];
  keep.forEach((f, i) => f && kept.push(i));
  const featureNames = columns.flatMap((col) =>
    col.kind === "categorical" && encoding === "onehot" ? (col.categories ?? []).map((v) => `${col.name}=${v}`) : [col.name],
  );
  const width = featureNames.length;
  const x = new Float32Array(kept.length * width);
  kept.forEach((i, r) => {
    let at = r * width;
    columns.forEach((col, k) => {
      const v = values[k][i] ?? imputed(col);
      if (col.kind === "categorical" && encoding === "onehot") {
        x[at + v] = 1;
        at += (col.categories ?? []).length;
      } else x[at++] = v;
    });
  });
  const y = target && (target.y instanceof Int32Array ? Int32Array.from(kept, (i) => target.y[i]) : Float32Array.from(kept, (i) => target.y[i]));
  const schema: CsvSchema = { columns, encoding };
  if (targetName !== undefined) schema.target = target?.classes ? { name: targetName, classes: target.classes } : { name: targetName };
  return { x: { data: x, shape: [kept.length, width] }, y, featureNames, schema, lines: Int32Array.from(kept, (i) => rowLines[i]) };
}

function indexHeader(header: string[], source: string): Map<string, number> {
  const m = new Map<string, number>();
  header.forEach((h, c) => {
    if (m.has(h)) throw new Error(`wasmtune: ${source} has two columns named "${h}"`);
    m.set(h, c);
  });
  return m;
}

/** Mean of the valid numeric entries, or the most frequent category (the first in category order on ties). */
function fillValue(col: CsvColumn, values: (number | undefined)[]): number | string {
  const valid = values.filter((v): v is number => v !== undefined);
  if (valid.length === 0) throw new Error(`wasmtune: column "${col.name}" has no valid value to impute from`);
  if (col.kind === "numeric") return valid.reduce((a, b) => a + b, 0) / valid.length;
  const counts = new Int32Array((col.categories ?? []).length);
  for (const v of valid) counts[v]++;
  return (col.categories ?? [])[counts.indexOf(Math.max(...counts))];
}

function imputed(col: CsvColumn): number {
  if (col.kind === "numeric") return col.fill as number;
  return (col.categories ?? []).indexOf(col.fill as string);
}

/** Read a CSV file from a path or URL (disk in Node/Deno/Bun, `fetch` in browsers) with `readCsv`. */
export async function loadCsv(where: string | URL, options: CsvOptions = {}): Promise<CsvTable> {
  const text = new TextDecoder().decode(await readBytes(where));
  return readCsv(text, { source: String(where).split(/[\\/]/).pop(), ...options });
}
