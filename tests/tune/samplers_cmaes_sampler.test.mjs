// CmaEsSampler on a fake study: Optuna 3.1's search space, startup,
// generation bookkeeping, restarts, options; and that it optimises.
import { test } from "node:test";
import assert from "node:assert/strict";
import { S } from "./samplers_bundle.mjs";
import { fakeStudy } from "./fake_study.mjs";

const { CmaEsSampler, UniformIndependentSampler, FloatDistribution, IntDistribution, CategoricalDistribution, getWarmStartMgd, SearchSpaceTransform } = S;

function newTrial(number) {
  return { number, trialId: number, state: "RUNNING", values: null, datetimeStart: null, datetimeComplete: null, params: {}, distributions: {}, userAttrs: {}, systemAttrs: {}, intermediateValues: new Map() };
}

/** Start a trial: relative sampling first, then each parameter (as a Study does). */
function start(sampler, study, space) {
  const trial = newTrial(study.trials.length);
  study.trials.push(trial);
  sampler.beforeTrial?.(study, trial);
  const rel = sampler.sampleRelative(study, trial, sampler.inferRelativeSearchSpace(study, trial));
  for (const [name, d] of Object.entries(space)) {
    trial.params[name] = name in rel ? rel[name] : sampler.sampleIndependent(study, trial, name, d);
    trial.distributions[name] = d;
  }
  return trial;
}

function finish(sampler, study, trial, value, state = "COMPLETE") {
  sampler.afterTrial?.(study, trial, state, state === "COMPLETE" ? [value] : null);
  trial.values = state === "COMPLETE" ? [value] : null;
  trial.state = state;
}

function optimize(sampler, space, objective, nTrials, direction = "minimize") {
  const study = fakeStudy([direction], []);
  for (let i = 0; i < nTrials; i++) {
    const t = start(sampler, study, space);
    finish(sampler, study, t, objective(t.params));
  }
  return study;
}

const box = (names, lo, hi) => Object.fromEntries(names.map((n) => [n, new FloatDistribution(lo, hi)]));
const X5 = ["x0", "x1", "x2", "x3", "x4"];
const sphere = (p) => X5.reduce((s, k, i) => s + (p[k] - 0.5 * i) ** 2, 0);
const rosenbrock = (p) => X5.slice(0, 4).reduce((s, k, i) => s + 100 * (p[X5[i + 1]] - p[k] ** 2) ** 2 + (1 - p[k]) ** 2, 0);
const best = (study) => Math.min(...study.trials.map((t) => t.values[0]));
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];

function silently(fn) {
  const warn = console.warn;
  const seen = [];
  console.warn = (m) => seen.push(String(m));
  try {
    return [fn(), seen];
  } finally {
    console.warn = warn;
  }
}

test("CmaEsSampler beats random search on 5-D sphere and Rosenbrock over 10 seeds (and so do sep-CMA and IPOP)", () => {
  for (const [name, f, space, nTrials] of [["sphere", sphere, box(X5, -5, 5), 150], ["rosenbrock", rosenbrock, box(X5, -2, 2), 300]]) {
    const cma = [];
    const sep = [];
    const ipop = [];
    const rnd = [];
    for (let seed = 0; seed < 10; seed++) {
      cma.push(best(optimize(new CmaEsSampler({ seed }), space, f, nTrials)));
      sep.push(best(optimize(new CmaEsSampler({ seed, useSeparableCma: true }), space, f, nTrials)));
      ipop.push(best(optimize(new CmaEsSampler({ seed, restartStrategy: "ipop" }), space, f, nTrials)));
      rnd.push(best(optimize(new UniformIndependentSampler(seed), space, f, nTrials)));
    }
    const wins = cma.filter((v, i) => v < rnd[i]).length;
    assert.ok(wins >= 9, `${name}: CMA-ES better on ${wins}/10 seeds`);
    assert.ok(median(cma) < median(rnd) / 5, `${name}: median best ${median(cma)} vs random ${median(rnd)}`);
    assert.ok(median(sep) < median(rnd) / 5, `${name}: sep-CMA median ${median(sep)} vs random ${median(rnd)}`);
    assert.ok(median(ipop) < median(rnd) / 5, `${name}: IPOP median ${median(ipop)} vs random ${median(rnd)}`);
  }
});

