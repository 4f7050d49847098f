/** CSV records split into fields, with the 1-based file line on which each record starts. */
export interface CsvRecords {
  records: string[][];
  lines: number[];
}

/**
 * Split CSV text into records (RFC 4180): fields may be quoted, a quoted
 * field may contain the delimiter, `""` for a quote, and line breaks; lines
 * end in LF or CRLF; a UTF-8 byte-order mark and blank lines are skipped.
 * `source` names the file in error messages.
 */
export function parseCsvRecords(text: string, delimiter = ",", source = "CSV"): CsvRecords {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
    throw new Error(`wasmtune: invalid CSV delimiter ${JSON.stringify(delimiter)}`);
  }
  const records: string[][] = [];
  const lines: number[] = [];
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field: string;
      if (text[i] === '"') {
        let j = i + 1;
        let value = "";
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) throw new Error(`wasmtune: ${source} line ${start}: unterminated quoted field`);
          value += text.slice(j, q);
          line += countNewlines(text, j, q);
          if (text[q + 1] === '"') {
            value += '"';
            j = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        field = value;
        if (i < n && text[i] !== delimiter && text[i] !== "\n" && text[i] !== "\r") {
          throw new Error(`wasmtune: ${source} line ${line}: unexpected text after a closing quote`);
        }
      } else {
        let j = i;
        while (j < n && text[j] !== delimiter && text[j] !== "\n" && text[j] !== "\r") j++;
        field = text.slice(i, j);
        i = j;
      }
      fields.push(field);
      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    // End of record: CRLF, LF or end of text.
    if (text[i] === "\r") i++;
    if (text[i] === "\n") i++;
    line++;
    const blank = fields.length === 1 && fields[0] === "";
    if (!blank) {
      records.push(fields);
      lines.push(start);
    }
  }
  return { records, lines };
}

function countNewlines(text: string, from: number, to: number): number {
  let c = 0;
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === 10) c++;
  return c;
}
