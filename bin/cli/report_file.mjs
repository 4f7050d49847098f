// `--report FILE`: the run as one self-contained HTML page (wasmtune/report),
// loaded only when asked for so that the other commands never load ECharts.

/**
 * Write `report.html(contents)` to `path`, replacing it atomically. With
 * `heldOut` (`{ model, x, y, task, scores }`) the page also shows the
 * model's held-out scores and, for a classifier, its curves and confusion matrix.
 */
export async function writeReport(wt, path, contents, heldOut) {
  const report = await import("../../dist/report/index.js");
  let evaluation;
  if (heldOut) {
    const { model, x, y, task, scores } = heldOut;
    evaluation = task.kind === "regression" ? { scores } : report.classifierEvaluation(y, wt.train.predict(model, x).toArray(), { classes: task.classes, scores });
  }
  await wt.io.writeBytes(path, new TextEncoder().encode(report.html({ ...contents, ...(evaluation ? { evaluation } : {}) })));
}
