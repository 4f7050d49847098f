import type { Values } from "./input.js";

/** How per-class (or per-label) binary scores are combined. */
export type Average = "macro" | "weighted";

/**
 * scikit-learn's `_average_binary_score` over the columns of a 0/1 indicator
 * matrix: `score(column c of yTrue, column c of yScore)` per column, then the
 * plain mean (`macro`) or the mean weighted by each column's positives
 * (`weighted`), optionally with per-sample weights.
 */
export function averageBinaryScore(
  score: (y01: Float64Array, s: Float64Array, weight: Float64Array | undefined) => number,
  indicator: Values,
  yScore: Values,
  average: Average,
  weight: Float64Array | undefined,
): number {
  if (average !== "macro" && average !== "weighted") throw new Error(`average has to be one of ('macro', 'weighted'), got ${String(average)}`);
  const { rows, cols } = indicator;
  const weights = new Float64Array(cols);
  // A column's weight is its (sample-weighted) number of positives.
  for (let i = 0; i < rows; i++) for (let c = 0; c < cols; c++) weights[c] += indicator.data[i * cols + c] * (weight ? weight[i] : 1);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  if (average === "weighted" && totalWeight === 0) return 0;
  let sum = 0;
  for (let c = 0; c < cols; c++) {
    const y = column(indicator, c);
    const s = column(yScore, c);
    const value = score(y, s, weight);
    // scikit-learn zeroes (NaN) scores of columns without positives under `weighted`.
    sum += average === "weighted" ? (weights[c] === 0 ? 0 : value * weights[c]) : value;
  }
  return average === "weighted" ? sum / totalWeight : sum / cols;
}

/** Column `c` of a 2-D input. */
export function column(v: Values, c: number): Float64Array {
  const out = new Float64Array(v.rows);
  for (let i = 0; i < v.rows; i++) out[i] = v.data[i * v.cols + c];
  return out;
}
