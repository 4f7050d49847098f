// The CART tree against scikit-learn 1.2's DecisionTreeRegressor on tie-free
// float32 data with dyadic targets, so every sum is exact whatever its order
// (tests/fixtures/gen_tune_importance.py). Both trees are walked together:
// each pair of nodes must hold the same samples with the same impurity and
// value, bit for bit, and split them the same way with the same threshold
// (one single-feature case has generic targets: its sums are inexact, so it
// also checks that they are accumulated in sklearn's order).
// The one allowed difference is a tie: when two splits improve the impurity
// exactly as much, sklearn takes the first in its own random feature order,
// so there the test checks that the two splits really tie and stops walking.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture } from "../helpers.mjs";
import { I } from "./importance_bundle.mjs";

const { fitTree, predictTree, featureImportances, Generator } = I;
const cases = fixture("tune/importance_cart.json").cases;

function goesLeft(tree, node, row) {
  return Math.fround(row[tree.feature[node]]) <= tree.threshold[node];
}

/** sklearn's proxy improvement of sending `leftRows` left (exact with dyadic targets and integer weights). */
function proxy(rows, leftRows, y, w) {
  const side = (set) => {
    let s = 0;
    let n = 0;
    for (const i of set) {
      s += w[i] * y[i];
      n += w[i];
    }
    return (s * s) / n;
  };
  const left = new Set(leftRows);
  return side(leftRows) + side(rows.filter((i) => !left.has(i)));
}

for (const c of cases) {
  test(`CART matches sklearn's DecisionTreeRegressor: ${c.name}`, () => {
    const d = c.x[0].length;
    const x = Float64Array.from(c.x.flat(), Math.fround);
    const y = Float64Array.from(c.y);
    const w = c.weights === null ? new Float64Array(y.length).fill(1) : Float64Array.from(c.weights);
    const options = { maxDepth: c.maxDepth ?? 2 ** 31 - 1, minSamplesSplit: 2, minSamplesLeaf: 1 };
    const ours = fitTree(x, d, y, c.weights === null ? null : w, options, new Generator(5));
    const ref = c.tree;
    let compared = 0;
    // Nodes where sklearn chose another, equally good split (or the same split by another feature).
    const tied = new Set();
    const walk = (a, b, rows) => {
      compared++;
      const at = `node ${a} (sklearn's ${b})`;
      assert.equal(ours.nNodeSamples[a], ref.nNodeSamples[b], `${at} sample count`);
      assert.equal(ours.nNodeSamples[a], rows.length, `${at} sample count`);
      assert.equal(ours.weightedNNodeSamples[a], ref.weightedNNodeSamples[b], `${at} weight`);
      assert.equal(ours.value[a], ref.value[b], `${at} value`);
      assert.equal(ours.impurity[a], ref.impurity[b], `${at} impurity`);
      const leafA = ours.left[a] === -1;
      assert.equal(leafA, ref.left[b] === -1, `${at} leaf`);
      if (leafA) return;
      const leftA = rows.filter((i) => goesLeft(ours, a, c.x[i]));
      const leftB = rows.filter((i) => goesLeft(ref, b, c.x[i]));
      const rightA = rows.filter((i) => !goesLeft(ours, a, c.x[i]));
      if (leftA.join() === leftB.join()) {
        if (ours.feature[a] === ref.feature[b]) assert.equal(ours.threshold[a], ref.threshold[b], `${at} threshold`);
        else tied.add(a);
        walk(ours.left[a], ref.left[b], leftA);
        walk(ours.right[a], ref.right[b], rightA);
        return;
      }
      assert.equal(proxy(rows, leftA, y, w), proxy(rows, leftB, y, w), `${at}: another split that is not as good as sklearn's`);
      tied.add(a);
      // Another feature may cut the same two groups in the other order.
      if (rightA.join() === leftB.join()) {
        walk(ours.left[a], ref.right[b], leftA);
        walk(ours.right[a], ref.left[b], rightA);
      }
    };
    walk(0, 0, c.y.map((_, i) => i).filter((i) => w[i] > 0));
    assert.ok(compared >= 0.8 * ref.feature.length, `only ${compared} of ${ref.feature.length} nodes compared before ties`);
    if (d === 1) assert.equal(tied.size, 0, "one feature cannot tie");
    if (tied.size === 0) {
      assert.equal(ours.nodeCount, ref.feature.length);
      assert.deepEqual(c.test.map((row) => predictTree(ours, row)), c.predictions, "predictions");
      const fi = featureImportances([ours]);
      fi.forEach((v, f) => assert.ok(Math.abs(v - c.featureImportances[f]) < 1e-12, `feature importance ${f}: ${v} vs ${c.featureImportances[f]}`));
    }
  });
}
