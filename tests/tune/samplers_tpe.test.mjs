import { test } from "node:test";
import assert from "node:assert/strict";
import { S } from "./samplers_bundle.mjs";
import { fakeStudy } from "./fake_study.mjs";

const { TPESampler, FloatDistribution, IntDistribution, CategoricalDistribution, defaultGamma, defaultWeights } = S;

/** Run a small define-by-run loop over a fake study: relative sampling first, then independent. */
function optimize(sampler, space, objective, nTrials, direction = "minimize") {
  const trials = [];
  const study = fakeStudy([direction], trials);
  for (let number = 0; number < nTrials; number++) {
    const trial = { number, trialId: number, state: "RUNNING", values: null, datetimeStart: null, datetimeComplete: null, params: {}, distributions: {}, userAttrs: {}, systemAttrs: {}, intermediateValues: new Map() };
    trials.push(trial);
    const rel = sampler.inferRelativeSearchSpace(study, trial);
    const relParams = sampler.sampleRelative(study, trial, rel);
    for (const [name, d] of Object.entries(space)) {
      const v = name in relParams ? relParams[name] : sampler.sampleIndependent(study, trial, name, d);
      assert.ok(d.contains(d.toInternalRepr(v)), `${name}=${v} outside its distribution`);
      trial.params[name] = v;
      trial.distributions[name] = d;
    }
    trial.values = [objective(trial.params)];
    trial.state = "COMPLETE";
  }
  return trials;
}

const best = (trials) => Math.min(...trials.map((t) => t.values[0]));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Branin, minimum 0.397887.
const branin = ({ x, y }) => (y - (5.1 / (4 * Math.PI ** 2)) * x * x + (5 / Math.PI) * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
const braninSpace = { x: new FloatDistribution(-5, 10), y: new FloatDistribution(0, 15) };

test("TPE beats uniform random search on Branin and a mixed quadratic over 10 seeds", () => {
  const random = [];
  const tpe = [];
  const tpeMulti = [];
  for (let seed = 0; seed < 10; seed++) {
    random.push(best(optimize(new TPESampler({ seed, nStartupTrials: 1000 }), braninSpace, branin, 40)));
    tpe.push(best(optimize(new TPESampler({ seed }), braninSpace, branin, 40)));
    tpeMulti.push(best(optimize(new TPESampler({ seed, multivariate: true, warnIndependentSampling: false }), braninSpace, branin, 40)));
  }
  assert.ok(median(tpe) < median(random), `TPE ${median(tpe)} vs random ${median(random)}`);
  assert.ok(median(tpeMulti) < median(random), `multivariate TPE ${median(tpeMulti)} vs random ${median(random)}`);

  const space = { lr: new FloatDistribution(1e-5, 1, true), n: new IntDistribution(1, 64), act: new CategoricalDistribution(["relu", "tanh", "gelu"]) };
  const f = ({ lr, n, act }) => (Math.log10(lr) + 2.5) ** 2 + ((n - 40) / 20) ** 2 + (act === "gelu" ? 0 : 1);
  const r2 = [];
  const t2 = [];
  for (let seed = 0; seed < 10; seed++) {
    r2.push(best(optimize(new TPESampler({ seed, nStartupTrials: 1000 }), space, f, 40)));
    t2.push(best(optimize(new TPESampler({ seed }), space, f, 40)));
  }
  assert.ok(median(t2) < median(r2), `TPE ${median(t2)} vs random ${median(r2)}`);
});

test("TPE is deterministic under a seed and differs across seeds", () => {
  const run = (seed) => optimize(new TPESampler({ seed, multivariate: true, warnIndependentSampling: false }), braninSpace, branin, 20).map((t) => [t.params.x, t.params.y]);
  assert.deepEqual(run(5), run(5));
  assert.notDeepEqual(run(5), run(6));
});

test("constant liar steers TPE away from running trials", () => {
  const d = new FloatDistribution(0, 10);
  const trials = [];
  for (let i = 0; i < 20; i++) {
    const x = i / 2;
    trials.push({ number: i, trialId: i, state: "COMPLETE", values: [Math.abs(x - 5)], datetimeStart: null, datetimeComplete: null, params: { x }, distributions: { x: d }, userAttrs: {}, systemAttrs: {}, intermediateValues: new Map() });
  }
  // Many running trials at the optimum: with the liar they count as the worst observations.
  for (let i = 20; i < 40; i++) trials.push({ ...trials[10], number: i, trialId: i, state: "RUNNING", values: null, params: { x: 5 } });
  const study = fakeStudy(["minimize"], trials);
  const near = (liar) => {
    let c = 0;
    for (let seed = 0; seed < 30; seed++) c += Math.abs(new TPESampler({ seed, constantLiar: liar }).sampleIndependent(study, trials[39], "x", d) - 5) < 0.25 ? 1 : 0;
    return c;
  };
  assert.ok(near(true) < near(false), `with liar ${near(true)}, without ${near(false)}`);
});

test("gamma and weights defaults, and bad options", () => {
  assert.deepEqual([0, 1, 10, 11, 100, 251, 1000].map(defaultGamma), [0, 1, 1, 2, 10, 25, 25]);
  assert.deepEqual(Array.from(defaultWeights(3)), [1, 1, 1]);
  assert.deepEqual(Array.from(defaultWeights(26)), [1 / 26, ...new Array(25).fill(1)]);
  const w = defaultWeights(30);
  assert.equal(w[0], 1 / 30);
  assert.equal(w[4], 1);
  assert.throws(() => new TPESampler({ group: true }), /``group`` option can only be enabled when ``multivariate`` is enabled/);
  assert.throws(() => new TPESampler({ n_startup_trials: 3 }), /did you mean 'nStartupTrials'/);
  assert.throws(() => new TPESampler({ weights: () => [-1, 1] }).sampleIndependent(fakeStudy(["minimize"], optimize(new TPESampler({ seed: 1 }), braninSpace, branin, 12)), { number: 12 }, "x", braninSpace.x), /not allowed to return negative values/);
});

test("grouped multivariate TPE samples conditional spaces jointly within each group", () => {
  const a = new CategoricalDistribution(["A", "B"]);
  const y = new FloatDistribution(-10, 10);
  const z = new IntDistribution(-10, 10);
  const trials = [];
  const study = fakeStudy(["minimize"], trials);
  const sampler = new TPESampler({ seed: 3, multivariate: true, group: true, nStartupTrials: 5, warnIndependentSampling: false });
  for (let number = 0; number < 30; number++) {
    const trial = { number, trialId: number, state: "RUNNING", values: null, datetimeStart: null, datetimeComplete: null, params: {}, distributions: {}, userAttrs: {}, systemAttrs: {}, intermediateValues: new Map() };
    trials.push(trial);
    const rel = sampler.sampleRelative(study, trial, sampler.inferRelativeSearchSpace(study, trial));
    const get = (name, d) => (trial.distributions[name] = d, trial.params[name] = name in rel ? rel[name] : sampler.sampleIndependent(study, trial, name, d));
    const which = get("a", a);
    const v = which === "A" ? get("y", y) : get("z", z);
    trial.values = [which === "A" ? (v - 3) ** 2 : Math.abs(v) + 5];
    trial.state = "COMPLETE";
  }
  assert.ok(best(trials.slice(15)) < 1, `best late value ${best(trials.slice(15))}`);
});
