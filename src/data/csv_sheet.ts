import { detectDelimiter } from "./csv_delimiter.js";
import { CsvRecords } from "./csv_parse.js";

/**
 * What to do with a row whose feature is missing, not a number, NaN/Inf or an
 * unknown category: throw naming the line and column, drop the row, or
 * replace the value by the column's mean (the most frequent category for
 * categorical columns). Bad targets are never imputed.
 */
export type InvalidPolicy = "error" | "drop" | "impute-mean";

/** How a file writes numbers and separates fields. */
export interface SheetFormat {
  /** Field delimiter; detected (comma, semicolon or tab) when undefined. */
  delimiter: string | undefined;
  /** Decimal mark of numbers: `.` or `,` (`3,14`; the delimiter must then be another character). */
  decimal: "." | ",";
  /** Name of the file in error messages. */
  source: string;
  policy: InvalidPolicy;
  /** Cells that mean "missing". */
  na: Set<string>;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const COMMA_NUMBER = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;
/** Numbers written with the other decimal mark (not integers): what a file in the other convention looks like. */
const DECIMAL_COMMA = /^[+-]?(?:\d+,\d*|,\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_POINT = /^[+-]?(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:inf|infinity|nan)$/i;
/** Largest finite float32; larger values would become Infinity in the feature tensors. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * The data rows of a CSV file under its header, with the file line of each
 * row, so that every error can name the line and column.
 */
export class Sheet {
  readonly header: string[];
  /** Number of data rows. */
  readonly size: number;
  private readonly records: CsvRecords;
  /** Rows still in: cleared by `reject` under the `drop` policy. */
  readonly keep: Uint8Array;
  private readonly index = new Map<string, number>();

  readonly source: string;
  readonly policy: InvalidPolicy;
  private readonly na: Set<string>;
  private readonly number: RegExp;
  /** Numbers with the decimal mark this file was not read with. */
  private readonly otherMark: RegExp;
  /** What to do about such numbers. */
  private readonly markHint: string;

  constructor(text: string, private readonly format: SheetFormat) {
    const { source, decimal } = format;
    this.source = source;
    this.policy = format.policy;
    this.na = format.na;
    if (decimal !== "." && decimal !== ",") throw new Error(`wasmtune: decimal must be "." or ",", got ${JSON.stringify(decimal)}`);
    if (decimal === format.delimiter) throw new Error(`wasmtune: decimal ${JSON.stringify(decimal)} needs another field delimiter (";" or tab)`);
    this.number = decimal === "," ? COMMA_NUMBER : NUMBER;
    this.otherMark = decimal === "," ? DECIMAL_POINT : DECIMAL_COMMA;
    this.markHint = decimal === "," ? `the file is read with decimal: ","; leave that out for a decimal point` : `pass decimal: "," to read a decimal comma (CLI: --decimal ,)`;
    const records = (this.records = new CsvRecords(text, format.delimiter ?? detectDelimiter(text, source), source));
    if (records.count === 0) throw new Error(`wasmtune: ${source} is empty (no header row)`);
    this.header = Array.from({ length: records.width(0) }, (_, c) => records.field(0, c).trim());
    this.size = records.count - 1;
    this.keep = new Uint8Array(this.size).fill(1);
    this.header.forEach((h, c) => {
      if (this.index.has(h)) throw new Error(`wasmtune: ${source} has two columns named "${h}"`);
      this.index.set(h, c);
    });
    for (let i = 0; i < this.size; i++) {
      const w = records.width(i + 1);
      if (w !== this.header.length) throw new Error(`wasmtune: ${source} line ${this.line(i)} has ${w} fields, the header has ${this.header.length}`);
    }
  }

  /** Whether the header has a column of this name. */
  has(name: string): boolean {
    return this.index.has(name);
  }

  /** Position of a column, or an error listing the columns. */
  column(name: string): number {
    const c = this.index.get(name);
    if (c === undefined) throw new Error(`wasmtune: ${this.source} has no column "${name}" (columns: ${this.header.join(", ")})`);
    return c;
  }

  /** The trimmed text of a cell. */
  cell(row: number, column: number): string {
    return this.records.field(row + 1, column).trim();
  }

  /** The 1-based file line of a data row. */
  line(row: number): number {
    return this.records.lines[row + 1];
  }

  /** Whether a cell's text means "missing". */
  isMissing(s: string): boolean {
    return this.na.has(s);
  }

  /** A cell parsed as a number: the value, or why it is not one (a value float32 cannot hold is not one either). */
  parseNumber(s: string): number | string {
    if (this.number.test(s)) {
      const v = Number(this.format.decimal === "," ? s.replace(",", ".") : s);
      // Values that round to the largest float32 are fine; beyond, float32 holds Infinity.
      return Number.isFinite(Math.fround(v)) ? v : `${JSON.stringify(s)} is outside the float32 range (largest ${FLOAT32_MAX.toPrecision(8)})`;
    }
    if (NON_FINITE.test(s)) return `${JSON.stringify(s)} is not finite`;
    if (this.otherMark.test(s)) return `${JSON.stringify(s)} is not a number (${this.markHint})`;
    return `${JSON.stringify(s)} is not a number`;
  }

  /**
   * The distinct non-missing cells of a column, sorted, when all are text;
   * `undefined` when any is a number (NaN and Inf spellings count as numbers,
   * so that they are reported, not encoded). A column of numbers with the
   * other decimal mark (`3,14` read with `.`) is refused, not taken for text.
   */
  textValues(column: number): string[] | undefined {
    const seen = new Set<string>();
    let otherNumbers = 0;
    for (let i = 0; i < this.size; i++) {
      const s = this.cell(i, column);
      if (this.na.has(s)) continue;
      if (this.number.test(s) || NON_FINITE.test(s)) return undefined;
      if (!seen.has(s) && this.otherMark.test(s)) otherNumbers++;
      seen.add(s);
    }
    if (seen.size > 0 && otherNumbers === seen.size) {
      const example = JSON.stringify([...seen][0]);
      throw new Error(`wasmtune: ${this.source} column "${this.header[column]}" holds numbers such as ${example} with the other decimal mark; ${this.markHint}, or list a feature in categoricalColumns to keep it as text`);
    }
    return seen.size > 0 ? [...seen].sort() : undefined;
  }

  /** The distinct non-missing cells of a column, sorted. */
  distinct(column: number): string[] {
    const seen = new Set<string>();
    for (let i = 0; i < this.size; i++) {
      const s = this.cell(i, column);
      if (!this.na.has(s)) seen.add(s);
    }
    return [...seen].sort();
  }

  /** Apply the invalid-value policy to a bad cell: throw (naming line and column) or drop the row. */
  reject(row: number, name: string, why: string, canImpute = true): void {
    if (this.policy === "drop") this.keep[row] = 0;
    else if (this.policy === "error" || !canImpute) {
      const hint =
        this.policy === "error"
          ? ` (onInvalid: "drop" or "impute-mean" accepts such rows; CLI: --on-invalid drop or impute)`
          : ` (targets are never imputed; onInvalid: "drop" drops such rows; CLI: --on-invalid drop)`;
      throw new Error(`wasmtune: ${this.source} line ${this.line(row)}, column "${name}": ${why}${hint}`);
    }
  }
}
