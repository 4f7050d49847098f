import { parseCsvRecords } from "./csv_parse.js";

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
  if (NUMBER.test(s)) return Number(s);
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
  readonly rows: string[][];
  readonly lines: number[];
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
    const { records, lines } = parseCsvRecords(text, delimiter, source);
    if (records.length === 0) throw new Error(`wasmtune: ${source} is empty (no header row)`);
    this.header = records[0].map((h) => h.trim());
    this.rows = records.slice(1);
    this.lines = lines.slice(1);
    this.keep = new Uint8Array(this.rows.length).fill(1);
    this.header.forEach((h, c) => {
      if (this.index.has(h)) throw new Error(`wasmtune: ${source} has two columns named "${h}"`);
      this.index.set(h, c);
    });
    this.rows.forEach((r, i) => {
      if (r.length !== this.header.length) throw new Error(`wasmtune: ${source} line ${this.lines[i]} has ${r.length} fields, the header has ${this.header.length}`);
    });
  }

  /** Position of a column, or an error listing the columns. */
  column(name: string): number {
    const c = this.index.get(name);
    if (c === undefined) throw new Error(`wasmtune: ${this.source} has no column "${name}" (columns: ${this.header.join(", ")})`);
    return c;
  }

  /** The trimmed text of a cell. */
  cell(row: number, column: number): string {
    return this.rows[row][column].trim();
  }

  /** Whether a cell's text means "missing". */
  isMissing(s: string): boolean {
    return this.na.has(s);
  }

  /** The non-missing cells of a column. */
  present(column: number): string[] {
    return this.rows.map((_, i) => this.cell(i, column)).filter((s) => !this.na.has(s));
  }

  /** Apply the invalid-value policy to a bad cell: throw (naming line and column) or drop the row. */
  reject(row: number, name: string, why: string, canImpute = true): void {
    if (this.policy === "drop") this.keep[row] = 0;
    else if (this.policy === "error" || !canImpute) {
      const hint = this.policy === "error" ? ` (onInvalid: "drop" or "impute-mean" accepts such rows)` : ` (targets are never imputed; onInvalid: "drop" drops such rows)`;
      throw new Error(`wasmtune: ${this.source} line ${this.lines[row]}, column "${name}": ${why}${hint}`);
    }
  }
}
