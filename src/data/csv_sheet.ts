import { CsvRecords } from "./csv_parse.js";

/**
 * What to do with a row whose feature is missing, not a number, NaN/Inf or an
 * unknown category: throw naming the line and column, drop the row, or
 * replace the value by the column's mean (the most frequent category for
 * categorical columns). Bad targets are never imputed.
 */
export type InvalidPolicy = "error" | "drop" | "impute-mean";

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:inf|infinity|nan)$/i;

/** A cell parsed as a number: the value, or why it is not one. */
export function parseNumber(s: string): number | string {
  // Digits can spell numbers that overflow float64 ("1e999") or the float32 the data is stored in ("3.5e38").
  if (NUMBER.test(s)) return Number.isFinite(Math.fround(Number(s))) ? Number(s) : `${JSON.stringify(s)} is outside the float32 range`;
  if (NON_FINITE.test(s)) return `${JSON.stringify(s)} is not finite`;
  return `${JSON.stringify(s)} is not a number`;
}

/** A cell that is text, not a number (NaN and Inf spellings count as numbers, so they are reported, not encoded). */
export function isText(s: string): boolean {
  return !NUMBER.test(s) && !NON_FINITE.test(s);
}

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

  constructor(
    text: string,
    delimiter: string | undefined,
    readonly source: string,
    readonly policy: InvalidPolicy,
    private readonly na: Set<string>,
  ) {
    const records = (this.records = new CsvRecords(text, delimiter, source));
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

  /** The distinct non-missing cells of a column, sorted, when all are text; `undefined` when any is a number. */
  textValues(column: number): string[] | undefined {
    const seen = new Set<string>();
    for (let i = 0; i < this.size; i++) {
      const s = this.cell(i, column);
      if (this.na.has(s)) continue;
      if (!isText(s)) return undefined;
      seen.add(s);
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
      const hint = this.policy === "error" ? ` (onInvalid: "drop" or "impute-mean" accepts such rows)` : ` (targets are never imputed; onInvalid: "drop" drops such rows)`;
      throw new Error(`wasmtune: ${this.source} line ${this.line(row)}, column "${name}": ${why}${hint}`);
    }
  }
}
