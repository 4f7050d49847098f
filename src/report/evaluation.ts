import { averagePrecisionScore } from "../metrics/average_precision.js";
import { confusionMatrix } from "../metrics/classification.js";
import { precisionRecallCurve, rocCurve } from "../metrics/curve.js";
import { rocAucScore } from "../metrics/roc_auc.js";
import type { PrCurveLike } from "./charts/pr_curve.js";
import type { RocCurveLike } from "./charts/roc_curve.js";

/** A classifier's scores on held-out rows, as the report's evaluation section shows them. */
export interface Evaluation {
  roc?: RocCurveLike;
  pr?: PrCurveLike;
  confusionMatrix?: readonly (readonly number[])[];
  /** Class names of the confusion matrix. */
  labels?: readonly (string | number)[];
  /** Final scores by name (`roc_auc`, `accuracy`, …), shown as a table. */
  scores?: Readonly<Record<string, number>>;
}

/**
 * The curves and confusion matrix of a classifier from its outputs on
 * held-out rows: `logits` has one column (binary; a logit ≥ 0 predicts
 * class 1, and the logits rank rows as the probabilities do) or one per
 * class (the largest predicts). `yTrue` holds class indices. Imports no
 * charting code, so a Web Worker can compute it next to the model.
 */
export function classifierEvaluation(
  yTrue: ArrayLike<number>,
  logits: readonly (readonly number[])[],
  options: { classes?: readonly (string | number)[]; scores?: Readonly<Record<string, number>> } = {},
): Evaluation {
  const truth = Array.from(yTrue);
  if (logits.length !== truth.length) throw new RangeError(`classifierEvaluation: ${logits.length} rows of logits for ${truth.length} targets`);
  const width = logits[0]?.length ?? 0;
  const base = { ...(options.scores ? { scores: options.scores } : {}), ...(options.classes ? { labels: options.classes } : {}) };
  if (width === 1) {
    const score = logits.map((r) => r[0]);
    return {
      ...base,
      roc: { ...rocCurve(truth, score), auc: rocAucScore(truth, score) },
      pr: { ...precisionRecallCurve(truth, score), averagePrecision: averagePrecisionScore(truth, score) },
      confusionMatrix: confusionMatrix(truth, score.map((v) => (v >= 0 ? 1 : 0)), { labels: [0, 1] }),
    };
  }
  const predicted = logits.map((r) => r.indexOf(Math.max(...r)));
  return { ...base, confusionMatrix: confusionMatrix(truth, predicted, { labels: Array.from({ length: width }, (_, i) => i) }) };
}
