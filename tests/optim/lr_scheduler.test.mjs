// LR schedulers against torch 1.13 (tests/fixtures/gen_sched.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt, fixture } from "../helpers.mjs";

const { Optimizer, lrScheduler: S } = wt.optim;
const { cases, errors } = fixture("sched/schedules.json");
const RTOL = 1e-6;
const ATOL = 1e-15;

// The functions the generator names; same formulas as its FUNCS.
const FUNCS = {
  "@inv": (e) => 1 / (1 + 0.05 * e),
  "@halve10": (e) => 0.5 ** Math.floor(e / 10),
  "@decay97": () => 0.97,
  "@invCycle": (x) => 1 / (1 + 0.25 * x),
};

/** Replace "@name" strings by the functions they name, at any depth. */
function resolve(value) {
  if (typeof value === "string" && value in FUNCS) return FUNCS[value];
  if (Array.isArray(value)) return value.map(resolve);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  return value;
}

/** An optimizer that only carries parameter groups, standing in for SGD/Adam/Adagrad. */
class GroupsOnly extends Optimizer {
  constructor(c) {
    const defaults = { lr: c.lrs[0], ...{ sgd: { momentum: 0.9 }, adam: { betas: [0.9, 0.999] }, plain: {} }[c.optimizer] };
    super(c.lrs.map((lr, i) => ({ params: [], lr, ...(c.initialLrs ? { initialLr: c.initialLrs[i] } : {}) })), defaults);
  }
  step() {}
}

const momentumOf = (g) => (g.betas ? g.betas[0] : g.momentum);

/** Step `sched` the way the generator did before recording value `t`. */
function advance(sched, c, t) {
  if (c.epochs) sched.step(c.epochs[t - 1]);
  else if (c.metrics) sched.step(c.metrics[t - 1]);
  else sched.step();
}

let compared = 0;
let identical = 0;

/** Relative error of `got` against torch's `want`, failing past the tolerance. */
function compare(got, want, what) {
  compared++;
  if (Object.is(got, want)) identical++;
  const err = Math.abs(got - want) / Math.max(Math.abs(want), ATOL / RTOL);
  if (!(err <= RTOL)) assert.fail(`${what}: got ${got}, torch ${want} (relative error ${err})`);
  return err;
}

/** Record lr and momentum per group for steps [from, to). */
function record(opt, sched, c, from, to, out) {
  for (let t = from; t < to; t++) {
    if (t > 0) advance(sched, c, t);
    opt.paramGroups.forEach((g, i) => {
      out.lr[i][t] = g.lr;
      out.momentum[i][t] = momentumOf(g);
    });
  }
}

function checkAgainstTorch(c, got) {
  let worst = 0;
  c.lr.forEach((series, i) => series.forEach((want, t) => (worst = Math.max(worst, compare(got.lr[i][t], want, `${c.name} lr[${i}][${t}]`)))));
  c.momentum?.forEach((series, i) =>
    series.forEach((want, t) => (worst = Math.max(worst, compare(got.momentum[i][t], want, `${c.name} momentum[${i}][${t}]`)))),
  );
  return worst;
}

const empty = (c) => ({ lr: c.lrs.map(() => []), momentum: c.lrs.map(() => []) });

test("every scheduler follows torch 1.13 step by step", (t) => {
  let worst = 0;
  compared = identical = 0;
  for (const c of cases) {
    const opt = new GroupsOnly(c);
    const sched = S.createScheduler(opt, resolve(c.config));
    const got = empty(c);
    record(opt, sched, c, 0, c.steps, got);
    worst = Math.max(worst, checkAgainstTorch(c, got));
    assert.deepEqual(sched.getLastLr(), opt.paramGroups.map((g) => g.lr), c.name);
  }
  t.diagnostic(`${cases.length} schedules: worst relative error vs torch ${worst.toExponential(2)}, ${identical}/${compared} values bit-identical`);
});

