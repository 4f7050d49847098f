// tune.importance end to end on synthetic studies where x1 dominates
// (tests/fixtures/gen_tune_importance.py): fANOVA and MDI rank as Optuna 3.1
// does with similar magnitudes (the forests' randomness differs: Optuna draws
// from NumPy, we from Generator), PED-ANOVA equals the reference to 1e-12
// (it has no randomness); the options, determinism and errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture } from "../helpers.mjs";
import { I } from "./importance_bundle.mjs";
import { fakeStudy as study, frozenTrial } from "./fake_study.mjs";
import { fixtureStudy } from "./importance_study.mjs";

const { importance, FloatDistribution, IntDistribution, CategoricalDistribution } = I;
const cases = fixture("tune/importance_studies.json").cases;
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

for (const c of cases) {
  const s = fixtureStudy(c);

  for (const [evaluator, key] of [["fanova", "fanova"], ["mdi", "mdi"]]) {
    test(`${evaluator} ranks x1 first with Optuna's magnitude (${c.name})`, () => {
      const ours = [0, 1, 2, 3, 4].map((seed) => importance(s, { evaluator, seed }));
      for (const r of ours) {
        assert.deepEqual(Object.keys(r)[0], "x1");
        assert.equal(Object.keys(r).at(-1), "fixed", "a single-valued parameter comes last");
        assert.equal(r.fixed, 0);
        assert.ok(Math.abs(Object.values(r).reduce((a, b) => a + b, 0) - 1) < 1e-12, "normalised");
      }
      for (const r of c[key]) assert.equal(Object.keys(r)[0], "x1", "Optuna ranks x1 first too");
      const x1 = mean(ours.map((r) => r.x1));
      const ref = mean(c[key].map((r) => r.x1));
      assert.ok(Math.abs(x1 - ref) < 0.01, `x1: ${x1} vs Optuna's ${ref}`);
      for (const name of ["x2", "n", "act"]) {
        const a = mean(ours.map((r) => r[name]));
        const b = mean(c[key].map((r) => r[name]));
        assert.ok(a < 0.02 && b < 0.02 && Math.abs(a - b) < 0.01, `${name}: ${a} vs Optuna's ${b}`);
      }
    });
  }

  test(`PED-ANOVA equals the reference (${c.name})`, () => {
    for (const [options, ref] of [
      [{}, c.pedAnova],
      [{ regionQuantile: 0.5 }, c.pedAnovaRegion],
      [{ targetQuantile: 0.2, evaluateOnLocal: false }, c.pedAnovaGlobal],
    ]) {
      const r = importance(s, { evaluator: "ped-anova", ...options });
      assert.deepEqual(Object.keys(r).sort(), Object.keys(ref).sort());
      for (const k of Object.keys(ref)) assert.ok(Math.abs(r[k] - ref[k]) < 1e-12, `${JSON.stringify(options)} ${k}: ${r[k]} vs ${ref[k]}`);
      const values = Object.values(r);
      assert.deepEqual(values, [...values].sort((a, b) => b - a), "largest first");
    }
  });
}

const s0 = fixtureStudy(cases[0]);

test("the same seed gives the same bits; another seed another forest", () => {
  for (const evaluator of ["fanova", "mdi"]) {
    const a = importance(s0, { evaluator, seed: 7, nTrees: 16 });
    assert.deepEqual(importance(s0, { evaluator, seed: 7, nTrees: 16 }), a);
    assert.notDeepEqual(importance(s0, { evaluator, seed: 8, nTrees: 16 }), a);
  }
  assert.deepEqual(importance(s0), importance(s0, { seed: 0 }), "seed 0 by default");
});

test("params, target, normalize and a plain trial list", () => {
  const r = importance(s0, { params: ["x2", "x1"], nTrees: 16 });
  assert.deepEqual(Object.keys(r), ["x1", "x2"]);
  // Explaining another target: n alone decides it.
  const byN = importance(s0, { evaluator: "mdi", target: (t) => t.params.n, nTrees: 16 });
  assert.equal(Object.keys(byN)[0], "n");
  assert.ok(byN.n > 0.99);
  const raw = importance(s0, { evaluator: "ped-anova", normalize: false });
  const norm = importance(s0, { evaluator: "ped-anova" });
  const sum = Object.values(raw).reduce((a, b) => a + b, 0);
  assert.ok(sum !== 1);
  for (const k of Object.keys(raw)) assert.ok(Math.abs(raw[k] / sum - norm[k]) < 1e-15);
  // A trial list reads as a minimised single-objective study.
  assert.deepEqual(importance(s0.trials, { nTrees: 8 }), importance(s0, { nTrees: 8 }));
  assert.deepEqual(importance(s0.trials, { evaluator: "ped-anova" }), norm);
});

