// Guessing a CSV file's field delimiter. A semicolon file read with commas
// becomes one text column (or ragged rows) and, worse, its decimal commas can
// split numbers in two; so the delimiter is chosen from what actually splits
// the file evenly, and an undecidable file is refused rather than guessed.

const CANDIDATES = [",", ";", "\t"] as const;
/** Records looked at: enough to see ragged splits, few enough to stay instant on large files. */
const SAMPLE_RECORDS = 64;
const QUOTE = 34;
const LF = 10;
const CR = 13;

const shown = (d: string): string => (d === "\t" ? "tab" : JSON.stringify(d));

/** Per sampled record, how often each candidate occurs outside quotes (blank lines skipped). */
function candidateCounts(text: string): number[][] {
  const codes = CANDIDATES.map((d) => d.charCodeAt(0));
  const records: number[][] = [];
  let counts = [0, 0, 0];
  let empty = true;
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length && records.length < SAMPLE_RECORDS; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted; // a doubled quote toggles twice, as it should
    if (quoted) {
      empty = false;
      continue;
    }
    if (c === LF || c === CR) {
      if (!empty) records.push(counts);
      counts = [0, 0, 0];
      empty = true;
      continue;
    }
    empty = false;
    const k = codes.indexOf(c);
    if (k >= 0) counts[k]++;
  }
  if (!empty && records.length < SAMPLE_RECORDS) records.push(counts);
  return records;
}

/**
 * The field delimiter of CSV text: comma, semicolon or tab, whichever splits
 * the first records (the header and up to 63 rows) into the same number of
 * fields. A file no candidate splits is one column (comma). When none splits
 * evenly, the one the header uses is taken (the parser then names the ragged
 * line); when several do, or the header uses several, the text is refused
 * with a hint to pass `delimiter`.
 */
export function detectDelimiter(text: string, source: string): string {
  const records = candidateCounts(text);
  if (records.length === 0) return ",";
  const header = records[0];
  const even = CANDIDATES.filter((_, k) => header[k] > 0 && records.every((r) => r[k] === header[k]));
  if (even.length === 1) return even[0];
  const inHeader = CANDIDATES.filter((_, k) => header[k] > 0);
  if (even.length === 0 && inHeader.length <= 1) return inHeader[0] ?? ",";
  const which = even.length > 1 ? even : inHeader;
  throw new Error(
    `wasmtune: ${source}: cannot tell the field delimiter: ${which.map(shown).join(" and ")} ${which.length > 2 ? "all" : "both"} split the header${even.length > 1 ? " and every row evenly" : ""}; pass delimiter (CLI: --delimiter) with the right one`,
  );
}
