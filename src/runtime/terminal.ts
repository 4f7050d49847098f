// Where progress goes: a server runtime's stdout when there is one (Node,
// Bun, Deno all expose `process.stdout`), otherwise nowhere by default.

/** A text sink; `isTTY` allows in-place updates with `\r`. */
export interface TextOutput {
  write(text: string): void;
  isTTY: boolean;
  columns?: number;
}

/** The process's standard output, or undefined in browsers and workers. */
export function stdout(): TextOutput | undefined {
  const out = (globalThis as { process?: { stdout?: { write(s: string): unknown; isTTY?: boolean; columns?: number } } }).process?.stdout;
  if (out === undefined || typeof out.write !== "function") return undefined;
  return { write: (s) => void out.write(s), isTTY: out.isTTY === true, columns: out.columns };
}
