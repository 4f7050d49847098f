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
  /**
   * Multi-class strategy: one-vs-rest (`ovr`, default) or one-vs-one (`ovo`,
   * Hand & Till's average over class pairs; no `sampleWeight`).
   */
  multiClass?: "ovr" | "ovo";
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
 *   (rows summing to 1); one-vs-rest AUCs averaged (`macro`, or `weighted` by
 *   prevalence), or one-vs-one: per pair of classes the mean of the two AUCs
 *   on that pair's samples, averaged (`macro`, or `weighted` by the pair's
 *   share of the samples).
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
  if (s.ndim !== 2) throw new Error(`wasmtune: multi-class y_true needs y_score of shape [N, C] with class probabilities, got a 1-D y_score`);
  // scikit-learn's order of checks, so that the same input gets the same error.
  checkProbabilities(s);
  if (average !== "macro" && average !== "weighted") throw new Error(`average must be one of ('macro', 'weighted') for multiclass problems, got ${String(average)}`);
  if (multiClass !== "ovr" && multiClass !== "ovo") throw new Error(`multi_class='${String(multiClass)}' is not supported for multiclass ROC AUC, multi_class must be in ('ovo', 'ovr')`);
  if (classes.length !== s.cols) throw new Error("Number of classes in y_true not equal to the number of columns in 'y_score'");
  if (multiClass === "ovo") {
    if (w !== undefined) throw new Error("sample_weight is not supported for multiclass one-vs-one ROC AUC, 'sample_weight' must be None in this case.");
    return oneVsOne(codes, classes.length, s, average);
  }
  const indicator: Values = { data: new Float64Array(t.rows * s.cols), rows: t.rows, cols: s.cols, ndim: 2, float32: false };
  codes.forEach((c, i) => (indicator.data[i * s.cols + c] = 1));
  return averageBinaryScore(binaryRocAuc, indicator, s, average, w);
}

/**
 * Hand & Till's multi-class AUC (scikit-learn's `_average_multiclass_ovo_score`):
 * for each pair a < b, the samples of a or b, the AUC of a's score column
 * separating a from b and of b's column separating b from a, and their mean;
 * then the plain mean over pairs or the mean weighted by each pair's share
 * of all samples.
 */
function oneVsOne(codes: Int32Array, classes: number, s: Values, average: "macro" | "weighted"): number {
  let sum = 0;
  let weights = 0;
  for (let a = 0; a < classes; a++) {
    for (let b = a + 1; b < classes; b++) {
      const rows: number[] = [];
      codes.forEach((c, i) => (c === a || c === b) && rows.push(i));
      const isA = Float64Array.from(rows, (i) => (codes[i] === a ? 1 : 0));
      const isB = isA.map((v) => 1 - v);
      const scoreA = Float64Array.from(rows, (i) => s.data[i * s.cols + a]);
      const scoreB = Float64Array.from(rows, (i) => s.data[i * s.cols + b]);
      const pair = (binaryRocAuc(isA, scoreA, undefined) + binaryRocAuc(isB, scoreB, undefined)) / 2;
      const weight = average === "weighted" ? rows.length / codes.length : 1;
      sum += pair * weight;
      weights += weight;
    }
  }
  return sum / weights;
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