test("maximisation, int, stepped and log parameters: values valid and the optimum approached", () => {
  const space = { a: new IntDistribution(-10, 10), b: new FloatDistribution(0, 4, false, 0.5), c: new FloatDistribution(1e-4, 1, true), d: new IntDistribution(1, 1000, true) };
  const f = (p) => -((p.a - 3) ** 2) - (p.b - 1.5) ** 2 - Math.log10(p.c / 1e-2) ** 2 - Math.log10(p.d / 100) ** 2;
  for (const withMargin of [false, true]) {
    const study = optimize(new CmaEsSampler({ seed: 1, withMargin }), space, f, 200, "maximize");
    for (const t of study.trials) {
      for (const [k, d] of Object.entries(space)) assert.ok(d.contains(d.toInternalRepr(t.params[k])), `${k}=${t.params[k]}`);
      assert.ok(Number.isInteger(t.params.a) && Number.isInteger(t.params.d) && Number.isInteger(t.params.b * 2));
    }
    const top = study.trials.reduce((x, y) => (y.values[0] > x.values[0] ? y : x));
    assert.equal(top.params.a, 3, `withMargin ${withMargin}`);
    assert.equal(top.params.b, 1.5, `withMargin ${withMargin}`);
    assert.ok(top.values[0] > -0.2, `withMargin ${withMargin}: ${top.values[0]}`);
  }
});

test("a generation is told once popsize trials of it complete; trials still running then are left out", () => {
  const space = box(["x", "y"], -1, 1);
  const sampler = new CmaEsSampler({ seed: 3, popsize: 4 });
  const study = fakeStudy(["minimize"], []);
  finish(sampler, study, start(sampler, study, space), 1); // the startup trial
  const gen = () => sampler.run.optimizer.generation;
  // Six trials asked at once (parallel workers): all of generation 0.
  const running = Array.from({ length: 6 }, () => start(sampler, study, space));
  assert.equal(gen(), 0);
  running.forEach((t, i) => finish(sampler, study, t, i));
  // The next trial tells the first four; the other two belong to a generation that is gone.
  start(sampler, study, space);
  assert.equal(gen(), 1);
  for (let i = 0; i < 3; i++) finish(sampler, study, start(sampler, study, space), i);
  finish(sampler, study, study.trials[7], 0);
  start(sampler, study, space);
  assert.equal(gen(), 2, "four trials of generation 1 told");
  // The startup trial and the two leftovers were never told; records say which generation each trial was sampled for.
  assert.equal(sampler.records.has(0), false);
  assert.equal(sampler.records.get(5).generation, 0);
});

test("categorical, single-valued and one-dimensional spaces go to the independent sampler (with Optuna's warning)", () => {
  const space = { x: new FloatDistribution(-1, 1), y: new FloatDistribution(-1, 1), c: new CategoricalDistribution(["a", "b"]), s: new IntDistribution(2, 2) };
  const sampler = new CmaEsSampler({ seed: 0 });
  const [study, warnings] = silently(() => optimize(sampler, space, (p) => p.x ** 2 + p.y ** 2 + (p.c === "a" ? 0 : 1), 10));
  assert.deepEqual(Object.keys(sampler.inferRelativeSearchSpace(study, newTrial(10))), ["x", "y"]);
  assert.ok(warnings.some((w) => w.includes("The parameter 'c' in trial#1 is sampled independently")));
  assert.ok(!warnings.some((w) => w.includes("'x'")));
  // One float parameter: cmaes needs two dimensions, so everything is independent, and quietly.
  const one = new CmaEsSampler({ seed: 0 });
  const [s1, w1] = silently(() => optimize(one, { x: new FloatDistribution(0, 1) }, (p) => p.x, 5));
  assert.equal(s1.trials.length, 5);
  assert.equal(one.run, null);
  assert.deepEqual(w1.filter((w) => w.includes("trial#1")), [], "no warning after the relative sampler gave up on a 1-D space");
});

