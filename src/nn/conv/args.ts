// Reading the size-like arguments of convolution and pooling layers: an
// integer for every spatial dimension, or one integer per dimension, as
// PyTorch's `_pair`/`_single` accept them.

/** One integer for every spatial dimension, or one per dimension. */
export type SizeArg<D extends 1 | 2> = number | (D extends 1 ? readonly [number] : readonly [number, number]);

/**
 * `value` as `dims` integers, each at least `min`; `who` and `name` make the
 * error message (`Conv2d: stride must be …`).
 */
export function sizes(who: string, name: string, value: unknown, dims: number, min: number): number[] {
  const list = typeof value === "number" ? new Array<number>(dims).fill(value) : value;
  if (!Array.isArray(list) || list.length !== dims || !list.every((v) => Number.isInteger(v) && v >= min)) {
    const form = dims === 1 ? "an integer" : `an integer or ${dims} integers`;
    throw new RangeError(`wasmtune: ${who}: ${name} must be ${form} ≥ ${min}, got ${JSON.stringify(value)}`);
  }
  return list.slice();
}

/** Format `[a, b]` as torch prints a tuple: `(a, b)`, or `(a,)` for one. */
export function tuple(v: readonly number[]): string {
  return v.length === 1 ? `(${v[0]},)` : `(${v.join(", ")})`;
}