test("stateDict round trip through JSON mid-run continues identically", () => {
  for (const c of cases) {
    const config = resolve(c.config);
    const opt = new GroupsOnly(c);
    const sched = S.createScheduler(opt, config);
    const half = Math.floor(c.steps / 2);
    const straight = empty(c);
    record(opt, sched, c, 0, half, straight);
    const saved = JSON.parse(JSON.stringify(sched.stateDict()));
    const groups = JSON.parse(JSON.stringify(opt.paramGroups.map(({ params, ...options }) => options)));

    record(opt, sched, c, half, c.steps, straight);

    const opt2 = new GroupsOnly(c);
    const resumed = S.createScheduler(opt2, config);
    opt2.paramGroups.forEach((g, i) => Object.assign(g, groups[i]));
    resumed.loadStateDict(saved);
    const after = empty(c);
    record(opt2, resumed, c, half, c.steps, after);
    for (let i = 0; i < c.lrs.length; i++) {
      assert.deepEqual(after.lr[i].slice(half), straight.lr[i].slice(half), `${c.name} lr[${i}]`);
      assert.deepEqual(after.momentum[i].slice(half), straight.momentum[i].slice(half), `${c.name} momentum[${i}]`);
    }
  }
});

test("previewSchedule reproduces the torch curves without an optimizer", () => {
  for (const c of cases.filter((c) => !c.epochs && !c.initialLrs)) {
    const options = { lr: c.lrs, metrics: c.metrics, ...(c.optimizer === "adam" ? { betas: [0.9, 0.999] } : { momentum: 0.9 }) };
    const byConfig = S.previewSchedule({ ...resolve(c.config), ...options }, c.steps);
    checkAgainstTorch(c, byConfig);
    const byFactory = S.previewSchedule((opt) => S.createScheduler(opt, resolve(c.config)), c.steps, options);
    assert.deepEqual(byFactory, byConfig, c.name);
    assert.deepEqual(S.previewLr({ ...resolve(c.config), ...options }, c.steps), byConfig.lr[0], c.name);
  }
});

test("previewLr with class factories and the documented defaults", () => {
  const cosine = cases.find((c) => c.name === "CosineAnnealingLR etaMin");
  const got = S.previewLr((opt) => new S.CosineAnnealingLR(opt, { tMax: 25, etaMin: 0.001 }), cosine.steps, { lr: 0.1 });
  got.forEach((v, t) => compare(v, cosine.lr[0][t], `cosine preview[${t}]`));
  const factor = S.previewLr({ type: "linear", startFactor: 0.5, totalIters: 2 }, 4);
  assert.equal(factor[0], 0.5, "without lr the curve is the factor on lr 1");
  assert.equal(factor[3], 1);
  assert.deepEqual(S.previewLr({ type: "step", stepSize: 1 }, 0), []);
  assert.throws(() => S.previewLr({ type: "plateau" }, 5), /needs metrics for 4 steps/);
});

test("invalid arguments are refused with torch's messages", () => {
  for (const e of errors) {
    const opt = new GroupsOnly(e);
    const attempt = () => {
      const sched = S.createScheduler(opt, resolve(e.config));
      for (let i = 0; i < (e.steps ?? 0); i++) sched.step();
      if (e.stepEpoch !== undefined) sched.step(e.stepEpoch);
    };
    // Where Python divides by zero, wasmtune refuses the non-finite lr instead.
    const expected = e.message === "ZeroDivisionError" ? /the lr of param_groups\[0\] would become (NaN|-?Infinity)/ : null;
    assert.throws(attempt, (err) => (expected ? expected.test(err.message) : err.message === e.message), `expected "${e.message}"`);
    assert.ok(opt.paramGroups.every((g) => Number.isFinite(g.lr)), "a refused step leaves finite lrs");
  }
  assert.throws(() => new S.StepLR({ paramGroups: [] }, { stepSize: 1 }), /Object is not an Optimizer/);
  assert.throws(() => new S.ChainedScheduler([]), /ChainedScheduler expects at least one scheduler/);
  const opt = new GroupsOnly({ lrs: [0.1], optimizer: "sgd" });
  assert.throws(() => new S.NoamLR(opt, { modelSize: 512, warmup: 0 }), /Expected positive integer warmup, but got 0/);
  assert.throws(() => new S.NoamLR(opt, { modelSize: -1, warmup: 4 }), /Expected positive modelSize, but got -1/);
  const after = new S.ExponentialLR(opt, { gamma: 0.9 });
  assert.throws(() => new S.WarmupLR(opt, { warmupSteps: 2.5 }, after), /Expected positive integer warmupSteps, but got 2.5/);
  assert.throws(() => new S.WarmupLR(opt, { warmupSteps: 3, startFactor: 0 }, after), /Expected startFactor in \(0, 1\], but got 0/);
});