test("a search space that changes after CMA-ES started falls back to the independent sampler", () => {
  const sampler = new CmaEsSampler({ seed: 0, popsize: 3 });
  const study = fakeStudy(["minimize"], []);
  const a = box(["x", "y"], -1, 1);
  for (let i = 0; i < 8; i++) finish(sampler, study, start(sampler, study, a), i);
  assert.equal(sampler.run.stored, true);
  const b = box(["x", "y", "z"], -1, 1);
  const [t, warnings] = silently(() => start(sampler, study, b));
  finish(sampler, study, t, 0);
  // The intersection is still {x, y}: CMA-ES goes on.
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /'z'/);
  // A relative space other than the one the run optimises: Optuna's dynamic-space fallback, warned once.
  const c = { x: new FloatDistribution(-1, 1), z: new FloatDistribution(-1, 1) };
  const [rel, w2] = silently(() => [sampler.sampleRelative(study, newTrial(99), c), sampler.sampleRelative(study, newTrial(100), c)]);
  assert.deepEqual(rel, [{}, {}]);
  assert.equal(w2.length, 1);
  assert.match(w2[0], /does not support dynamic search space/);
});

test("considerPrunedTrials counts pruned trials by their last report", () => {
  const space = box(["x", "y"], -1, 1);
  for (const consider of [false, true]) {
    const sampler = new CmaEsSampler({ seed: 0, popsize: 2, considerPrunedTrials: consider });
    const study = fakeStudy(["minimize"], []);
    // A complete trial fixes the search space (pruned trials never enter it, as in Optuna).
    finish(sampler, study, start(sampler, study, space), 5);
    for (let i = 0; i < 4; i++) {
      const t = start(sampler, study, space);
      t.intermediateValues.set(0, 9).set(3, i);
      finish(sampler, study, t, null, "PRUNED");
    }
    start(sampler, study, space);
    // Without: no CMA-ES trial ever completes. With: two generations of two, valued 0, 1 and 2, 3.
    assert.equal(sampler.run.optimizer.generation, consider ? 2 : 0);
  }
});

test("IPOP doubles the population at each restart; BIPOP alternates large and small populations", () => {
  const space = box(["x", "y"], -1, 1);
  const flat = () => 1; // no progress: the flat-fitness criterion stops each run
  const ipop = new CmaEsSampler({ seed: 0, restartStrategy: "ipop", popsize: 4 });
  optimize(ipop, space, flat, 400);
  assert.ok(ipop.run.nRestarts >= 2, `restarts ${ipop.run.nRestarts}`);
  assert.equal(ipop.run.optimizer.populationSize, 4 * 2 ** ipop.run.nRestarts);
  const bipop = new CmaEsSampler({ seed: 0, restartStrategy: "bipop", popsize: 4 });
  const sizes = [];
  const study = fakeStudy(["minimize"], []);
  for (let i = 0; i < 900; i++) {
    finish(bipop, study, start(bipop, study, space), 1);
    const r = bipop.run;
    if (r !== null && (sizes.length === 0 || sizes[sizes.length - 1][0] !== r.nRestarts)) sizes.push([r.nRestarts, r.poptype, r.optimizer.populationSize]);
  }
  assert.deepEqual(sizes[0], [0, "small", 4]);
  assert.deepEqual(sizes[1], [1, "large", 8], "the first restart is large");
  assert.ok(sizes.length >= 4, JSON.stringify(sizes));
  assert.ok(sizes.some(([n, type]) => n > 1 && type === "small"), JSON.stringify(sizes));
  for (const [, type, size] of sizes.slice(1)) {
    if (type === "small") assert.ok(size >= 4 && size <= 4 * 2 ** bipop.run.nRestartsWithLarge);
  }
});

