/**
 * A dimension index counted from the end when negative, as PyTorch wraps
 * it; `nd` is the number of dimensions it may name (a 0-d tensor accepts 0
 * and -1, as in PyTorch).
 */
export function wrapDim(dim: number, nd: number): number {
  const n = Math.max(nd, 1);
  if (!Number.isInteger(dim)) throw new TypeError(`wasmtune: a dimension must be an integer, got ${String(dim)}`);
  if (dim < -n || dim >= n) throw new RangeError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  return dim < 0 ? dim + n : dim;
}

/** Product of `shape[from..to)`. */
export function span(shape: readonly number[], from: number, to: number): number {
  let n = 1;
  for (let i = from; i < to; i++) n *= shape[i];
  return n;
}

/** Refuse an integer argument that is not one, naming the operation. */
export function intArg(op: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`wasmtune: ${op}(): ${name} must be an integer, got ${String(v)}`);
  return v;
}

