// Interop with Optuna 3.1 (python3-optuna): each side reads what the other wrote.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, lib, optuna, optunaView, tmpJournal, viewAll, viewOf } from "./journal_helpers.mjs";

const { JournalFileStorage, FloatDistribution, IntDistribution, CategoricalDistribution } = lib;
const FIXTURE = join(ROOT, "tests/fixtures/tune/optuna_journal.log");
const EXPECTED = JSON.parse(readFileSync(join(ROOT, "tests/fixtures/tune/optuna_journal.json"), "utf8"));

test("wasmtune reads the committed Optuna-written journal as Optuna read it", () => {
  const path = tmpJournal();
  copyFileSync(FIXTURE, path);
  const storage = new JournalFileStorage(path);
  const got = viewAll(storage);
  assert.deepEqual(got, EXPECTED.studies.map(optunaView));
  // The fixture covers what it should: every state, NaN reports, several studies.
  const trials = got[0].trials;
  assert.deepEqual([...new Set(trials.map((t) => t.state))].sort(), ["COMPLETE", "FAIL", "PRUNED", "RUNNING", "WAITING"]);
  assert.ok(trials.some((t) => t.intermediate_values["1"] === "NaN"));
  assert.equal(got[1].directions.length, 2);
  // Nothing was written by reading.
  assert.equal(readFileSync(path, "utf8"), readFileSync(FIXTURE, "utf8"));
});

/** Trials like an objective's: every kind of parameter, reports, attrs, each state. */
function runTrials(storage, studyId, count, tag) {
  const space = {
    x: new FloatDistribution(-3, 3),
    lr: new FloatDistribution(1e-5, 1e-1, true),
    q: new FloatDistribution(0, 1, false, 0.25),
    n: new IntDistribution(1, 9),
    h: new IntDistribution(8, 512, true),
    b: new IntDistribution(16, 128, false, 16),
    opt: new CategoricalDistribution(["adam", "sgd", null, 3, 2.5, true]),
  };
  const ids = [];
  for (let i = 0; i < count; i++) {
    const id = storage.createNewTrial(studyId);
    ids.push(id);
    const values = { x: -2.5 + i / 3, lr: 1e-4 * (i + 1), q: 0.25 * (i % 5), n: 1 + (i % 9), h: 8 << (i % 6), b: 16 * (1 + (i % 8)), opt: space.opt.choices[i % 6] };
    for (const [name, d] of Object.entries(space)) storage.setTrialParam(id, name, d.toInternalRepr(values[name]), d);
    storage.setTrialUserAttr(id, "tag", `${tag} é中😀`);
    for (let step = 0; step < 3; step++) storage.setTrialIntermediateValue(id, step, step === 1 ? NaN : values.x * values.x + step);
    if (i % 4 === 1) storage.setTrialStateValues(id, "PRUNED");
    else if (i % 4 === 2) {
      storage.setTrialSystemAttr(id, "fail_reason", "ValueError('boom')");
      storage.setTrialStateValues(id, "FAIL");
    } else storage.setTrialStateValues(id, "COMPLETE", [values.x * values.x + i]);
  }
  return ids;
}

