import { test } from "node:test";
import assert from "node:assert/strict";
import { wt, fixture } from "../helpers.mjs";
const { tune } = wt;

const fx = fixture("tune/core.json");

/** Capture console.warn while `fn` runs. */
async function warnings(fn) {
  const seen = [];
  const orig = console.warn;
  console.warn = (m) => seen.push(String(m));
  try {
    await fn();
  } finally {
    console.warn = orig;
  }
  return seen;
}

const newStudy = (o = {}) => tune.createStudy({ sampler: new tune.RandomSampler({ seed: 7 }), ...o });

test("bad suggestions are refused with Optuna 3.1's messages", async () => {
  const study = await newStudy();
  for (const e of fx.errors.suggest) {
    const trial = study.ask();
    const [method, ...args] = e.call;
    assert.throws(() => trial[method](...args), (err) => err.message === e.message, JSON.stringify(e.call));
  }
  for (const e of fx.errors.resuggest) {
    const trial = study.ask();
    const [m1, ...a1] = e.first;
    const [m2, ...a2] = e.second;
    trial[m1](...a1);
    assert.throws(() => trial[m2](...a2), (err) => err.message === e.message, JSON.stringify(e));
  }
  const trial = study.ask();
  for (const e of fx.errors.report) assert.throws(() => trial.report(e.value, e.step), (err) => err.message === e.message);
  assert.throws(() => trial.report(0.5, 1.5), /The `step` argument is 1.5 but must be an integer/);
  assert.throws(() => trial.suggestFloat("x", 0, 1, { steps: 0.1 }), /suggestFloat: unknown option 'steps' — did you mean 'step'\?/);
});

test("a name suggested again returns the first value; another range warns as Optuna does", async () => {
  const study = await newStudy();
  const trial = study.ask();
  const x = trial.suggestFloat("x", 0, 1);
  assert.equal(trial.suggestFloat("x", 0, 1), x);
  const seen = await warnings(() => assert.equal(trial.suggestFloat("x", 0, 2), x));
  assert.match(seen[0], /Inconsistent parameter values for distribution with name "x"/);
  const n = trial.suggestInt("n", 1, 9);
  assert.equal(trial.suggestInt("n", 1, 9), n);
  assert.equal(trial.suggestCategorical("one", ["only"]), "only");
  assert.deepEqual(Object.keys(trial.params), ["x", "n", "one"]);
  assert.equal(trial.distributions.x.high, 1);
});

test("report: a step reported twice is ignored with a warning; multi-objective studies refuse reports", async () => {
  const study = await newStudy();
  const trial = study.ask();
  trial.report(0.5, 0);
  const seen = await warnings(() => trial.report(0.9, 0));
  assert.match(seen[0], /The reported value is ignored because this `step` 0 is already reported\./);
  assert.equal(study.trials[0].intermediateValues.get(0), 0.5);
  const multi = await newStudy({ directions: ["minimize", "maximize"] });
  assert.throws(() => multi.ask().report(0.5, 0), (e) => e.message === fx.errors.study.multiReport.message);
});

test("bestTrial, bestValue, bestParams: Optuna's error before any trial completes; first of equals wins", async () => {
  const study = await newStudy({ direction: "maximize" });
  assert.throws(() => study.bestTrial, (e) => e.message === fx.errors.study.bestNone.message);
  for (const v of [0.2, 0.9, 0.9, 0.1]) study.tell(study.ask(), v);
  assert.equal(study.bestTrial.number, 1);
  assert.equal(study.bestValue, 0.9);
  const multi = await newStudy({ directions: ["minimize", "maximize"] });
  assert.throws(() => multi.bestTrial, /A single best trial cannot be retrieved from a multi-objective study/);
  await assert.rejects(newStudy({ direction: "minimize", directions: ["minimize"] }), (e) => e.message === fx.errors.study.bothDirections.message);
  await assert.rejects(newStudy({ directions: [] }), (e) => e.message === fx.errors.study.noDirections.message);
  await assert.rejects(newStudy({ direction: "max" }), /Please set either 'minimize' or 'maximize' to direction/);
});

test("bestTrials is Optuna's Pareto front", async () => {
  for (const p of fx.pareto) {
    const study = await newStudy({ directions: p.directions });
    for (const values of p.values) study.addTrial(tune.createTrial({ values }));
    assert.deepEqual(study.bestTrials.map((t) => t.number), p.front, JSON.stringify(p.directions));
  }
});