test("LambdaLR functions are not serialised; ReduceLROnPlateau keeps its infinite best through JSON", () => {
  const opt = new GroupsOnly({ lrs: [0.1, 0.01], optimizer: "sgd" });
  const lambda = new S.LambdaLR(opt, { lrLambda: [FUNCS["@inv"], FUNCS["@halve10"]] });
  assert.ok(!("lrLambdas" in lambda.stateDict()));
  const plateau = new S.ReduceLROnPlateau(opt, { mode: "max" });
  const state = JSON.parse(JSON.stringify(plateau.stateDict()));
  const fresh = new S.ReduceLROnPlateau(opt);
  fresh.loadStateDict(state);
  assert.equal(fresh.best, -Infinity);
  assert.equal(fresh.mode, "max");
  const loss = wt.Tensor.from([0.5]);
  fresh.step(loss);
  assert.equal(fresh.best, 0.5, "a one-element tensor metric is read like torch's float(metrics)");
  loss.dispose();
});

test("schedulers drive the real optimizers: SGD momentum and Adam's beta1 cycle, parameters follow torch", (t) => {
  const { training } = fixture("sched/schedules.json");
  const { Tensor, nn, optim } = wt;
  let worstParam = 0;
  for (const c of training) {
    const params = c.init.map((v) => new nn.Parameter(Tensor.from(v)));
    const opt = new optim[c.optimizer](params.map((p, i) => ({ params: [p], lr: c.lrs[i] })), c.options);
    const sched = S.createScheduler(opt, c.config);
    for (let step = 0; step < c.steps; step++) {
      opt.paramGroups.forEach((g, i) => {
        compare(g.lr, c.lr[i][step], `${c.name} lr[${i}][${step}]`);
        compare(momentumOf(g), c.momentum[i][step], `${c.name} momentum[${i}][${step}]`);
      });
      // loss = Σ c·p², so grad = 2c·p in float32, as the generator computes it
      for (const p of params) p.grad.set(Array.from(p.data.data, (v, k) => Math.fround(2 * c.c[k]) * v));
      opt.step();
      sched.step();
      const got = params.flatMap((p) => Array.from(p.data.data));
      got.forEach((v, k) => {
        const want = c.params[step][k];
        const err = Math.abs(v - want) / Math.max(Math.abs(want), 1e-3);
        worstParam = Math.max(worstParam, err);
        if (!(err <= 1e-5)) assert.fail(`${c.name} param ${k} after step ${step + 1}: got ${v}, torch ${want}`);
      });
    }
    opt.dispose();
    for (const p of params) p.dispose();
  }
  t.diagnostic(`${training.length} training runs: worst parameter error vs torch ${worstParam.toExponential(2)}`);
});

test("stateDict round trip with the optimizer's own stateDict continues a real Adam run identically", () => {
  const { Tensor, nn, optim } = wt;
  const config = { type: "oneCycle", maxLr: 0.05, totalSteps: 30 };
  const run = (opt, sched, params, steps) => {
    for (let s = 0; s < steps; s++) {
      for (const p of params) p.grad.set(Array.from(p.data.data, (v) => 2 * v));
      opt.step();
      sched.step();
    }
  };
  const make = () => {
    const params = [new nn.Parameter(Tensor.from([1, -2, 0.5]))];
    const opt = new optim.Adam(params);
    return { params, opt, sched: S.createScheduler(opt, config) };
  };
  const a = make();
  run(a.opt, a.sched, a.params, 12);
  const saved = JSON.stringify({ opt: a.opt.stateDict(), sched: a.sched.stateDict() }, (_, v) => (v instanceof Float32Array ? Array.from(v) : v));
  const b = make();
  b.params[0].data.set(a.params[0].data.data);
  const { opt: optState, sched: schedState } = JSON.parse(saved);
  b.opt.loadStateDict(optState);
  b.sched.loadStateDict(schedState);
  run(a.opt, a.sched, a.params, 15);
  run(b.opt, b.sched, b.params, 15);
  assert.deepEqual(Array.from(b.params[0].data.data), Array.from(a.params[0].data.data));
  assert.deepEqual(b.opt.paramGroups[0].betas, a.opt.paramGroups[0].betas);
  assert.equal(b.sched.getLastLr()[0], a.sched.getLastLr()[0]);
});
