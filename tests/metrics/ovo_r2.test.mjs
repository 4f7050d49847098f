// One-vs-one ROC AUC and R² against scikit-learn 1.2 (tests/fixtures/gen_metrics.py), to 1e-12.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt, fixture, assertClose } from "../helpers.mjs";
const m = wt.metrics;
const TOL = { rtol: 0, atol: 1e-12 };

const ovo = fixture("metrics/roc_auc_ovo.json").cases;
const r2 = fixture("metrics/r2.json").cases;
const num = (v) => (typeof v === "string" ? { nan: NaN, "-inf": -Infinity, inf: Infinity }[v] : v);

test("multi-class one-vs-one ROC AUC (macro, weighted) matches sklearn, ties included", () => {
  assert.ok(ovo.cases.length >= 8);
  for (const c of ovo.cases) {
    assertClose([m.rocAucScore(c.yTrue, c.yScore, { multiClass: "ovo" })], [c.macro], { ...TOL, msg: `${c.name} macro` });
    assertClose([m.rocAucScore(c.yTrue, c.yScore, { multiClass: "ovo", average: "weighted" })], [c.weighted], { ...TOL, msg: `${c.name} weighted` });
  }
  // One-vs-one differs from one-vs-rest on the same scores.
  const c = ovo.cases.at(-1);
  assert.notEqual(m.rocAucScore(c.yTrue, c.yScore, { multiClass: "ovo" }), m.rocAucScore(c.yTrue, c.yScore));
});

test("one-vs-one ROC AUC refuses what sklearn refuses, with its messages", () => {
  const e = ovo.errors;
  const p3 = [[0.2, 0.3, 0.5], [0.2, 0.3, 0.5], [0.2, 0.3, 0.5], [0.2, 0.3, 0.5]];
  assert.throws(() => m.rocAucScore([0, 1, 2, 1], p3, { multiClass: "ovo", sampleWeight: [1, 1, 1, 1] }), { message: e.sampleWeight });
  assert.throws(() => m.rocAucScore([0, 1, 2, 1], p3, { multiClass: "ovx" }), { message: e.multiClass });
  assert.throws(() => m.rocAucScore([0, 1, 2], [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]], { multiClass: "ovo" }), { message: e.notProbabilities });
  assert.throws(() => m.rocAucScore([0, 1, 2, 1], [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5], [0.5, 0.5]], { multiClass: "ovo" }), { message: e.classCount });
  // sklearn also lists average=None, which is not an option here.
  assert.match(e.average, /^average must be one of \('macro', 'weighted'/);
  assert.throws(() => m.rocAucScore([0, 1, 2, 1], p3, { multiClass: "ovo", average: "samples" }), /^Error: average must be one of \('macro', 'weighted'\) for multiclass problems/);
});

test("r2Score matches sklearn: sample weights, multioutput, custom weights", () => {
  for (const c of r2.cases.filter((c) => c.weight)) {
    assertClose([m.r2Score(c.yTrue, c.yPred)], [c.uniform], { ...TOL, msg: `${c.name} uniform` });
    assertClose([m.r2Score(c.yTrue, c.yPred, { sampleWeight: c.weight })], [c.weighted], { ...TOL, msg: `${c.name} weighted` });
    if (c.raw === undefined) continue;
    const raw = m.r2Score(c.yTrue, c.yPred, { multioutput: "raw_values" });
    assert.ok(raw instanceof Float64Array);
    assertClose(raw, c.raw, { ...TOL, msg: `${c.name} raw` });
    assertClose([m.r2Score(c.yTrue, c.yPred, { multioutput: "variance_weighted" })], [c.variance], { ...TOL, msg: `${c.name} variance` });
    assertClose(m.r2Score(c.yTrue, c.yPred, { sampleWeight: c.weight, multioutput: "raw_values" }), c.rawWeighted, { ...TOL, msg: `${c.name} raw weighted` });
    assertClose([m.r2Score(c.yTrue, c.yPred, { sampleWeight: c.weight, multioutput: "variance_weighted" })], [c.varianceWeighted], { ...TOL, msg: `${c.name} var weighted` });
    assertClose([m.r2Score(c.yTrue, c.yPred, { multioutput: c.custom.weights })], [c.custom.value], { ...TOL, msg: `${c.name} custom` });
  }
});

test("r2Score handles constant outputs as sklearn does, with and without forceFinite", () => {
  const c = r2.cases.find((c) => c.name === "constant");
  assertClose(m.r2Score(c.yTrue, c.yPred, { multioutput: "raw_values" }), c.raw, TOL);
  assertClose([m.r2Score(c.yTrue, c.yPred)], [c.uniform], TOL);
  assertClose([m.r2Score(c.yTrue, c.yPred, { multioutput: "variance_weighted" })], [c.variance], TOL);
  assertClose(m.r2Score(c.yTrue, c.yPred, { multioutput: "raw_values", forceFinite: false }), c.rawNotForced.map(num), TOL);
  const two = (rows) => rows.map((r) => [r[0], r[2]]);
  assertClose([m.r2Score(two(c.yTrue), two(c.yPred), { multioutput: "variance_weighted" })], [c.allConstantVariance], TOL);
  assert.ok(Number.isNaN(m.r2Score([1], [2])), `sklearn gives ${r2.oneSample} for one sample`);
});

test("r2Score refuses what sklearn refuses, with its messages", () => {
  const e = r2.errors;
  assert.throws(() => m.r2Score([[1, 2], [3, 4]], [[1, 2, 3], [3, 4, 5]]), { message: e.outputs });
  assert.throws(() => m.r2Score([1, 2], [1, 2], { multioutput: "mean" }), { message: e.multioutput });
  assert.throws(() => m.r2Score([1, 2], [1, 2], { multioutput: [1] }), { message: e.customSingle });
  assert.throws(() => m.r2Score([[1, 2], [3, 4]], [[1, 2], [3, 4]], { multioutput: [1, 2, 3] }), { message: e.customCount });
  assert.throws(() => m.r2Score([1, 2], [1, 2], { sample_weight: [1, 1] }), /r2Score: unknown option 'sample_weight' — did you mean 'sampleWeight'\?/);
});