test("an objective that throws fails its trial with the reason recorded, then the error is thrown; `catch` keeps going", async () => {
  const study = await newStudy();
  let calls = 0;
  const objective = (t) => {
    calls++;
    t.suggestFloat("x", 0, 1);
    if (t.number === 1) throw new RangeError("boom");
    return t.number;
  };
  await warnings(() => assert.rejects(study.optimize(objective, { nTrials: 5 }), /boom/));
  assert.equal(calls, 2);
  assert.deepEqual(study.trials.map((t) => t.state), ["COMPLETE", "FAIL"]);
  assert.equal(study.trials[1].systemAttrs.fail_reason, "RangeError: boom");
  assert.equal(study.trials[1].values, null);
  const seen = await warnings(() => study.optimize(objective, { nTrials: 3, catch: [TypeError, RangeError] }));
  assert.deepEqual(study.trials.map((t) => t.state), ["COMPLETE", "FAIL", "COMPLETE", "COMPLETE", "COMPLETE"]);
  assert.equal(seen.length, 0);
});

test("NaN, a missing value or the wrong count fails the trial with Optuna's reason and the study goes on", async () => {
  const study = await newStudy();
  const returns = [NaN, undefined, [1, 2], "x", 3];
  const seen = await warnings(() => study.optimize((t) => returns[t.number], { nTrials: 5 }));
  assert.deepEqual(study.trials.map((t) => t.state), ["FAIL", "FAIL", "FAIL", "FAIL", "COMPLETE"]);
  assert.deepEqual(study.trials.slice(0, 4).map((t) => t.systemAttrs.fail_reason), [
    "The value NaN is not acceptable.",
    "The value undefined could not be cast to float.",
    "The number of the values 2 did not match the number of the objectives 1.",
    "The value x could not be cast to float.",
  ]);
  assert.equal(seen.length, 4);
  assert.match(seen[0], /Trial 0 failed with parameters: \{\} because of the following error: The value NaN is not acceptable\./);
});

test("TrialPruned prunes: the trial keeps its last intermediate value", async () => {
  const study = await newStudy();
  await study.optimize((t) => {
    t.report(0.25, 0);
    t.report(0.75, 3);
    throw new tune.TrialPruned();
  }, { nTrials: 1 });
  assert.equal(study.trials[0].state, "PRUNED");
  assert.deepEqual(study.trials[0].values, [0.75]);
});