test("trials that are not complete, lack a parameter, or have a non-finite target are left out", () => {
  const x = new FloatDistribution(0, 1);
  const base = s0.trials.slice(0, 30);
  const extra = [
    frozenTrial({ number: 100, state: "COMPLETE", params: { x1: 0.5 }, distributions: { x1: base[0].distributions.x1 }, values: null, state: "FAIL" }),
    frozenTrial({ number: 101, state: "COMPLETE", params: { ...base[0].params }, distributions: base[0].distributions, values: [NaN] }),
    frozenTrial({ number: 102, state: "COMPLETE", params: { ...base[0].params }, distributions: base[0].distributions, values: [Infinity] }),
    frozenTrial({ number: 103, state: "COMPLETE", params: { ...base[0].params }, distributions: base[0].distributions, values: [5], state: "PRUNED" }),
  ];
  for (const evaluator of ["fanova", "mdi", "ped-anova"]) {
    assert.deepEqual(importance(study(["minimize"], [...base, ...extra]), { evaluator }), importance(study(["minimize"], base), { evaluator }));
  }
  // A parameter only some trials suggested is not assessed unless asked for.
  const withY = base.map((t, i) => (i % 2 ? frozenTrial({ number: i, state: "COMPLETE", params: { ...t.params, y: i / 30 }, distributions: { ...t.distributions, y: x }, values: t.values }) : t));
  assert.ok(!("y" in importance(study(["minimize"], withY))));
  assert.deepEqual(Object.keys(importance(study(["minimize"], withY), { params: ["y", "x1"] })).sort(), ["x1", "y"]);
});

test("edge cases: no varying parameter, constant target, tiny studies", () => {
  const single = new FloatDistribution(1, 1);
  const x = new IntDistribution(0, 3);
  const constant = study(["minimize"], [0, 1, 2].map((i) => frozenTrial({ number: i, state: "COMPLETE", params: { c: 1 }, distributions: { c: single }, values: [i] })));
  assert.deepEqual(importance(constant), {});
  assert.deepEqual(importance(constant, { evaluator: "ped-anova" }), {});
  assert.deepEqual(importance(constant, { evaluator: "mdi" }), { c: 1 }, "MDI keeps single-valued parameters: all-zero becomes equal shares");
  const flat = study(["minimize"], [0, 1, 2, 3].map((i) => frozenTrial({ number: i, state: "COMPLETE", params: { x: i }, distributions: { x }, values: [1] })));
  assert.throws(() => importance(flat), /Encountered zero total variance in all trees\./);
  assert.deepEqual(importance(flat, { evaluator: "mdi" }), { x: 1 });
  // PED-ANOVA with at most two trials: equal shares, as Optuna.
  const two = study(["minimize"], [0, 1].map((i) => frozenTrial({ number: i, state: "COMPLETE", params: { x: i, c: ["a", "b"][i] }, distributions: { x, c: new CategoricalDistribution(["a", "b"]) }, values: [i] })));
  assert.deepEqual(importance(two, { evaluator: "ped-anova" }), { x: 0.5, c: 0.5 });
});

test("bad input gets Optuna's errors", () => {
  const one = study(["minimize"], [s0.trials[0]]);
  assert.throws(() => importance(study(["minimize"], [])), /Cannot evaluate parameter importances without completed trials\./);
  assert.throws(() => importance(one), /Cannot evaluate parameter importances with only a single trial\./);
  assert.throws(() => importance(s0, { params: ["nope"] }), /Study must contain completed trials with all specified parameters\. Specified parameters: \['nope'\]\./);
  assert.throws(() => importance(s0, { params: "x1" }), /Parameters must be specified as a list/);
  const moved = s0.trials.map((t, i) => (i === 3 ? frozenTrial({ number: i, state: "COMPLETE", params: t.params, distributions: { ...t.distributions, x1: new FloatDistribution(-3, 3) }, values: t.values }) : t));
  assert.throws(() => importance(study(["minimize"], moved), { params: ["x1"] }), /cannot be assessed with dynamic search spaces/);
  assert.ok(!("x1" in importance(study(["minimize"], moved), { nTrees: 4 })), "without params a changing distribution drops out");
  const multi = study(["minimize", "maximize"], s0.trials.map((t, i) => frozenTrial({ number: i, state: "COMPLETE", params: t.params, distributions: t.distributions, values: [t.values[0], -t.values[0]] })));
  assert.throws(() => importance(multi), /please specify the `target`/);
  assert.equal(Object.keys(importance(multi, { target: (t) => t.values[1], nTrees: 8 }))[0], "x1");
  assert.throws(() => importance(s0, { evaluator: "shap" }), /unknown evaluator 'shap'/);
  assert.throws(() => importance(s0, { n_trees: 8 }), /unknown option 'n_trees' — did you mean 'nTrees'\?/);
  assert.throws(() => importance(s0, { evaluator: "ped-anova", seed: 1 }), /unknown option 'seed'/);
  assert.throws(() => importance(s0, { evaluator: "mdi", targetQuantile: 0.2 }), /unknown option 'targetQuantile'/);
  assert.throws(() => importance(s0, { evaluator: "ped-anova", targetQuantile: 0.5, regionQuantile: 0.4 }), /0\.0 < `targetQuantile` < `regionQuantile` <= 1\.0/);
  assert.throws(() => importance(s0, { nTrees: 0 }), /`nTrees` must be a positive integer/);
  assert.throws(() => importance(s0, { seed: 1.5 }), /`seed` must be a safe integer/);
  assert.throws(() => importance(s0, { target: 3 }), /`target` must be a function/);
});
