import { accuracyScore, meanAbsoluteError, meanSquaredError, r2Score, rocAucScore } from "../metrics/index.js";
import { exp } from "../runtime/math.js";

/**
 * A metric over a whole pass: the targets, the raw model outputs (`rows ×
 * cols`, row-major; logits for classifiers) and the number of output columns.
 */
export interface Metric {
  name: string;
  compute(target: Float32Array | Int32Array, output: Float32Array, cols: number): number;
}

/** A built-in metric's name, or a custom metric. */
export type MetricSpec = "accuracy" | "auc" | "mse" | "mae" | "r2" | Metric;

/** Predicted classes: logit > 0 for one output column, else the arg-max column. */
function predictedClasses(output: Float32Array, cols: number): Int32Array {
  const rows = output.length / cols;
  const pred = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    if (cols === 1) {
      pred[i] = output[i] > 0 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let j = 1; j < cols; j++) if (output[i * cols + j] > output[i * cols + best]) best = j;
    pred[i] = best;
  }
  return pred;
}

/**
 * Scores for ROC AUC: one logit is the positive-class score as it is (AUC
 * only depends on the order); several columns become softmax probabilities
 * for one-vs-rest AUC.
 */
function scores(output: Float32Array, cols: number): { data: Float64Array; shape: number[] } {
  const rows = output.length / cols;
  if (cols === 1) return { data: Float64Array.from(output), shape: [rows] };
  const p = new Float64Array(output.length);
  for (let i = 0; i < rows; i++) {
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, output[i * cols + j]);
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += p[i * cols + j] = exp(output[i * cols + j] - max);
    for (let j = 0; j < cols; j++) p[i * cols + j] /= sum;
  }
  // Two columns: the second column's probability is the binary score.
  if (cols === 2) return { data: p.filter((_, k) => k % 2 === 1), shape: [rows] };
  return { data: p, shape: [rows, cols] };
}

function matrix(values: Float32Array | Int32Array, cols: number): { data: Float32Array | Int32Array; shape: number[] } {
  return { data: values, shape: cols === 1 ? [values.length] : [values.length / cols, cols] };
}

const BUILTIN: Record<string, Metric> = {
  accuracy: { name: "accuracy", compute: (t, o, cols) => accuracyScore(t, predictedClasses(o, cols)) },
  auc: { name: "auc", compute: (t, o, cols) => rocAucScore(t, scores(o, cols)) },
  mse: { name: "mse", compute: (t, o, cols) => meanSquaredError(matrix(t, cols), matrix(o, cols)) },
  mae: { name: "mae", compute: (t, o, cols) => meanAbsoluteError(matrix(t, cols), matrix(o, cols)) },
  r2: { name: "r2", compute: (t, o, cols) => r2Score(matrix(t, cols), matrix(o, cols)) },
};

/** Metric objects for names and custom metrics; unknown names are refused listing the known ones. */
export function resolveMetrics(specs: readonly MetricSpec[]): Metric[] {
  return specs.map((s) => {
    if (typeof s !== "string") return s;
    const m = BUILTIN[s];
    if (m === undefined) throw new Error(`wasmtune: unknown metric "${s}"; known: ${Object.keys(BUILTIN).map((k) => `"${k}"`).join(", ")}`);
    return m;
  });
}