test("ask and tell: states, values, errors as in Optuna", async () => {
  const study = await newStudy();
  const a = study.ask();
  const b = study.ask();
  assert.equal(study.tell(a, 1.5).state, "COMPLETE");
  assert.throws(() => study.tell(a, 2), /Cannot tell a COMPLETE trial\./);
  assert.equal(study.tell(a, { values: 2, skipIfFinished: true }).values[0], 1.5);
  assert.throws(() => study.tell(b, { state: "COMPLETE" }), /No values were told\. Values are required when state is TrialState\.COMPLETE\./);
  assert.throws(() => study.tell(b, { state: "PRUNED", values: 1 }), /Values were told\. Values cannot be specified when state is TrialState\.PRUNED or TrialState\.FAIL\./);
  assert.throws(() => study.tell(b, { state: "WAITING" }), /Cannot tell with state WAITING\./);
  assert.throws(() => study.tell(7, 1), /Cannot tell for trial with number 7 since it has not been created\./);
  assert.throws(() => study.tell(b, { state: "COMPLETE", values: NaN }), /The value NaN is not acceptable\./);
  assert.equal(study.tell(1, { state: "FAIL" }).state, "FAIL");
  assert.throws(() => study.tell(b, { stat: "FAIL" }), /tell: unknown option 'stat' — did you mean 'state'\?/);
  assert.throws(() => a.report(1, 0), /Trial#0 has already finished and can not be updated\./);
  const t = study.ask({ lr: new tune.FloatDistribution(1e-5, 1e-1, true) });
  assert.ok(t.params.lr >= 1e-5 && t.params.lr <= 1e-1);
});

test("enqueueTrial: queued parameters are used first, others sampled; skipIfExists; user attributes", async () => {
  const study = await newStudy();
  study.enqueueTrial({ x: 0.25, kind: "b" }, { userAttrs: { source: "manual" } });
  study.enqueueTrial({ x: 0.25, kind: "b" }, { skipIfExists: true });
  study.enqueueTrial({ x: 0.5000001, kind: "b" }, { skipIfExists: true });
  assert.equal(study.trials.length, 2);
  assert.deepEqual(study.trials.map((t) => t.state), ["WAITING", "WAITING"]);
  await study.optimize((t) => t.suggestFloat("x", 0, 1) + t.suggestInt("n", 0, 3) + (t.suggestCategorical("kind", ["a", "b"]) === "b" ? 1 : 0), { nTrials: 3 });
  const [first, second, third] = study.trials;
  assert.equal(first.params.x, 0.25);
  assert.equal(first.params.kind, "b");
  assert.equal(first.userAttrs.source, "manual");
  assert.ok(Number.isInteger(first.params.n));
  assert.equal(second.params.x, 0.5000001);
  assert.ok(third.params.x !== 0.25 && third.params.x !== 0.5000001);
  // Optuna compares with an enqueued trial's fixed parameters, and with a sampled trial's parameters.
  study.enqueueTrial({ x: 0.25, kind: "b" }, { skipIfExists: true });
  study.enqueueTrial({ ...third.params }, { skipIfExists: true });
  assert.equal(study.trials.length, 3, "trials with the same parameters exist already");
  study.enqueueTrial({ ...first.params }, { skipIfExists: true });
  assert.equal(study.trials.length, 4, "the first trial's fixed parameters were only x and kind");
});

test("addTrial and createTrial validate as Optuna does", async () => {
  const study = await newStudy();
  const d = { x: new tune.FloatDistribution(0, 1) };
  study.addTrial(tune.createTrial({ params: { x: 0.5 }, distributions: d, value: 0.1, intermediateValues: { 0: 0.3, 1: 0.2 } }));
  const t = study.trials[0];
  assert.equal(t.number, 0);
  assert.equal(t.state, "COMPLETE");
  assert.deepEqual([...t.intermediateValues], [[0, 0.3], [1, 0.2]]);
  assert.throws(() => tune.createTrial({ params: { x: 2 }, distributions: d, value: 1 }), /The value 2 of parameter 'x' isn't contained in the distribution/);
  assert.throws(() => tune.createTrial({ params: { x: 0.5 }, value: 1 }), /Inconsistent parameters/);
  assert.throws(() => tune.createTrial({ state: "COMPLETE" }), /`value` is supposed to be set for a complete trial\./);
  assert.throws(() => tune.createTrial({ value: 1, values: [1] }), /Specify only one of `value` and `values`\./);
  assert.equal(study.bestValue, 0.1);
});

test("optimize: callbacks see each finished trial, stop() ends the loop, nested calls and bad options are refused", async () => {
  const study = await newStudy();
  const seen = [];
  await study.optimize((t) => t.suggestFloat("x", 0, 1), {
    nTrials: 10,
    callbacks: [(s, frozen) => {
      seen.push(frozen.number);
      if (frozen.number === 3) s.stop();
    }],
  });
  assert.deepEqual(seen, [0, 1, 2, 3]);
  assert.throws(() => study.stop(), /`Study.stop` is supposed to be invoked inside an objective function or a callback\./);
  await warnings(() => study.optimize(async () => {
    await study.optimize(() => 1, { nTrials: 1 });
    return 1;
  }, { nTrials: 1, catch: Error }));
  assert.match(study.trials.at(-1).systemAttrs.fail_reason, /Nested invocation of `Study.optimize` method isn't allowed\./);
  await assert.rejects(study.optimize(() => 1, { n_trials: 1 }), /optimize: unknown option 'n_trials' — did you mean 'nTrials'\?/);
  await assert.rejects(study.optimize(() => 1, { workers: 2 }), /workers need the objective as a module URL/);
});

test("optimize: timeout stops starting trials", async () => {
  const study = await newStudy();
  const start = Date.now();
  await study.optimize(async () => {
    await new Promise((r) => setTimeout(r, 20));
    return 1;
  }, { timeout: 0.1 });
  // Whatever the machine's load: trials run back to back, and none starts after the timeout.
  assert.ok(study.trials.length >= 1);
  assert.ok(study.trials.every((t) => t.state === "COMPLETE"));
  for (const t of study.trials) assert.ok(t.datetimeStart.getTime() - start <= 100 + 25, `trial ${t.number} started ${t.datetimeStart.getTime() - start} ms in`);
  assert.ok(study.trials.length <= 6, `${study.trials.length} trials of 20 ms in 0.1 s`);
});

test("createStudy/loadStudy/deleteStudy/getAllStudyNames over one storage", async () => {
  const storage = new tune.InMemoryStorage();
  const a = await tune.createStudy({ studyName: "a", storage });
  a.tell(a.ask(), 3);
  await assert.rejects(tune.createStudy({ studyName: "a", storage }), (e) => e instanceof tune.DuplicatedStudyError && /Another study with name 'a' already exists/.test(e.message));
  const again = await tune.createStudy({ studyName: "a", storage, loadIfExists: true });
  assert.equal(again.trials.length, 1);
  const loaded = await tune.loadStudy({ storage });
  assert.equal(loaded.bestValue, 3);
  const anon = await tune.createStudy({ storage });
  assert.match(anon.studyName, /^no-name-[0-9a-f-]{36}$/);
  assert.deepEqual((await tune.getAllStudyNames(storage)).sort(), ["a", anon.studyName].sort());
  await assert.rejects(tune.loadStudy({ storage }), /does not contain exactly 1 study/);
  await tune.deleteStudy({ studyName: "a", storage });
  assert.deepEqual(await tune.getAllStudyNames(storage), [anon.studyName]);
  await assert.rejects(tune.createStudy({ storage: "sqlite:///x.db" }), /storage/);
  await assert.rejects(tune.createStudy({ loadIfExist: true }), /did you mean 'loadIfExists'/);
});

test("trialsRows has Optuna's trials_dataframe columns; rowsToCsv quotes what needs quoting", async () => {
  const study = await newStudy();
  study.enqueueTrial({ b: 'say "hi", twice' });
  await study.optimize((t) => {
    t.suggestCategorical("b", ['say "hi", twice', "plain"]);
    t.setUserAttr("fold", t.number);
    return t.suggestFloat("a", 0, 1);
  }, { nTrials: 2 });
  study.ask();
  const rows = study.trialsRows();
  assert.deepEqual(Object.keys(rows[0]), ["number", "value", "datetime_start", "datetime_complete", "duration", "params_a", "params_b", "user_attrs_fold", "state"]);
  assert.equal(rows[2].state, "RUNNING");
  assert.equal(rows[2].duration, null);
  assert.ok(rows[0].duration >= 0);
  const csv = tune.rowsToCsv(rows).split("\n");
  assert.equal(csv[0], "number,value,datetime_start,datetime_complete,duration,params_a,params_b,user_attrs_fold,state");
  assert.match(csv[1], /^0,[0-9.e-]+,\d{4}-\d\d-\d\dT[^,]+Z,[^,]+Z,[0-9.]+,[0-9.e-]+,"say ""hi"", twice",0,COMPLETE$/);
  assert.match(csv[3], /^2,,[^,]+,,,,,,RUNNING$/);
  const multi = await newStudy({ directions: ["minimize", "maximize"] });
  multi.tell(multi.ask(), [1, 2]);
  assert.deepEqual(Object.keys(multi.trialsRows()[0]).slice(0, 3), ["number", "values_0", "values_1"]);
});

test("the default sampler is TPE (Optuna's default) and the default pruner MedianPruner", async () => {
  const study = await tune.createStudy();
  assert.ok(study.sampler instanceof tune.TPESampler);
  assert.ok(study.pruner instanceof tune.MedianPruner);
  await study.optimize((t) => (t.suggestFloat("x", -5, 5) - 1) ** 2, { nTrials: 25 });
  assert.equal(study.trials.filter((t) => t.state === "COMPLETE").length, 25);
});

test("FixedTrial returns the given values (Optuna's FixedTrial): missing names refused, out-of-range values warned, never pruned", () => {
  const t = new tune.FixedTrial({ lr: 0.01, layers: 2, act: "relu" }, 7);
  assert.equal(t.number, 7);
  assert.equal(t.suggestFloat("lr", 1e-5, 1, { log: true }), 0.01);
  assert.equal(t.suggestInt("layers", 1, 3), 2);
  assert.equal(t.suggestCategorical("act", ["relu", "tanh"]), "relu");
  assert.deepEqual(t.params, { lr: 0.01, layers: 2, act: "relu" });
  assert.throws(() => t.suggestFloat("dropout", 0, 0.5), /The value of the parameter 'dropout' is not found\. Please set it at the construction of the FixedTrial object\./);
  assert.throws(() => t.suggestInt("lr", 1, 3), /Cannot set different distribution kind to the same parameter name\./);
  const warnings = [];
  const original = console.warn;
  console.warn = (m) => warnings.push(String(m));
  try {
    new tune.FixedTrial({ x: 5 }).suggestFloat("x", 0, 1);
  } finally {
    console.warn = original;
  }
  assert.match(warnings.join("\n"), /The value 5 of the parameter 'x' is out of the range of the distribution/);
  t.report(0.5, 0);
  assert.equal(t.shouldPrune(), false);
  assert.deepEqual([...t.intermediateValues], [[0, 0.5]]);
});
