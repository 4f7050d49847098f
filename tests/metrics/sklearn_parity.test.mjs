// Agreement with scikit-learn 1.2 (tests/fixtures/gen_metrics.py) to 1e-12.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt, fixture, assertClose } from "../helpers.mjs";
const m = wt.metrics;
const TOL = { rtol: 0, atol: 1e-12 };

const binary = fixture("metrics/binary.json").cases;
const multiclass = fixture("metrics/multiclass.json").cases;
const multilabel = fixture("metrics/multilabel.json").cases;

test("binary ROC AUC, average precision and curves match sklearn, ties included", () => {
  for (const c of binary) {
    assertClose([m.rocAucScore(c.yTrue, c.yScore)], [c.rocAuc], { ...TOL, msg: `${c.name} roc_auc` });
    if (c.averagePrecision === undefined) continue;
    assertClose([m.averagePrecisionScore(c.yTrue, c.yScore)], [c.averagePrecision], { ...TOL, msg: `${c.name} AP` });
    if (!c.rocCurve) continue;
    const roc = m.rocCurve(c.yTrue, c.yScore);
    for (const k of ["fpr", "tpr", "thresholds"]) assertClose(roc[k], c.rocCurve[k], { ...TOL, msg: `${c.name} roc_curve ${k}` });
    const pr = m.precisionRecallCurve(c.yTrue, c.yScore);
    for (const k of ["precision", "recall", "thresholds"]) assertClose(pr[k], c.prCurve[k], { ...TOL, msg: `${c.name} pr_curve ${k}` });
  }
});

test("binary accuracy, log loss, MSE, MAE and confusion matrix match sklearn", () => {
  for (const c of binary.filter((c) => c.logLoss !== undefined)) {
    const pred = c.yScore.map((s) => (s >= 0.5 ? 1 : 0));
    const probs = c.yScore.map((s) => Math.min(1, Math.max(0, s)));
    assertClose([m.accuracyScore(c.yTrue, pred)], [c.accuracy], { ...TOL, msg: `${c.name} accuracy` });
    assertClose([m.logLoss(c.yTrue, probs)], [c.logLoss], { ...TOL, msg: `${c.name} log_loss` });
    assertClose([m.meanSquaredError(c.yTrue, c.yScore)], [c.mse], { ...TOL, msg: `${c.name} mse` });
    assertClose([m.meanAbsoluteError(c.yTrue, c.yScore)], [c.mae], { ...TOL, msg: `${c.name} mae` });
    assert.deepEqual(m.confusionMatrix(c.yTrue, pred), c.confusion, `${c.name} confusion`);
  }
});

test("multi-class one-vs-rest ROC AUC (macro, weighted) and log loss match sklearn", () => {
  for (const c of multiclass) {
    assertClose([m.rocAucScore(c.yTrue, c.yScore)], [c.macro], { ...TOL, msg: `${c.name} macro` });
    assertClose([m.rocAucScore(c.yTrue, c.yScore, { average: "weighted" })], [c.weighted], { ...TOL, msg: `${c.name} weighted` });
    assertClose([m.logLoss(c.yTrue, c.yScore)], [c.logLoss], { ...TOL, msg: `${c.name} log_loss` });
    const pred = c.yScore.map((row) => row.indexOf(Math.max(...row)));
    assertClose([m.accuracyScore(c.yTrue, pred)], [c.accuracy], { ...TOL, msg: `${c.name} accuracy` });
    assert.deepEqual(m.confusionMatrix(c.yTrue, pred), c.confusion, `${c.name} confusion`);
    assertClose(m.confusionMatrix(c.yTrue, pred, { normalize: "true" }).flat(), c.confusionTrue.flat(), { ...TOL, msg: `${c.name} confusion normalize=true` });
  }
});

test("multi-label ROC AUC, average precision, subset accuracy and errors match sklearn", () => {
  for (const c of multilabel) {
    assertClose([m.rocAucScore(c.yTrue, c.yScore)], [c.rocAucMacro], { ...TOL, msg: `${c.name} roc macro` });
    assertClose([m.rocAucScore(c.yTrue, c.yScore, { average: "weighted" })], [c.rocAucWeighted], { ...TOL, msg: `${c.name} roc weighted` });
    assertClose([m.averagePrecisionScore(c.yTrue, c.yScore)], [c.apMacro], { ...TOL, msg: `${c.name} AP macro` });
    assertClose([m.averagePrecisionScore(c.yTrue, c.yScore, { average: "weighted" })], [c.apWeighted], { ...TOL, msg: `${c.name} AP weighted` });
    const pred = c.yScore.map((row) => row.map((s) => (s >= 0.5 ? 1 : 0)));
    assertClose([m.accuracyScore(c.yTrue, pred)], [c.accuracy], { ...TOL, msg: `${c.name} subset accuracy` });
    assertClose([m.meanSquaredError(c.yTrue, c.yScore)], [c.mse], { ...TOL, msg: `${c.name} mse` });
    assertClose([m.meanAbsoluteError(c.yTrue, c.yScore)], [c.mae], { ...TOL, msg: `${c.name} mae` });
  }
});

