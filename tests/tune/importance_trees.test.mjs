// fANOVA and MDI given the very forests Optuna 3.1 fitted (sklearn 1.2 trees
// exported by tests/fixtures/gen_tune_importance.py): the decomposition is
// deterministic given the trees, so per-tree variances, marginal variances
// and importances must agree to 1e-9 (summation order aside, they are the
// same arithmetic).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture } from "../helpers.mjs";
import { I } from "./importance_bundle.mjs";

const { FanovaTree, fanovaImportances, featureImportances } = I;
const cases = fixture("tune/importance_trees.json").cases;

const close = (a, b, tol, msg) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${msg}: ${a} vs ${b}`);

for (const c of cases) {
  test(`fANOVA on Optuna's forest: tree variances, marginal variances, importances (${c.name})`, () => {
    const { bounds, columns, trees, marginalVariances, params, importances } = c.fanova;
    const flat = bounds.flat();
    trees.forEach((t, i) => {
      const tree = new FanovaTree(t, flat);
      close(tree.variance, t.variance, 1e-9, `tree ${i} variance`);
      columns.forEach((cols, p) => close(Math.max(tree.marginalVariance(cols), 0), marginalVariances[p][i], 1e-9, `tree ${i} param ${params[p]}`));
    });
    const raw = fanovaImportances(trees, flat, columns);
    const sum = raw.reduce((a, b) => a + b, 0);
    params.forEach((name, p) => close(raw[p] / sum, importances[name], 1e-9, name));
    // A categorical parameter's one-hot columns are marginalised together.
    assert.ok(columns.some((cols) => cols.length === 3));
  });

  test(`MDI on Optuna's forest equals sklearn's feature_importances_ (${c.name})`, () => {
    const fi = featureImportances(c.mdi.trees.map((t) => ({ ...t, nFeatures: c.mdi.featureImportances.length, nodeCount: t.feature.length })));
    fi.forEach((v, f) => close(v, c.mdi.featureImportances[f], 1e-12, `feature ${f}`));
  });
}