test("Optuna reads a journal wasmtune wrote, continues it, and wasmtune reads Optuna's trials back", () => {
  const path = tmpJournal();
  const storage = new JournalFileStorage(path);
  const sid = storage.createNewStudy(["minimize"], "wasmtune-written");
  storage.setStudyUserAttr(sid, "purpose", { text: "interop ✓", list: [1, 2.5, null, Infinity] });
  storage.setStudySystemAttr(sid, "origin", "wasmtune");
  runTrials(storage, sid, 8, "js");
  const running = storage.createNewTrial(sid);
  storage.setTrialParam(running, "x", 1.25, new FloatDistribution(-3, 3));
  storage.setTrialIntermediateValue(running, 0, 0.5);
  storage.createNewTrial(sid, { state: "WAITING", systemAttrs: { fixed_params: { x: 0.5 } } });
  storage.createNewTrial(sid, {
    state: "COMPLETE",
    values: [4.25],
    datetimeStart: new Date(2024, 0, 2, 3, 4, 5, 678),
    datetimeComplete: new Date(2024, 0, 2, 3, 4, 6, 789),
    params: { x: 2, opt: "adam" },
    distributions: { x: new FloatDistribution(-3, 3), opt: new CategoricalDistribution(["adam", "sgd", null, 3, 2.5, true]) },
    userAttrs: { added: true },
    intermediateValues: new Map([[0, 5], [4, 4.5]]),
  });
  const mo = storage.createNewStudy(["minimize", "maximize"], "wasmtune-mo");
  for (let i = 0; i < 3; i++) {
    const id = storage.createNewTrial(mo);
    storage.setTrialParam(id, "a", i / 4, new FloatDistribution(0, 1));
    storage.setTrialStateValues(id, "COMPLETE", [i / 4, 2 * i]);
  }

  // Optuna reads both studies and continues them in the same journal; wasmtune reads its trials.
  const seen = optuna("continue", path, "wasmtune-written", "3", "wasmtune-mo", "2");
  assert.deepEqual(seen.map(optunaView), viewAll(storage));
  assert.equal(seen[0].trials[8].system_attrs["wasmtune:owner"].pid, process.pid);
  assert.deepEqual(seen[0].trials[10].intermediate_values, { 0: 5, 4: 4.5 });
  // Optuna's optimize ran the trial wasmtune enqueued first, then two new ones.
  const trials = storage.getAllTrials(sid);
  assert.deepEqual([trials[9].state, trials[9].params.x, trials[9].userAttrs.by], ["COMPLETE", 0.5, "optuna"]);
  const added = trials.slice(11);
  assert.deepEqual(added.map((t) => [t.number, t.state, t.userAttrs.by]), [[11, "COMPLETE", "optuna"], [12, "COMPLETE", "optuna"]]);
  assert.deepEqual(Object.keys(added[0].params).sort(), ["b", "h", "lr", "n", "opt", "q", "x"]);
  assert.equal(storage.getAllTrials(mo).length, 5);
});

test("wasmtune continues the Optuna-written journal, and Optuna reads the new trials back", () => {
  const path = tmpJournal();
  copyFileSync(FIXTURE, path);
  const storage = new JournalFileStorage(path);

  const sid = storage.getStudyIdFromName("optuna-written");
  const before = storage.getAllTrials(sid);
  // Claim Optuna's enqueued trial, as a worker does, and finish it with its fixed params.
  const waiting = before.find((t) => t.state === "WAITING");
  assert.equal(storage.setTrialStateValues(waiting.trialId, "RUNNING"), true);
  const x = new FloatDistribution(-3, 3);
  storage.setTrialParam(waiting.trialId, "x", waiting.systemAttrs.fixed_params.x, x);
  storage.setTrialStateValues(waiting.trialId, "COMPLETE", [1]);
  const ids = runTrials(storage, sid, 5, "js-after-optuna");
  const mo = storage.getStudyIdFromName("optuna-mo");
  const moId = storage.createNewTrial(mo);
  storage.setTrialParam(moId, "a", 0.75, new FloatDistribution(0, 1));
  storage.setTrialParam(moId, "k", 2, new IntDistribution(0, 4));
  storage.setTrialStateValues(moId, "COMPLETE", [0.75, 2]);

  const seen = optuna("dump", path);
  assert.deepEqual(seen.map(optunaView), viewAll(storage));
  assert.equal(seen[0].trials.length, before.length + ids.length);
  assert.deepEqual(seen[0].trials.at(-1).params.opt, 2.5);
  assert.equal(seen[0].trials.find((t) => t.number === waiting.number).state, "COMPLETE");
  assert.deepEqual(seen[1].trials.at(-1).values, [0.75, 2]);
});
