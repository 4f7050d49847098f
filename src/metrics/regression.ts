import { finitePair } from "./input.js";
import type { MetricInput } from "./input.js";

function averageError(yTrue: MetricInput, yPred: MetricInput, err: (d: number) => number): number {
  const [t, p] = finitePair(yTrue, yPred, "y_true", "y_pred");
  if (t.cols !== p.cols) throw new Error(`y_true and y_pred have different number of output (${t.cols}!=${p.cols})`);
  // Per-output means, then their plain average (multioutput='uniform_average').
  let total = 0;
  for (let c = 0; c < t.cols; c++) {
    let s = 0;
    for (let i = 0; i < t.rows; i++) s += err(t.data[i * t.cols + c] - p.data[i * t.cols + c]);
    total += s / t.rows;
  }
  return total / t.cols;
}

/** Mean squared error, as scikit-learn's `mean_squared_error` (outputs averaged uniformly). */
export function meanSquaredError(yTrue: MetricInput, yPred: MetricInput): number {
  return averageError(yTrue, yPred, (d) => d * d);
}

/** Mean absolute error, as scikit-learn's `mean_absolute_error` (outputs averaged uniformly). */
export function meanAbsoluteError(yTrue: MetricInput, yPred: MetricInput): number {
  return averageError(yTrue, yPred, Math.abs);
}
