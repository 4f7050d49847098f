import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, assertClose } from "../helpers.mjs";
import { S, revive } from "./samplers_bundle.mjs";
import { fakeStudy, frozenTrial } from "./fake_study.mjs";

const { observationPairs, splitObservationPairs, weightsBelowMultiObjective, hypervolume } = S;

test("TPE's below/above split (pruned by step, constant liar, multi-objective HSSP) matches Optuna 3.1", () => {
  const studies = revive(fixture("tune/samplers_split.json"));
  let n = 0;
  for (const [si, s] of studies.entries()) {
    const study = fakeStudy(s.directions, s.trials.map(frozenTrial));
    for (const c of s.cases) {
      const { scores, values } = observationPairs(study, ["x", "y"], c.constantLiar);
      assert.equal(values.x.length, scores.length);
      const { below, above } = splitObservationPairs(scores, c.nBelow);
      const msg = `study ${si} ${JSON.stringify(s.directions)} liar=${c.constantLiar} nBelow=${c.nBelow}`;
      assert.deepEqual(below, c.below, msg);
      assert.deepEqual(above, c.above, msg);
      if (c.weightsBelow) assertClose(weightsBelowMultiObjective(scores, below), c.weightsBelow, { rtol: 1e-12, atol: 1e-15, msg });
      n++;
    }
  }
  assert.ok(n > 30);
});

test("the WFG hypervolume of known point sets", () => {
  assert.equal(hypervolume([[1, 2], [2, 1]], [3, 3]), 3);
  assert.equal(hypervolume([[0, 0, 0]], [1, 2, 3]), 6);
  // Three points in 3-D: inclusion–exclusion by hand.
  const pts = [[0, 1, 1], [1, 0, 1], [1, 1, 0]];
  assert.equal(hypervolume(pts, [2, 2, 2]), 3 * 2 - 3 * 1 + 1);
});
