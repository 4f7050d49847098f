const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * CSV text split into records and fields without copying: each field is a
 * range of the text, so a large file does not become millions of strings
 * until cells are read.
 */
export class CsvRecords {
  /** Number of records (blank lines skipped). */
  readonly count: number;
  /** Per field: start, end (exclusive) and 1 if quoted, in one growable buffer. */
  private fields = new Int32Array(3 * 1024);
  private fieldCount = 0;
  /** Index of each record's first field, plus one past the last field. */
  private readonly firsts: number[] = [];
  /** The 1-based file line on which each record starts. */
  readonly lines: number[] = [];

  /**
   * Split `text` (RFC 4180): fields may be quoted, a quoted field may contain
   * the delimiter, `""` for a quote, and line breaks; lines end in LF or CRLF;
   * a byte-order mark and blank lines are skipped. `source` names the file in
   * error messages; `limit` stops after that many records (the header alone).
   */
  constructor(
    private readonly text: string,
    delimiter = ",",
    source = "CSV",
    limit = Infinity,
  ) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
      throw new Error(`wasmtune: invalid CSV delimiter ${JSON.stringify(delimiter)}`);
    }
    const sep = delimiter.charCodeAt(0);
    const n = text.length;
    let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    let line = 1;
    while (i < n && this.lines.length < limit) {
      const first = this.fieldCount;
      const startLine = line;
      for (;;) {
        if (text.charCodeAt(i) === QUOTE) {
          let q = i + 1;
          // Find the closing quote, stepping over "" escapes.
          for (;;) {
            q = text.indexOf('"', q);
            if (q < 0) throw new Error(`wasmtune: ${source} line ${startLine}: unterminated quoted field`);
            if (text.charCodeAt(q + 1) !== QUOTE) break;
            q += 2;
          }
          for (let k = i; k < q; k++) if (text.charCodeAt(k) === LF) line++;
          this.push(i + 1, q, 1);
          i = q + 1;
          const c = text.charCodeAt(i);
          if (i < n && c !== sep && c !== LF && c !== CR) throw new Error(`wasmtune: ${source} line ${line}: unexpected text after a closing quote`);
        } else {
          let j = i;
          for (let c = text.charCodeAt(j); j < n && c !== sep && c !== LF && c !== CR; c = text.charCodeAt(++j));
          this.push(i, j, 0);
          i = j;
        }
        if (i < n && text.charCodeAt(i) === sep) i++;
        else break;
      }
      if (text.charCodeAt(i) === CR) i++;
      if (text.charCodeAt(i) === LF) i++;
      line++;
      const f = this.fields;
      const blank = this.fieldCount === first + 1 && f[3 * first] === f[3 * first + 1] && f[3 * first + 2] === 0;
      if (blank) this.fieldCount--;
      else {
        this.firsts.push(first);
        this.lines.push(startLine);
      }
    }
    this.firsts.push(this.fieldCount);
    this.count = this.lines.length;
  }

  /** Number of fields of record `r`. */
  width(r: number): number {
    return this.firsts[r + 1] - this.firsts[r];
  }

  /** The text of field `f` of record `r`, unquoted. */
  field(r: number, f: number): string {
    const k = 3 * (this.firsts[r] + f);
    const s = this.text.slice(this.fields[k], this.fields[k + 1]);
    return this.fields[k + 2] ? s.replaceAll('""', '"') : s;
  }

  private push(start: number, end: number, quoted: number): void {
    let f = this.fields;
    if (3 * this.fieldCount + 3 > f.length) {
      f = new Int32Array(f.length * 2);
      f.set(this.fields);
      this.fields = f;
    }
    const k = 3 * this.fieldCount++;
    f[k] = start;
    f[k + 1] = end;
    f[k + 2] = quoted;
  }
}
