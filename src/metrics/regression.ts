import { finitePair, sampleWeights, weightedSum } from "./input.js";
import type { MetricInput } from "./input.js";
import { checkOptions, optionNames } from "../options.js";

/** Options of the regression metrics. */
export interface RegressionOptions {
  /** Per-sample weights. */
  sampleWeight?: MetricInput;
}

const REGRESSION_OPTIONS = optionNames<RegressionOptions>({ sampleWeight: true });

function averageError(yTrue: MetricInput, yPred: MetricInput, options: RegressionOptions, err: (d: number) => number): number {
  const [t, p] = finitePair(yTrue, yPred, "y_true", "y_pred");
  const w = sampleWeights(options.sampleWeight, t.rows);
  const column = new Float64Array(t.rows);
  if (t.cols !== p.cols) throw new Error(`y_true and y_pred have different number of output (${t.cols}!=${p.cols})`);
  // Per-output means, then their plain average (multioutput='uniform_average').
  let total = 0;
  for (let c = 0; c < t.cols; c++) {
    for (let i = 0; i < t.rows; i++) column[i] = err(t.data[i * t.cols + c] - p.data[i * t.cols + c]);
    total += weightedSum(column, w, true);
  }
  return total / t.cols;
}

/** Mean squared error, as scikit-learn's `mean_squared_error` (outputs averaged uniformly). */
export function meanSquaredError(yTrue: MetricInput, yPred: MetricInput, options: RegressionOptions = {}): number {
  checkOptions("meanSquaredError", options, REGRESSION_OPTIONS);
  return averageError(yTrue, yPred, options, (d) => d * d);
}

/** Mean absolute error, as scikit-learn's `mean_absolute_error` (outputs averaged uniformly). */
export function meanAbsoluteError(yTrue: MetricInput, yPred: MetricInput, options: RegressionOptions = {}): number {
  checkOptions("meanAbsoluteError", options, REGRESSION_OPTIONS);
  return averageError(yTrue, yPred, options, Math.abs);
}

/** How `r2Score` combines the scores of several outputs. */
export type Multioutput = "uniform_average" | "raw_values" | "variance_weighted" | ArrayLike<number>;

/** Options of `r2Score`. */
export interface R2Options extends RegressionOptions {
  /**
   * `uniform_average` (default), `raw_values` (one score per output),
   * `variance_weighted` (weighted by each output's variance), or one weight
   * per output.
   */
  multioutput?: Multioutput;
  /**
   * Replace the scores of constant outputs: 1 for perfect predictions, 0
   * otherwise (default true); false gives NaN and -Infinity there.
   */
  forceFinite?: boolean;
}

/**
 * The coefficient of determination R², as scikit-learn's `r2_score`:
 * `1 - Σ w (y - ŷ)² / Σ w (y - ȳ)²` per output, then averaged as
 * `multioutput` says (an array of per-output scores for `raw_values`). Fewer
 * than two samples give NaN, as there.
 */
export function r2Score(yTrue: MetricInput, yPred: MetricInput, options: R2Options & { multioutput: "raw_values" }): Float64Array;
export function r2Score(yTrue: MetricInput, yPred: MetricInput, options?: R2Options): number;
export function r2Score(yTrue: MetricInput, yPred: MetricInput, options: R2Options = {}): number | Float64Array {
  checkOptions("r2Score", options, ["sampleWeight", "multioutput", "forceFinite"]);
  const { multioutput = "uniform_average", forceFinite = true } = options;
  const [t, p] = finitePair(yTrue, yPred, "y_true", "y_pred");
  const k = t.cols;
  if (k !== p.cols) throw new Error(`y_true and y_pred have different number of output (${k}!=${p.cols})`);
  const custom = typeof multioutput === "string" ? undefined : Float64Array.from(multioutput);
  if (typeof multioutput === "string" && !["raw_values", "uniform_average", "variance_weighted"].includes(multioutput)) {
    throw new Error(`Allowed 'multioutput' string values are ('raw_values', 'uniform_average', 'variance_weighted'). You provided multioutput='${multioutput}'`);
  }
  if (custom && k === 1) throw new Error("Custom weights are useful only in multi-output cases.");
  if (custom && custom.length !== k) throw new Error(`There must be equally many custom weights (${custom.length}) as outputs (${k}).`);
  if (custom && custom.reduce((x, y) => x + y, 0) === 0) throw new Error("Weights sum to zero, can't be normalized");
  const w = sampleWeights(options.sampleWeight, t.rows);
  if (t.rows < 2) return NaN;
  const numerator = new Float64Array(k);
  const denominator = new Float64Array(k);
  const column = new Float64Array(t.rows);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < t.rows; i++) column[i] = t.data[i * k + c];
    const mean = weightedSum(column, w, true);
    for (let i = 0; i < t.rows; i++) {
      const wi = w ? w[i] : 1;
      numerator[c] += wi * (column[i] - p.data[i * k + c]) ** 2;
      denominator[c] += wi * (column[i] - mean) ** 2;
    }
  }
  const scores = numerator.map((num, c) => {
    const den = denominator[c];
    if (!forceFinite) return 1 - num / den;
    return num === 0 ? 1 : den === 0 ? 0 : 1 - num / den;
  });
  if (multioutput === "raw_values") return scores;
  // variance_weighted falls back to uniform weights when every output is constant.
  const weights = multioutput === "variance_weighted" ? (denominator.some((d) => d !== 0) ? denominator : undefined) : custom;
  return weightedSum(scores, weights, true);
}
