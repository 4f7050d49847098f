import { test } from "node:test";
import assert from "node:assert/strict";
import { wt, fixture } from "../helpers.mjs";
const { tune } = wt;

const fx = fixture("tune/core.json");

function makePruner(kind, o) {
  switch (kind) {
    case "median": return new tune.MedianPruner(o);
    case "percentile": {
      const { percentile, ...rest } = o;
      return new tune.PercentilePruner(percentile, rest);
    }
    case "sha": return new tune.SuccessiveHalvingPruner(o);
    case "hyperband": return new tune.HyperbandPruner(o);
    case "threshold": return new tune.ThresholdPruner(o);
    case "patient": {
      const { wrapped, ...rest } = o;
      return new tune.PatientPruner(wrapped ? makePruner(wrapped.kind, wrapped.options) : null, rest);
    }
    case "nop": return new tune.NopPruner();
  }
  throw new Error(kind);
}

const nan = (v) => (v === null ? NaN : v);

for (const kind of ["median", "percentile", "sha", "hyperband", "threshold", "patient", "nop"]) {
  test(`${kind}: Optuna 3.1's prune decision after every report, final states and rung records`, async () => {
    const cases = fx.pruners.filter((c) => c.pruner === kind);
    assert.ok(cases.length >= 4);
    let checked = 0;
    for (const c of cases) {
      const pruner = makePruner(c.pruner, c.options);
      const study = await tune.createStudy({ studyName: c.studyName, direction: c.direction, pruner, sampler: new tune.RandomSampler({ seed: 0 }) });
      c.curves.forEach((curve, i) => {
        const trial = study.ask();
        const got = [];
        for (const [step, v] of curve) {
          trial.report(nan(v), step);
          const p = trial.shouldPrune();
          got.push(p);
          if (p) break;
        }
        const where = `${c.studyName} ${JSON.stringify(c.options)} trial ${i}`;
        assert.deepEqual(got, c.decisions[i], where);
        checked += got.length;
        if (got.at(-1)) study.tell(trial, { state: "PRUNED" });
        else study.tell(trial, Number.isNaN(nan(curve.at(-1)[1])) ? 0 : curve.at(-1)[1]);
      });
      assert.deepEqual(study.trials.map((t) => t.state), c.states, c.studyName);
      const rungs = study.trials.map((t) => Object.fromEntries(Object.entries(t.systemAttrs).filter(([k]) => k.startsWith("completed_rung_")).map(([k, v]) => [k, Number.isNaN(v) ? null : v])));
      assert.deepEqual(rungs, c.systemAttrs, c.studyName);
      if (c.brackets) {
        assert.equal(pruner.nBrackets, c.nBrackets, c.studyName);
        assert.deepEqual(study.trials.map((t) => pruner.bracketId(c.studyName, t.number)), c.brackets, c.studyName);
      }
    }
    assert.ok(checked > 500, `only ${checked} decisions compared`);
  });
}

test("pruner options are refused with Optuna's messages", () => {
  for (const e of fx.errors.pruners) {
    assert.throws(() => makePruner(e.pruner, e.options), (err) => err.message === e.message, `${e.pruner} ${JSON.stringify(e.options)}`);
  }
  assert.throws(() => new tune.MedianPruner({ n_startup_trials: 3 }), /MedianPruner: unknown option 'n_startup_trials' — did you mean 'nStartupTrials'\?/);
});

test("HyperbandPruner: samplers see only the trials of the trial's bracket", async () => {
  const pruner = new tune.HyperbandPruner({ maxResource: 27 });
  const seen = [];
  const sampler = {
    inferRelativeSearchSpace: () => ({}),
    sampleRelative: () => ({}),
    sampleIndependent(study, trial) {
      seen.push({ number: trial.number, visible: study.getTrials().map((t) => t.number) });
      return 0.5;
    },
  };
  const study = await tune.createStudy({ studyName: "hb", pruner, sampler });
  await study.optimize((t) => {
    t.suggestFloat("x", 0, 1);
    for (let s = 0; s < 27; s++) {
      t.report(t.number + s, s);
      if (t.shouldPrune()) throw new tune.TrialPruned();
    }
    return t.number;
  }, { nTrials: 12 });
  // Before the first trial completes there are no brackets: every trial is visible.
  assert.deepEqual(seen[0].visible, [0]);
  for (const { number, visible } of seen.slice(1)) {
    const bracket = pruner.bracketId("hb", number);
    assert.ok(visible.includes(number));
    for (const n of visible) assert.equal(pruner.bracketId("hb", n), bracket, `trial ${number} sees trial ${n}`);
  }
  assert.ok(pruner.nBrackets === 4);
});
