import { shapeStr } from "../tensor.js";
import { flat } from "../data/host.js";
import type { ArrayInput } from "../data/host.js";

/** Metric inputs: arrays, nested arrays, typed arrays, `HostArray`s or tensors. */
export type MetricInput = ArrayInput;

/** A metric input as float64 values with rows and columns (`cols` is 1 for 1-D inputs). */
export interface Values {
  data: Float64Array;
  rows: number;
  cols: number;
  ndim: number;
  /** The input was float32 (typed array or tensor). */
  float32: boolean;
}

/** Read a 1-D or 2-D metric input. */
export function values(x: MetricInput, name: string): Values {
  const f = flat(x, name);
  if (f.shape.length > 2) throw new Error(`wasmtune: ${name} must be 1-D or 2-D, got shape ${shapeStr(f.shape)}`);
  const rows = f.shape[0] ?? 1;
  const cols = f.shape.length === 2 ? f.shape[1] : 1;
  return { data: Float64Array.from(f.data), rows, cols, ndim: f.shape.length, float32: f.float32 };
}

/** A 1-D metric input (a `[N, 1]` column is accepted as 1-D), checked to be finite as scikit-learn's `check_array` does. */
export function vector(x: MetricInput, name: string): Float64Array {
  const v = values(x, name);
  if (v.cols !== 1) throw new Error(`y should be a 1d array, got an array of shape (${v.rows}, ${v.cols}) instead.`);
  checkFinite(v.data);
  return v.data;
}

/** scikit-learn's errors for NaN and infinite inputs. */
export function checkFinite(data: Float64Array): void {
  for (const v of data) {
    if (Number.isNaN(v)) throw new Error("Input contains NaN.");
    if (!Number.isFinite(v)) throw new Error("Input contains infinity or a value too large for dtype('float64').");
  }
}

/** Throw scikit-learn's error when two inputs have different numbers of samples. */
export function checkConsistentLength(...lengths: number[]): void {
  if (lengths.some((n) => n !== lengths[0])) throw new Error(`Found input variables with inconsistent numbers of samples: [${lengths.join(", ")}]`);
}

/** Per-sample weights (`sample_weight`), checked against the number of samples; `undefined` stays unweighted. */
export function sampleWeights(w: MetricInput | undefined, n: number): Float64Array | undefined {
  if (w === undefined) return undefined;
  const v = vector(w, "sample_weight");
  if (v.length !== n) throw new Error(`sample_weight.shape == (${v.length},), expected (${n},)!`);
  return v;
}

/**
 * Per-sample values combined as scikit-learn's `_weighted_sum`: the (weighted)
 * mean when `normalize`, else the (weighted) sum.
 */
export function weightedSum(values: ArrayLike<number>, weight: Float64Array | undefined, normalize: boolean): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weight ? weight[i] : 1;
    sum += values[i] * w;
    total += w;
  }
  return normalize ? sum / total : sum;
}

/** Two finite inputs with the same number of samples (e.g. `y_true` and `y_score`). */
export function finitePair(a: MetricInput, b: MetricInput, nameA: string, nameB: string): [Values, Values] {
  const va = values(a, nameA);
  const vb = values(b, nameB);
  checkConsistentLength(va.rows, vb.rows);
  checkFinite(va.data);
  checkFinite(vb.data);
  return [va, vb];
}
