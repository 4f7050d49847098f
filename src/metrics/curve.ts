import { checkConsistentLength, sampleWeights, vector } from "./input.js";
import type { MetricInput } from "./input.js";
import { checkOptions, optionNames } from "../options.js";

/** Counts at each distinct score threshold, from the highest score down (scikit-learn's `_binary_clf_curve`). */
export interface ClfCurve {
  fps: Float64Array;
  tps: Float64Array;
  thresholds: Float64Array;
}

/** Options of the binary curves. */
export interface CurveOptions {
  /** The positive class. Default 1, which needs `yTrue` in {0, 1} or {-1, 1}. */
  posLabel?: number;
  /** Per-sample weights. */
  sampleWeight?: MetricInput;
}

const CURVE_OPTIONS = optionNames<CurveOptions>({ posLabel: true, sampleWeight: true });

/** `yTrue` as 0/1 for `posLabel`, checking scikit-learn's rule for the default positive label. */
export function binarize(yTrue: Float64Array, posLabel: number | undefined): Float64Array {
  if (posLabel === undefined) {
    const classes = [...new Set(yTrue)].sort((a, b) => a - b);
    const ok = classes.every((c) => c === 0 || c === 1) || classes.every((c) => c === -1 || c === 1);
    if (!ok) {
      throw new Error(`y_true takes value in {${classes.join(", ")}} and pos_label is not specified: either make y_true take value in {0, 1} or {-1, 1} or pass pos_label explicitly.`);
    }
  }
  const pos = posLabel ?? 1;
  return yTrue.map((v) => (v === pos ? 1 : 0));
}

/**
 * True and false positive counts (weight sums, with `weight`) at every
 * distinct threshold of `score`, highest first. Zero-weight samples are left
 * out, as scikit-learn does.
 */
export function binaryClfCurve(y01: Float64Array, score: Float64Array, weight?: Float64Array): ClfCurve {
  checkConsistentLength(y01.length, score.length);
  const used = weight === undefined ? score : score.filter((_, i) => weight[i] !== 0);
  // Distinct scores, highest first (a native numeric sort: no comparator calls).
  const sorted = Float64Array.from(used).sort();
  const distinct: number[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) if (i === sorted.length - 1 || sorted[i] !== sorted[i + 1]) distinct.push(sorted[i]);
  const thresholds = Float64Array.from(distinct);
  // Positive and negative weight at each threshold, then running sums from the top.
  const tps = new Float64Array(thresholds.length);
  const fps = new Float64Array(thresholds.length);
  for (let i = 0; i < score.length; i++) {
    const w = weight === undefined ? 1 : weight[i];
    if (w === 0) continue;
    const k = rankDescending(thresholds, score[i]);
    tps[k] += y01[i] * w;
    fps[k] += (1 - y01[i]) * w;
  }
  for (let k = 1; k < thresholds.length; k++) {
    tps[k] += tps[k - 1];
    fps[k] += fps[k - 1];
  }
  return { fps, tps, thresholds };
}

/** Position of `v` in the strictly decreasing `a` (binary search; `v` is present). */
function rankDescending(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] > v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A receiver operating characteristic curve. */
export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  /** Decreasing; the first is `max(score) + 1` (scikit-learn 1.2). */
  thresholds: Float64Array;
}

/**
 * ROC curve of a binary problem, as scikit-learn's `roc_curve` with
 * `drop_intermediate=True`: collinear points are dropped and (0, 0) is
 * prepended.
 */
export function rocCurve(yTrue: MetricInput, yScore: MetricInput, options: CurveOptions & { dropIntermediate?: boolean } = {}): RocCurve {
  checkOptions("rocCurve", options, [...CURVE_OPTIONS, "dropIntermediate"]);
  const y = vector(yTrue, "y_true");
  return roc(binarize(y, options.posLabel), vector(yScore, "y_score"), sampleWeights(options.sampleWeight, y.length), options.dropIntermediate ?? true);
}

/** `rocCurve` on 0/1 labels. */
export function roc(y01: Float64Array, score: Float64Array, weight: Float64Array | undefined, dropIntermediate = true): RocCurve {
  const { fps, tps, thresholds } = binaryClfCurve(y01, score, weight);
  const keep: number[] = [];
  const n = fps.length;
  const drop = dropIntermediate && n > 2;
  for (let i = 0; i < n; i++) {
    // A point is a corner when the second difference of fps or tps is non-zero.
    const corner = i === 0 || i === n - 1 || fps[i - 1] - 2 * fps[i] + fps[i + 1] !== 0 || tps[i - 1] - 2 * tps[i] + tps[i + 1] !== 0;
    if (!drop || corner) keep.push(i);
  }
  const lastF = fps[n - 1];
  const lastT = tps[n - 1];
  const at = (a: Float64Array, first: number, scale: number): Float64Array => Float64Array.from([first, ...keep.map((i) => a[i] / scale)]);
  return { fpr: at(fps, 0, lastF), tpr: at(tps, 0, lastT), thresholds: Float64Array.from([thresholds[keep[0]] + 1, ...keep.map((i) => thresholds[i])]) };
}

/** A precision-recall curve, recall decreasing. */
export interface PrecisionRecallCurve {
  precision: Float64Array;
  recall: Float64Array;
  /** Increasing. */
  thresholds: Float64Array;
}

/**
 * Precision and recall at every distinct threshold, as scikit-learn 1.2's
 * `precision_recall_curve`: ends with precision 1 at recall 0; all-negative
 * `yTrue` gives recall 1 everywhere.
 */
export function precisionRecallCurve(yTrue: MetricInput, probasPred: MetricInput, options: CurveOptions = {}): PrecisionRecallCurve {
  checkOptions("precisionRecallCurve", options, CURVE_OPTIONS);
  const y = vector(yTrue, "y_true");
  return prCurve(binarize(y, options.posLabel), vector(probasPred, "probas_pred"), sampleWeights(options.sampleWeight, y.length));
}

/** `precisionRecallCurve` on 0/1 labels. */
export function prCurve(y01: Float64Array, score: Float64Array, weight?: Float64Array): PrecisionRecallCurve {
  const { fps, tps, thresholds } = binaryClfCurve(y01, score, weight);
  const n = tps.length;
  const last = tps[n - 1];
  const precision = new Float64Array(n + 1);
  const recall = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const ps = tps[i] + fps[i];
    precision[n - 1 - i] = ps !== 0 ? tps[i] / ps : 0;
    recall[n - 1 - i] = last === 0 ? 1 : tps[i] / last;
  }
  precision[n] = 1;
  recall[n] = 0;
  return { precision, recall, thresholds: thresholds.slice().reverse() };
}

/** Area under a curve by the trapezoidal rule, as scikit-learn's `auc` (`x` monotonic). */
export function auc(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkConsistentLength(x.length, y.length);
  if (x.length < 2) throw new Error(`At least 2 points are needed to compute area under curve, but x.shape = ${x.length}`);
  let direction = 1;
  let up = true;
  let down = true;
  for (let i = 1; i < x.length; i++) {
    if (x[i] < x[i - 1]) up = false;
    if (x[i] > x[i - 1]) down = false;
  }
  if (!up) {
    if (!down) throw new Error(`x is neither increasing nor decreasing : [${Array.from(x).join(" ")}].`);
    direction = -1;
  }
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return direction * area;
}
