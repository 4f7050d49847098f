import { readBytes } from "../runtime/load.js";
import { detectDelimiter } from "./csv_delimiter.js";
import { CsvRecords } from "./csv_parse.js";
import { Sheet } from "./csv_sheet.js";
import type { InvalidPolicy } from "./csv_sheet.js";
import type { HostArray } from "./host.js";
import { checkOptions, optionNames } from "../options.js";

export type { InvalidPolicy };

/** How categorical feature columns become numbers: one 0/1 column per category, or the category's index. */
export type CategoricalEncoding = "onehot" | "index";

/** One feature column of a schema. */
export interface CsvColumn {
  name: string;
  kind: "numeric" | "categorical";
  /** Categories in encoding order (categorical columns). */
  categories?: string[];
  /** Value imputed for invalid entries under `impute-mean`: the mean (most frequent category) of the data the schema came from. */
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
  /** Columns to treat as categorical (even when numeric); columns with no numeric value are detected as categorical anyway. */
  categoricalColumns?: string[];
  /**
   * Most categories a one-hot encoded column may have (default 1000): an
   * identifier read as text would otherwise become one feature per row.
   */
  maxCategories?: number;
  /** Columns to leave out (e.g. ids). */
  ignore?: string[];
  /** Policy for invalid feature values (default `error`). */
  onInvalid?: InvalidPolicy;
  /** Strings that mean "missing" (default `""`, `NA`, `N/A`, `null`, `?`). */
  naValues?: string[];
  /** Field delimiter (default: detected, comma, semicolon or tab; an undecidable file is refused). */
  delimiter?: string;
  /** Decimal mark of numbers: `.` (default) or `,` (`3,14`, with a `;` or tab delimiter). */
  decimal?: "." | ",";
  /** Element type of a numeric target (default `float32`; `int32` for class indices). */
  targetDtype?: "float32" | "int32";
  /** Encode exactly as this schema (from a previous `readCsv`) says; the target column may then be absent (`y` is undefined). */
  schema?: CsvSchema;
  /** Name of the file in error messages. */
  source?: string;
}

const CSV_OPTIONS = optionNames<CsvOptions>({ target: true, categorical: true, categoricalColumns: true, maxCategories: true, ignore: true, onInvalid: true, naValues: true, delimiter: true, decimal: true, targetDtype: true, schema: true, source: true });

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

const DEFAULT_NA = ["", "NA", "N/A", "null", "?"];
const DEFAULT_MAX_CATEGORIES = 1000;
/** Below this many rows an all-distinct text column is still taken for categories. */
const IDENTIFIER_ROWS = 50;

/**
 * Read CSV text with a header row into features and targets. Numeric columns
 * are parsed strictly; categorical columns are one-hot or index encoded with
 * sorted categories; a non-numeric target becomes int32 class indices.
 * Invalid values throw naming the file line and column unless `onInvalid`
 * says otherwise. Pass `schema: table.schema` to encode a test file like the
 * training file.
 */
export function readCsv(text: string, options: CsvOptions = {}): CsvTable {
  checkOptions("readCsv", options, CSV_OPTIONS);
  const sheet = new Sheet(text, {
    delimiter: options.delimiter,
    decimal: options.decimal ?? ".",
    source: options.source ?? "CSV",
    policy: options.onInvalid ?? "error",
    na: new Set(options.naValues ?? DEFAULT_NA),
  });
  const targetName = options.schema?.target?.name ?? options.target;
  // With a schema, a file without the target column is unlabelled data to predict on.
  const unlabelled = options.schema !== undefined && targetName !== undefined && !sheet.has(targetName);
  const targetCol = targetName === undefined || unlabelled ? -1 : sheet.column(targetName);
  const columns = options.schema?.columns.map((c) => ({ ...c })) ?? inferColumns(sheet, targetCol, options);
  const values = columns.map((col) => parseColumn(sheet, col));
  const target = targetCol < 0 ? undefined : parseTarget(sheet, targetCol, options);
  // A new schema keeps every column's fill value, so that a later file can be imputed like this one.
  if (options.schema === undefined || sheet.policy === "impute-mean") {
    columns.forEach((col, k) => (col.fill ??= fillValue(col, values[k], sheet.policy === "impute-mean")));
  }
  const kept: number[] = [];
  sheet.keep.forEach((f, i) => f && kept.push(i));
  const encoding = options.schema?.encoding ?? options.categorical ?? "onehot";
  const { x, featureNames } = encode(columns, values, kept, encoding);
  const schema: CsvSchema = { columns, encoding };
  if (targetName !== undefined) schema.target = target?.classes ? { name: targetName, classes: target.classes } : { name: targetName };
  const y = target && (target.y instanceof Int32Array ? Int32Array.from(kept, (i) => target.y[i]) : Float32Array.from(kept, (i) => target.y[i]));
  return { x, y, featureNames, schema, lines: Int32Array.from(kept, (i) => sheet.line(i)) };
}

