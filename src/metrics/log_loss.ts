import { encodeClasses } from "../data/classes.js";
import { log } from "../runtime/math.js";
import { checkConsistentLength, checkFinite, sampleWeights, values, vector, weightedSum } from "./input.js";
import type { MetricInput } from "./input.js";
import { checkOptions, optionNames } from "../options.js";

/** Options of `logLoss`, as scikit-learn 1.2's `log_loss`. */
export interface LogLossOptions {
  /**
   * Clip probabilities to [eps, 1 - eps]. `auto` (default) is the machine
   * epsilon of the input: 2^-23 for float32 typed arrays and tensors, 2^-52
   * otherwise.
   */
  eps?: number | "auto";
  /** Mean (default) or sum over samples. */
  normalize?: boolean;
  /** All class labels, when `yTrue` may miss some. */
  labels?: number[];
  /** Per-sample weights. */
  sampleWeight?: MetricInput;
}

const LOG_LOSS_OPTIONS = optionNames<LogLossOptions>({ eps: true, normalize: true, labels: true, sampleWeight: true });

/**
 * Cross-entropy of predicted probabilities, as scikit-learn 1.2's `log_loss`:
 * `yPred` is `[N]` (probability of the larger of two classes) or `[N, C]`
 * (columns in sorted label order); probabilities are clipped to
 * [eps, 1 - eps] and rows renormalised. Computed in float64.
 */
export function logLoss(yTrue: MetricInput, yPred: MetricInput, options: LogLossOptions = {}): number {
  checkOptions("logLoss", options, LOG_LOSS_OPTIONS);
  const y = vector(yTrue, "y_true");
  const p = values(yPred, "y_pred");
  checkFinite(p.data);
  checkConsistentLength(y.length, p.rows);
  const eps = options.eps === undefined || options.eps === "auto" ? (p.float32 ? 2 ** -23 : Number.EPSILON) : options.eps;
  const { classes } = encodeClasses(options.labels ?? Array.from(y));
  if (classes.length === 1) {
    if (options.labels === undefined) {
      throw new Error(`y_true contains only one label (${classes[0]}). Please provide the true labels explicitly through the labels argument.`);
    }
    throw new Error(`The labels array needs to contain at least two labels for log_loss, got [${classes.join(" ")}].`);
  }
  const position = new Map(classes.map((c, i) => [c, i] as const));
  const k = p.cols === 1 ? 2 : p.cols;
  if (classes.length !== k) {
    if (options.labels === undefined) {
      throw new Error(`y_true and y_pred contain different number of classes ${classes.length}, ${k}. Please provide the true labels explicitly through the labels argument. Classes found in y_true: [${classes.join(" ")}]`);
    }
    throw new Error(`The number of classes in labels is different from that in y_pred. Classes found in labels: [${classes.join(" ")}]`);
  }
  const clip = (v: number): number => Math.min(1 - eps, Math.max(eps, v));
  const row = new Float64Array(k);
  const loss = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const c = position.get(y[i]);
    if (c === undefined) throw new Error(`y_true contains values not belonging to the passed labels [${classes.join(" ")}].`);
    if (p.cols === 1) {
      row[1] = clip(p.data[i]);
      row[0] = 1 - row[1];
    } else for (let j = 0; j < k; j++) row[j] = clip(p.data[i * k + j]);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += row[j];
    loss[i] = -log(row[c] / sum);
  }
  return weightedSum(loss, sampleWeights(options.sampleWeight, y.length), options.normalize ?? true);
}
