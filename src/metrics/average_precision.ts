import { averageBinaryScore } from "./average.js";
import type { Average } from "./average.js";
import { binarize, prCurve } from "./curve.js";
import { finitePair, sampleWeights } from "./input.js";
import type { MetricInput } from "./input.js";
import { checkOptions, optionNames } from "../options.js";

/** Options of `averagePrecisionScore`. */
export interface AveragePrecisionOptions {
  /** Combination of per-label scores for 2-D indicator `yTrue` (default `macro`). */
  average?: Average;
  /** The positive class of a binary problem (default 1, needing labels in {0, 1} or {-1, 1}). */
  posLabel?: number;
  /** Per-sample weights. */
  sampleWeight?: MetricInput;
}

const AVERAGE_PRECISION_OPTIONS = optionNames<AveragePrecisionOptions>({ average: true, posLabel: true, sampleWeight: true });

/**
 * Average precision, as scikit-learn's `average_precision_score`: the
 * step-wise sum `Σ (R_n - R_{n-1}) P_n` over distinct thresholds (no
 * interpolation, no trapezoids). Binary `yTrue` `[N]`, or multi-label
 * indicators `[N, C]` with per-column scores averaged.
 */
export function averagePrecisionScore(yTrue: MetricInput, yScore: MetricInput, options: AveragePrecisionOptions = {}): number {
  checkOptions("averagePrecisionScore", options, AVERAGE_PRECISION_OPTIONS);
  const [t, s] = finitePair(yTrue, yScore, "y_true", "y_score");
  const w = sampleWeights(options.sampleWeight, t.rows);
  if (t.ndim === 2 && t.cols > 1) {
    if (options.posLabel !== undefined && options.posLabel !== 1) {
      throw new Error("Parameter pos_label is fixed to 1 for multilabel-indicator y_true. Do not set pos_label or set pos_label to 1.");
    }
    return averageBinaryScore(binaryAveragePrecision, t, s, options.average ?? "macro", w);
  }
  const classes = new Set(t.data);
  if (classes.size > 2) throw new Error("multiclass format is not supported");
  if (s.cols !== 1) throw new Error(`y should be a 1d array, got an array of shape (${s.rows}, ${s.cols}) instead.`);
  if (options.posLabel !== undefined && classes.size === 2 && !classes.has(options.posLabel)) {
    throw new Error(`pos_label=${options.posLabel} is not a valid label. It should be one of [${[...classes].sort((a, b) => a - b).join(", ")}]`);
  }
  return binaryAveragePrecision(binarize(t.data, options.posLabel), s.data, w);
}

function binaryAveragePrecision(y01: Float64Array, score: Float64Array, weight: Float64Array | undefined): number {
  const { precision, recall } = prCurve(y01, score, weight);
  let ap = 0;
  for (let i = 0; i + 1 < recall.length; i++) ap -= (recall[i + 1] - recall[i]) * precision[i];
  return ap;
}