/**
 * Feature columns in file order: categorical when forced or when no cell is a
 * number. Text columns that would one-hot encode into too many features, or
 * that differ in every row (identifiers), are refused naming the column.
 */
function inferColumns(sheet: Sheet, targetCol: number, options: CsvOptions): CsvColumn[] {
  const skip = new Set(options.ignore ?? []);
  const forced = new Set(options.categoricalColumns ?? []);
  for (const name of [...skip, ...forced]) sheet.column(name);
  const limit = options.maxCategories ?? DEFAULT_MAX_CATEGORIES;
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`wasmtune: maxCategories must be a positive integer, got ${limit}`);
  const oneHot = (options.categorical ?? "onehot") === "onehot";
  return sheet.header.flatMap((name, c): CsvColumn[] => {
    if (c === targetCol || skip.has(name)) return [];
    const categories = forced.has(name) ? sheet.distinct(c) : sheet.textValues(c);
    if (categories === undefined) return [{ name, kind: "numeric" }];
    const ignoreHint = `leave it out with ignore: ["${name}"] (CLI: --ignore ${/^[\w.-]+$/.test(name) ? name : JSON.stringify(name)})`;
    if (!forced.has(name) && sheet.size >= IDENTIFIER_ROWS && categories.length === sheet.size) {
      throw new Error(`wasmtune: ${sheet.source} column "${name}" has a different text value in each of its ${sheet.size} rows (an identifier?); ${ignoreHint}, or list it in categoricalColumns (CLI: --categorical) to encode it anyway`);
    }
    if (oneHot && categories.length > limit) {
      throw new Error(`wasmtune: ${sheet.source} column "${name}" has ${categories.length} distinct values, more than maxCategories (${limit}) one-hot features; ${ignoreHint}, or raise maxCategories (CLI: --max-categories)`);
    }
    return [{ name, kind: "categorical", categories }];
  });
}

/** A column's numbers (category indices for categorical columns); NaN marks an invalid cell (valid cells are finite). */
function parseColumn(sheet: Sheet, col: CsvColumn): Float64Array {
  const c = sheet.column(col.name);
  const known = col.kind === "categorical" ? new Map((col.categories ?? []).map((v, j) => [v, j] as const)) : undefined;
  const out = new Float64Array(sheet.size);
  for (let i = 0; i < out.length; i++) {
    const s = sheet.cell(i, c);
    const v = sheet.isMissing(s) ? "missing value" : known ? (known.get(s) ?? `unknown category ${JSON.stringify(s)} (known: ${[...known.keys()].join(", ")})`) : sheet.parseNumber(s);
    if (typeof v === "number") out[i] = v;
    else {
      sheet.reject(i, col.name, v);
      out[i] = NaN;
    }
  }
  return out;
}

