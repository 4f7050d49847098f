import type { Finding } from "../finding.js";
import { columnMoments, fmt } from "../stats.js";
import type { Context } from "./context.js";
import { trainingTask } from "./task.js";

// unscaled-inputs: a feature whose root mean square exceeds 10, or standard
// deviations spread over more than 100×. Default initialisations (PyTorch's
// Kaiming-uniform Linear) assume inputs of unit scale: at 10× the first
// layer's pre-activations and gradients are 10× too, tanh/sigmoid saturate;
// and a 100× spread of scales is a 10⁴ spread of curvature, so one learning
// rate cannot suit every weight.
const RMS_LIMIT = 10;
const SPREAD_LIMIT = 100;
// class-imbalance: the largest class more than 10× the smallest. Then
// predicting the majority scores over 90% accuracy for binary data and the
// minority gives a small share of the gradient.
const IMBALANCE_RATIO = 10;

function unscaledInputs(ctx: Context): Finding[] {
  const m = ctx.matrix("train");
  if (!m || m.rows < 2 || m.cols === 0) return [];
  const { means, variances } = columnMoments(m.x, m.rows, m.cols);
  let worst = 0;
  let worstRms = 0;
  let minSd = Infinity;
  let maxSd = 0;
  for (let j = 0; j < m.cols; j++) {
    const rms = Math.sqrt(means[j] * means[j] + variances[j]);
    if (rms > worstRms) [worst, worstRms] = [j, rms];
    const sd = Math.sqrt(variances[j]);
    if (sd > 0) [minSd, maxSd] = [Math.min(minSd, sd), Math.max(maxSd, sd)];
  }
  const spread = maxSd > 0 ? maxSd / minSd : 1;
  if (worstRms <= RMS_LIMIT && spread <= SPREAD_LIMIT) return [];
  return [
    {
      code: "unscaled-inputs",
      severity: "warning",
      epoch: null,
      message:
        worstRms > RMS_LIMIT
          ? `Feature column ${worst} has values of order ${fmt(worstRms)} (root mean square); networks train best on features of order 1.`
          : `The features' standard deviations range over ${fmt(spread)}× (${fmt(minSd)} to ${fmt(maxSd)}): one learning rate cannot suit them all.`,
      evidence: { worstColumn: worst, worstRms, minSd, maxSd, spread },
      suggestion: "Standardise the features with data.StandardScaler (or data.MinMaxScaler) fitted on the training rows, and apply the same scaler to validation and test rows.",
    },
  ];
}

function classImbalance(ctx: Context): Finding[] {
  const task = trainingTask(ctx);
  if (task?.kind !== "classes") return [];
  const present = task.counts.filter((c) => c > 0);
  if (present.length < 2) return [];
  const most = Math.max(...present);
  const least = Math.min(...present);
  if (most / least <= IMBALANCE_RATIO) return [];
  const total = present.reduce((a, b) => a + b, 0);
  return [
    {
      code: "class-imbalance",
      severity: "warning",
      epoch: null,
      message: `The largest class has ${fmt(most / least)}× the rows of the smallest (${least} of ${total}): accuracy flatters a model that ignores the rare class.`,
      evidence: { largest: most, smallest: least, ratio: most / least, counts: task.counts.join(" ") },
      suggestion: "Weight the rare classes in the loss (nn.CrossEntropyLoss weight, nn.BCEWithLogitsLoss posWeight), split with stratify (data.trainTestSplit), and judge by ROC AUC or average precision (metrics.rocAucScore, metrics.averagePrecisionScore).",
    },
  ];
}

/** The checks on the training features and targets themselves. */
export function dataInputChecks(ctx: Context): Finding[] {
  return [...unscaledInputs(ctx), ...classImbalance(ctx)];
}