test("x0, sigma0 and sourceTrials set the initial distribution", () => {
  const space = { x: new FloatDistribution(-4, 4), n: new IntDistribution(0, 10) };
  const at = new CmaEsSampler({ seed: 0, x0: { x: 2, n: 7 }, sigma0: 0.25 });
  optimize(at, space, (p) => p.x + p.n, 2);
  assert.deepEqual(Array.from(at.run.optimizer.mean), [2, 7]);
  assert.equal(at.run.optimizer.sigma, 0.25);
  const centre = new CmaEsSampler({ seed: 0 });
  optimize(centre, space, (p) => p.x + p.n, 2);
  assert.deepEqual(Array.from(centre.run.optimizer.mean), [0, 5]);
  assert.equal(centre.run.optimizer.sigma, 8 / 6, "min range / 6: x spans 8, n 11 with its half-step margins");
  // Warm start from a finished study.
  const source = optimize(new UniformIndependentSampler(4), space, (p) => (p.x - 1) ** 2 + (p.n - 3) ** 2, 50).trials;
  const warm = new CmaEsSampler({ seed: 0, sourceTrials: source });
  optimize(warm, space, (p) => p.x, 2);
  const trans = new SearchSpaceTransform(space);
  const want = getWarmStartMgd(source.map((t) => [trans.transform(t.params), t.values[0]]));
  assert.deepEqual(Array.from(warm.run.optimizer.mean), Array.from(want.mean));
  assert.equal(warm.run.optimizer.sigma, want.sigma);
  assert.throws(() => optimize(new CmaEsSampler({ sourceTrials: source }), box(["u", "v"], 0, 1), (p) => p.u, 2), /No compatible sourceTrials/);
});

test("same seed, same trials; another seed, other trials", () => {
  const space = box(["x", "y", "z"], -3, 3);
  const run = (seed) => optimize(new CmaEsSampler({ seed }), space, (p) => p.x ** 2 + p.y ** 2 + p.z ** 2, 30).trials.map((t) => t.params);
  assert.deepEqual(run(7), run(7));
  assert.notDeepEqual(run(7), run(8));
});

test("bad options and multi-objective studies are refused with Optuna's wording", () => {
  assert.throws(() => new CmaEsSampler({ sigma: 1 }), /sigma0/);
  assert.throws(() => new CmaEsSampler({ restartStrategy: "abc" }), /restartStrategy="abc" is unsupported\. Please specify: 'ipop', 'bipop', or null\./);
  assert.throws(() => new CmaEsSampler({ useSeparableCma: true, withMargin: true }), /Currently, we do not support `useSeparableCma=true` and `withMargin=true`/);
  assert.throws(() => new CmaEsSampler({ sourceTrials: [], x0: { x: 0 } }), /It is prohibited to pass `sourceTrials` argument when x0 or sigma0 is specified/);
  assert.throws(() => new CmaEsSampler({ sourceTrials: [], useSeparableCma: true }), /It is prohibited to pass `sourceTrials` argument when using separable CMA-ES/);
  assert.throws(() => new CmaEsSampler({ popsize: 1 }), /popsize must be an integer of at least 2/);
  assert.throws(() => new CmaEsSampler({ sigma0: -1 }), /sigma0 must be non-zero positive value/);
  assert.throws(() => new CmaEsSampler({ incPopsize: 0.5 }), /incPopsize must be a positive integer/);
  const study = fakeStudy(["minimize", "maximize"], []);
  const sampler = new CmaEsSampler();
  assert.throws(() => sampler.sampleRelative(study, newTrial(0), box(["x", "y"], 0, 1)), /If the study is being used for multi-objective optimization, CmaEsSampler cannot be used\./);
  assert.throws(() => sampler.sampleIndependent(study, newTrial(0), "x", new FloatDistribution(0, 1)), /multi-objective/);
});