/** Targets: class indices for text labels (sorted classes, or the schema's), else numbers. */
function parseTarget(sheet: Sheet, c: number, options: CsvOptions): { y: Float32Array | Int32Array; classes?: string[] } {
  const name = sheet.header[c];
  const classes = options.schema?.target?.classes ?? sheet.textValues(c);
  const known = classes && new Map(classes.map((v, j) => [v, j] as const));
  const asInt = known !== undefined || options.targetDtype === "int32";
  const y = asInt ? new Int32Array(sheet.size) : new Float32Array(sheet.size);
  for (let i = 0; i < sheet.size; i++) {
    const s = sheet.cell(i, c);
    let v = sheet.isMissing(s) ? "missing target" : known ? (known.get(s) ?? `unknown class ${JSON.stringify(s)}`) : sheet.parseNumber(s);
    if (typeof v === "number" && asInt && !(Number.isInteger(v) && Math.abs(v) < 2 ** 31)) v = `${JSON.stringify(s)} is not an integer class index`;
    if (typeof v === "number") y[i] = v;
    else sheet.reject(i, name, v, false);
  }
  return { y, classes };
}

/**
 * Mean of the valid numeric entries, or the most frequent category (the first
 * in category order on ties); undefined for a column without a valid value,
 * unless one is `needed`.
 */
function fillValue(col: CsvColumn, values: Float64Array, needed: boolean): number | string | undefined {
  const valid = values.filter((v) => !Number.isNaN(v));
  if (valid.length === 0) {
    if (needed) throw new Error(`wasmtune: column "${col.name}" has no valid value to impute from`);
    return undefined;
  }
  if (col.kind === "numeric") return valid.reduce((a, b) => a + b, 0) / valid.length;
  const categories = col.categories ?? [];
  const counts = new Int32Array(categories.length);
  for (const v of valid) counts[v]++;
  return categories[counts.indexOf(Math.max(...counts))];
}

/** The feature matrix of the kept rows, invalid cells imputed. */
function encode(columns: CsvColumn[], values: Float64Array[], kept: number[], encoding: CategoricalEncoding): { x: HostArray<Float32Array>; featureNames: string[] } {
  const oneHot = (col: CsvColumn): boolean => col.kind === "categorical" && encoding === "onehot";
  const featureNames = columns.flatMap((col) => (oneHot(col) ? (col.categories ?? []).map((v) => `${col.name}=${v}`) : [col.name]));
  const width = featureNames.length;
  const x = new Float32Array(kept.length * width);
  const fills = columns.map((col) => (col.kind === "numeric" ? (col.fill as number) : (col.categories ?? []).indexOf(col.fill as string)));
  const spans = columns.map((col) => (oneHot(col) ? (col.categories ?? []).length : 1));
  kept.forEach((i, r) => {
    let at = r * width;
    columns.forEach((col, k) => {
      const parsed = values[k][i];
      const v = Number.isNaN(parsed) ? fills[k] : parsed;
      if (oneHot(col)) x[at + v] = 1;
      else x[at] = v;
      at += spans[k];
    });
  });
  return { x: { data: x, shape: [kept.length, width] }, featureNames };
}

/**
 * The column names of CSV text (its header row, unquoted and trimmed), with
 * the delimiter given or detected as `readCsv` does. Only the header is
 * parsed.
 */
export function csvHeader(text: string, options: { delimiter?: string; source?: string } = {}): string[] {
  checkOptions("csvHeader", options, ["delimiter", "source"]);
  const source = options.source ?? "CSV";
  const records = new CsvRecords(text, options.delimiter ?? detectDelimiter(text, source), source, 1);
  if (records.count === 0) throw new Error(`wasmtune: ${source} is empty (no header row)`);
  return Array.from({ length: records.width(0) }, (_, c) => records.field(0, c).trim());
}

/** Read a CSV file from a path or URL (disk in Node/Deno/Bun, `fetch` in browsers) with `readCsv`. */
export async function loadCsv(where: string | URL, options: CsvOptions = {}): Promise<CsvTable> {
  const text = new TextDecoder().decode(await readBytes(where));
  return readCsv(text, { source: String(where).split(/[\\/]/).pop(), ...options });
}
