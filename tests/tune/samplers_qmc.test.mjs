import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture } from "../helpers.mjs";
import { S } from "./samplers_bundle.mjs";
import { fakeStudy } from "./fake_study.mjs";

const { Sobol, QMCSampler, FloatDistribution, IntDistribution, CategoricalDistribution, Generator } = S;

test("unscrambled Sobol points equal scipy's exactly", () => {
  const f = fixture("tune/samplers_sobol.json");
  for (const [key, rows] of Object.entries(f)) {
    const [d, start] = key.split("@").map(Number);
    const s = new Sobol(d);
    rows.forEach((row, i) => assert.deepEqual(Array.from(s.point((start || 0) + i)), row, `d=${d} point ${(start || 0) + i}`));
  }
  assert.throws(() => new Sobol(1025), /Sobol dimension must be an integer in \[1, 1024\]/);
});

test("scrambled Sobol points: seeded, in [0, 1), still one point per cell of each 2^k stratum", () => {
  const a = new Sobol(3, new Generator(11));
  const b = new Sobol(3, new Generator(11));
  assert.deepEqual(Array.from(a.point(17)), Array.from(b.point(17)));
  assert.notDeepEqual(Array.from(a.point(17)), Array.from(new Sobol(3, new Generator(12)).point(17)));
  assert.notDeepEqual(Array.from(a.point(0)), [0, 0, 0]);
  // (0, m, s)-net property per coordinate: the first 64 points fill each of 64 intervals once.
  for (let k = 0; k < 3; k++) {
    const cells = new Set();
    for (let i = 0; i < 64; i++) {
      const x = a.point(i)[k];
      assert.ok(x >= 0 && x < 1);
      cells.add(Math.floor(x * 64));
    }
    assert.equal(cells.size, 64, `coordinate ${k}`);
  }
});

test("QMCSampler fixes the first trial's non-categorical space and walks the sequence", () => {
  const space = { x: new FloatDistribution(-1, 1), n: new IntDistribution(1, 8), c: new CategoricalDistribution(["a", "b"]) };
  const trials = [];
  const study = fakeStudy(["minimize"], trials);
  const sampler = new QMCSampler({ seed: 0, warnIndependentSampling: false });
  const xs = [];
  for (let number = 0; number < 9; number++) {
    const trial = { number, trialId: number, state: "RUNNING", values: null, params: {}, distributions: {}, intermediateValues: new Map(), userAttrs: {}, systemAttrs: {} };
    trials.push(trial);
    const rel = sampler.sampleRelative(study, trial, sampler.inferRelativeSearchSpace(study, trial));
    if (number > 0) assert.deepEqual(Object.keys(rel), ["x", "n"]);
    for (const [name, d] of Object.entries(space)) {
      trial.params[name] = name in rel ? rel[name] : sampler.sampleIndependent(study, trial, name, d);
      trial.distributions[name] = d;
      assert.ok(d.contains(d.toInternalRepr(trial.params[name])));
    }
    trial.values = [0];
    trial.state = "COMPLETE";
    if (number > 0) xs.push(trial.params.x);
  }
  // Sobol' in 2-D from the origin: x = -1 + 2·u with u = 0, 1/2, 3/4, 1/4, 3/8, 7/8, 5/8, 1/8.
  assert.deepEqual(xs, [0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125].map((u) => -1 + 2 * u));
  assert.throws(() => new QMCSampler({ qmcType: "halton" }), /is not a valid/);
});
