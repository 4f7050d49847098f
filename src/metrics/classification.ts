import { finitePair, sampleWeights, weightedSum } from "./input.js";
import type { MetricInput, Values } from "./input.js";
import { checkOptions, optionNames } from "../options.js";

/** Class labels (1-D) or 0/1 indicator rows (2-D), refusing continuous values as scikit-learn does. */
function pair(yTrue: MetricInput, yPred: MetricInput): [Values, Values] {
  const [t, p] = finitePair(yTrue, yPred, "y_true", "y_pred");
  for (const [v, name] of [[t, "y_true"], [p, "y_pred"]] as const) {
    if (!v.data.every(Number.isInteger)) {
      throw new Error(`wasmtune: ${name} holds continuous values; classification metrics need class labels (threshold or take the argmax of scores first)`);
    }
  }
  if (t.cols !== p.cols) throw new Error(`wasmtune: y_true has ${t.cols} columns, y_pred ${p.cols}`);
  return [t, p];
}

/** Options of `accuracyScore`. */
export interface AccuracyOptions {
  /** Return the fraction correct (default true) rather than the (weighted) count. */
  normalize?: boolean;
  sampleWeight?: MetricInput;
}

/**
 * Fraction (or, with `normalize: false`, number) of correctly classified
 * samples, as scikit-learn's `accuracy_score`; for 2-D indicator inputs a
 * row counts only if every label matches (subset accuracy).
 */
export function accuracyScore(yTrue: MetricInput, yPred: MetricInput, options: AccuracyOptions = {}): number {
  checkOptions("accuracyScore", options, ["normalize", "sampleWeight"]);
  const [t, p] = pair(yTrue, yPred);
  const correct = new Float64Array(t.rows);
  for (let i = 0; i < t.rows; i++) {
    let same = true;
    for (let c = 0; c < t.cols; c++) same &&= t.data[i * t.cols + c] === p.data[i * t.cols + c];
    correct[i] = same ? 1 : 0;
  }
  return weightedSum(correct, sampleWeights(options.sampleWeight, t.rows), options.normalize ?? true);
}

/** Options of `confusionMatrix`. */
export interface ConfusionMatrixOptions {
  /** Row/column order (default: the sorted labels present in either input). */
  labels?: number[];
  /** Divide by row sums (`true`), column sums (`pred`) or the total (`all`). */
  normalize?: "true" | "pred" | "all";
  /** Per-sample weights (the matrix then sums weights). */
  sampleWeight?: MetricInput;
}

const CONFUSION_MATRIX_OPTIONS = optionNames<ConfusionMatrixOptions>({ labels: true, normalize: true, sampleWeight: true });

/**
 * Confusion matrix `C[i][j]`: samples of true class `labels[i]` predicted as
 * `labels[j]`, as scikit-learn's `confusion_matrix`.
 */
export function confusionMatrix(yTrue: MetricInput, yPred: MetricInput, options: ConfusionMatrixOptions = {}): number[][] {
  checkOptions("confusionMatrix", options, CONFUSION_MATRIX_OPTIONS);
  const [t, p] = pair(yTrue, yPred);
  if (t.cols !== 1) throw new Error("multilabel-indicator is not supported");
  const labs = options.labels ?? [...new Set([...t.data, ...p.data])].sort((a, b) => a - b);
  if (labs.length === 0) throw new Error("'labels' should contains at least one label.");
  const at = new Map(labs.map((l, i) => [l, i] as const));
  if (options.labels && !t.data.some((v) => at.has(v))) throw new Error("At least one label specified must be in y_true");
  const w = sampleWeights(options.sampleWeight, t.rows);
  const cm = labs.map(() => new Array<number>(labs.length).fill(0));
  for (let i = 0; i < t.rows; i++) {
    const r = at.get(t.data[i]);
    const c = at.get(p.data[i]);
    if (r !== undefined && c !== undefined) cm[r][c] += w ? w[i] : 1;
  }
  const { normalize } = options;
  if (normalize === undefined) return cm;
  const rowSum = cm.map((row) => row.reduce((a, b) => a + b, 0));
  const colSum = labs.map((_, j) => cm.reduce((a, row) => a + row[j], 0));
  const total = rowSum.reduce((a, b) => a + b, 0);
  // Empty rows or columns give 0, as scikit-learn's nan_to_num does.
  const div = (v: number, d: number): number => (d === 0 ? 0 : v / d);
  return cm.map((row, i) => row.map((v, j) => div(v, normalize === "true" ? rowSum[i] : normalize === "pred" ? colSum[j] : total)));
}
