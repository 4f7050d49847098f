import { encodeClasses } from "../data/classes.js";
import { averageBinaryScore } from "./average.js";
import type { Average } from "./average.js";
import { auc, roc } from "./curve.js";
import { finitePair, sampleWeights } from "./input.js";
import type { MetricInput, Values } from "./input.js";
import { checkOptions, optionNames } from "../options.js";

/** Options of `rocAucScore`. */
export interface RocAucOptions {
  /** Combination of the per-class scores for multi-class and multi-label problems (default `macro`). */
  average?: Average;
  /** Multi-class strategy; only one-vs-rest is implemented (default `ovr`). */
  multiClass?: "ovr";
  /** Per-sample weights. */
  sampleWeight?: MetricInput;
}

const ROC_AUC_OPTIONS = optionNames<RocAucOptions>({ average: true, multiClass: true, sampleWeight: true });

/**
 * Area under the ROC curve, as scikit-learn's `roc_auc_score`.
 *
 * - Binary: `yTrue` with two distinct labels (the larger is positive) and
 *   `yScore` `[N]`; ties are handled exactly (trapezoids over distinct
 *   thresholds).
 * - Multi-class: `yTrue` class labels and `yScore` `[N, C]` probabilities
 *   (rows summing to 1); one-vs-rest AUCs averaged (`macro` or `weighted` by
 *   prevalence).
 * - Multi-label: `yTrue` `[N, C]` 0/1 indicators; per-column AUCs averaged.
 */
export function rocAucScore(yTrue: MetricInput, yScore: MetricInput, options: RocAucOptions = {}): number {
  checkOptions("rocAucScore", options, ROC_AUC_OPTIONS);
  const { average = "macro", multiClass = "ovr" } = options;
  const [t, s] = finitePair(yTrue, yScore, "y_true", "y_score");
  const w = sampleWeights(options.sampleWeight, t.rows);
  if (t.ndim === 2 && t.cols > 1) {
    if (s.cols !== t.cols) throw new Error(`y_true and y_score have different shapes: (${t.rows}, ${t.cols}) and (${s.rows}, ${s.cols})`);
    return averageBinaryScore(binaryRocAuc, t, s, average, w);
  }
  const { classes, codes } = encodeClasses(t.data);
  if (classes.length <= 2 && !(s.ndim === 2 && s.cols > 2)) {
    if (s.cols !== 1) throw new Error(`y should be a 1d array, got an array of shape (${s.rows}, ${s.cols}) instead.`);
    return binaryRocAuc(Float64Array.from(codes), s.data, w);
  }
  if (multiClass !== "ovr") throw new Error(`multi_class='${String(multiClass)}' is not supported for multiclass ROC AUC, multi_class must be in ('ovr',)`);
  if (s.ndim !== 2) throw new Error(`wasmtune: multi-class y_true needs y_score of shape [N, C] with class probabilities, got a 1-D y_score`);
  checkProbabilities(s);
  if (classes.length !== s.cols) throw new Error("Number of classes in y_true not equal to the number of columns in 'y_score'");
  const indicator: Values = { data: new Float64Array(t.rows * s.cols), rows: t.rows, cols: s.cols, ndim: 2, float32: false };
  codes.forEach((c, i) => (indicator.data[i * s.cols + c] = 1));
  return averageBinaryScore(binaryRocAuc, indicator, s, average, w);
}

function binaryRocAuc(y01: Float64Array, score: Float64Array, weight: Float64Array | undefined): number {
  let pos = 0;
  for (const v of y01) pos += v;
  if (pos === 0 || pos === y01.length) throw new Error("Only one class present in y_true. ROC AUC score is not defined in that case.");
  const curve = roc(y01, score, weight);
  return auc(curve.fpr, curve.tpr);
}

function checkProbabilities(s: Values): void {
  for (let i = 0; i < s.rows; i++) {
    let sum = 0;
    for (let c = 0; c < s.cols; c++) sum += s.data[i * s.cols + c];
    // np.allclose(1, sum): |1 - sum| <= atol + rtol * |sum|
    if (!(Math.abs(1 - sum) <= 1e-8 + 1e-5 * Math.abs(sum))) {
      throw new Error("Target scores need to be probabilities for multiclass roc_auc, i.e. they should sum up to 1.0 over classes");
    }
  }
}

