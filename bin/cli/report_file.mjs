// `--report FILE`: the run as one self-contained HTML page (wasmtune/report),
// loaded only when asked for so that the other commands never load ECharts.

/**
 * A classifier's held-out curves for the report: ROC and precision-recall
 * (binary; from the logits, which rank the rows as the probabilities do) and
 * the confusion matrix (every classification task). Regression: scores only.
 */
export function evaluationFor(wt, model, x, y, task, scores) {
  if (task.kind === "regression") return { scores };
  const { metrics } = wt;
  const out = wt.train.predict(model, x).toArray();
  const truth = Array.from(y);
  if (task.kind === "binary") {
    const logits = out.map((r) => r[0]);
    const labels = [0, 1];
    return {
      scores,
      roc: { ...metrics.rocCurve(truth, logits), auc: metrics.rocAucScore(truth, logits) },
      pr: { ...metrics.precisionRecallCurve(truth, logits), averagePrecision: metrics.averagePrecisionScore(truth, logits) },
      confusionMatrix: metrics.confusionMatrix(truth, logits.map((v) => (v >= 0 ? 1 : 0)), { labels }),
      labels: task.classes,
    };
  }
  const predicted = out.map((r) => r.indexOf(Math.max(...r)));
  return { scores, confusionMatrix: metrics.confusionMatrix(truth, predicted, { labels: task.classes.map((_, i) => i) }), labels: task.classes };
}

/** Write `report.html(contents)` to `path`, replacing it atomically. */
export async function writeReport(wt, path, contents) {
  const report = await import("../../dist/report/index.js");
  await wt.io.writeBytes(path, new TextEncoder().encode(report.html(contents)));
}