test("log loss clipping, labels and normalize match sklearn", () => {
  const [multi, bin, labels] = fixture("metrics/log_loss.json").cases;
  assertClose([m.logLoss(multi.yTrue, multi.yPred)], [multi.mean], TOL);
  assertClose([m.logLoss(multi.yTrue, multi.yPred, { normalize: false })], [multi.sum], TOL);
  assertClose([m.logLoss(bin.yTrue, bin.yPred)], [bin.mean], TOL);
  assertClose([m.logLoss(bin.yTrue, bin.yPred, { eps: 1e-3 })], [bin["eps1e-3"]], TOL);
  assertClose([m.logLoss(labels.yTrue, labels.yPred, { labels: labels.labels })], [labels.mean], TOL);
});

test("regression errors match sklearn for 1-D and multi-output targets", () => {
  for (const c of fixture("metrics/regression.json").cases) {
    assertClose([m.meanSquaredError(c.yTrue, c.yPred)], [c.mse], { ...TOL, msg: `${c.name} mse` });
    assertClose([m.meanAbsoluteError(c.yTrue, c.yPred)], [c.mae], { ...TOL, msg: `${c.name} mae` });
  }
});

test("sample weights (zeros included) match sklearn", () => {
  const [b5, b40, b500, mc, reg] = fixture("metrics/weighted.json").cases;
  for (const c of [b5, b40, b500]) {
    const o = { sampleWeight: c.weight };
    const pred = c.yScore.map((s) => (s >= 0.5 ? 1 : 0));
    const close = (got, want, what) => assertClose([got], [want], { ...TOL, msg: `${c.name} ${what}` });
    close(m.rocAucScore(c.yTrue, c.yScore, o), c.rocAuc, "roc_auc");
    close(m.averagePrecisionScore(c.yTrue, c.yScore, o), c.averagePrecision, "AP");
    close(m.accuracyScore(c.yTrue, pred, o), c.accuracy, "accuracy");
    close(m.accuracyScore(c.yTrue, pred, { ...o, normalize: false }), c.accuracyCount, "accuracy count");
    close(m.logLoss(c.yTrue, c.yScore, o), c.logLoss, "log_loss");
    close(m.meanSquaredError(c.yTrue, c.yScore, o), c.mse, "mse");
    close(m.meanAbsoluteError(c.yTrue, c.yScore, o), c.mae, "mae");
    assertClose(m.confusionMatrix(c.yTrue, pred, o).flat(), c.confusion.flat(), { ...TOL, msg: `${c.name} confusion` });
    const roc = m.rocCurve(c.yTrue, c.yScore, o);
    for (const k of ["fpr", "tpr", "thresholds"]) assertClose(roc[k], c.rocCurve[k], { ...TOL, msg: `${c.name} roc_curve ${k}` });
    const pr = m.precisionRecallCurve(c.yTrue, c.yScore, o);
    for (const k of ["precision", "recall", "thresholds"]) assertClose(pr[k], c.prCurve[k], { ...TOL, msg: `${c.name} pr_curve ${k}` });
  }
  const o = { sampleWeight: mc.weight };
  assertClose([m.rocAucScore(mc.yTrue, mc.yScore, o)], [mc.macro], TOL);
  assertClose([m.rocAucScore(mc.yTrue, mc.yScore, { ...o, average: "weighted" })], [mc.weighted], TOL);
  assertClose([m.logLoss(mc.yTrue, mc.yScore, o)], [mc.logLoss], TOL);
  assertClose([m.logLoss(mc.yTrue, mc.yScore, { ...o, normalize: false })], [mc.logLossSum], TOL);
  assertClose([m.meanSquaredError(reg.yTrue, reg.yPred, { sampleWeight: reg.weight })], [reg.mse], TOL);
  assertClose([m.meanAbsoluteError(reg.yTrue, reg.yPred, { sampleWeight: reg.weight })], [reg.mae], TOL);
  assert.throws(() => m.accuracyScore([0, 1], [0, 1], { sampleWeight: [1] }), /sample_weight.shape == \(1,\), expected \(2,\)!/);
});

test("errors use sklearn's wording", () => {
  const e = fixture("metrics/errors.json").cases;
  const message = (msg) => ({ message: msg });
  assert.throws(() => m.rocAucScore([1, 1, 1], [0.1, 0.5, 0.9]), message(e.oneClass));
  assert.throws(() => m.rocAucScore([0], [0.3]), message(e.oneClassSize1));
  assert.throws(() => m.rocAucScore([0, 1, 2], [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]]), message(e.notProbabilities));
  assert.throws(() => m.rocAucScore([0, 1, 2, 1], [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]), message(e.classCount));
  assert.throws(() => m.logLoss([1, 1], [0.5, 0.7]), message(e.logLossOneLabel));
  assert.throws(() => m.rocCurve([0, 2, 2], [0.1, 0.5, 0.9]), message(e.posLabel));
});
