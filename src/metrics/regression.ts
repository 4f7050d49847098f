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
