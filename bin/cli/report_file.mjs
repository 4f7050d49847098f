// `--report FILE`: the run as one self-contained HTML page (wasmtune/report),
// loaded only when asked for so that the other commands never load ECharts.

/** Write the report of a trained model: its held-out scores (and a classifier's curves and confusion matrix) with `contents`. */
export async function writeReport(wt, path, { model, x, y, task, scores, ...contents }) {
  const report = await import("../../dist/report/index.js");
  const evaluation = task.kind === "regression" ? { scores } : report.classifierEvaluation(y, wt.train.predict(model, x).toArray(), { classes: task.classes, scores });
  await wt.io.writeBytes(path, new TextEncoder().encode(report.html({ ...contents, evaluation, model })));
}
