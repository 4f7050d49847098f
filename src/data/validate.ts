import { flat } from "./host.js";
import type { ArrayInput } from "./host.js";

/** Where a non-finite value sits: 0-based row and column of a row-major array. */
export interface NonFinite {
  row: number;
  column: number;
  value: number;
}

/** The first NaN or ±Infinity in a row-major array with `columns` values per row, or `undefined`. */
export function findNonFinite(data: ArrayLike<number>, columns = 1): NonFinite | undefined {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    // v - v is 0 for finite numbers and NaN for NaN and ±Infinity.
    if (v - v !== 0) return { row: Math.floor(i / columns), column: i % columns, value: v };
  }
  return undefined;
}

/**
 * Throw if `x` holds NaN or ±Infinity, naming the first offending row and
 * column (0-based), e.g. `wasmtune: features row index 12, column 3 is NaN`.
 */
export function assertFinite(x: ArrayInput, name = "input"): void {
  const f = flat(x, name);
  const columns = f.shape.length > 1 ? f.data.length / f.shape[0] : 1;
  const bad = findNonFinite(f.data, columns);
  if (bad === undefined) return;
  const where = columns > 1 ? `row index ${bad.row}, column ${bad.column}` : `index ${bad.row}`;
  throw new Error(`wasmtune: ${name} ${where} is ${bad.value}`);
}
