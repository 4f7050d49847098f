// Several processes on one journal (through the storage API and through
// study.optimize), killed writers, abandoned locks, stale trials.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tune } from "../../dist/index.js";
import { BUNDLE, lib, optuna, tmpJournal } from "./journal_helpers.mjs";

const { JournalFileStorage, failStaleTrials } = lib;
const CHILD = new URL("./journal_child.mjs", import.meta.url).pathname;
const STUDY_CHILD = new URL("./journal_study_child.mjs", import.meta.url).pathname;

/** Run a child; resolves with its exit code or signal. `killAfter` (ms) SIGKILLs it once it has written. */
function child(path, args, killAfter) {
  return run(CHILD, [BUNDLE, path, ...args], killAfter);
}

function run(script, args, killAfter) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    p.stderr.on("data", (d) => (err += d));
    if (killAfter !== undefined) p.stdout.once("data", () => setTimeout(() => p.kill("SIGKILL"), killAfter));
    p.on("error", reject);
    p.on("exit", (code, signal) => resolve({ code, signal, err, pid: p.pid }));
  });
}

test("4 processes × 10 trials share one journal: 40 distinct trials, nothing lost or duplicated", async () => {
  const path = tmpJournal();
  const runs = await Promise.all([0, 1, 2, 3].map(() => child(path, ["trials", "10"])));
  for (const r of runs) assert.equal(r.code, 0, r.err);
  const storage = new JournalFileStorage(path);
  assert.equal(storage.getAllStudies().length, 1, "one study, though all four created it");
  const trials = storage.getAllTrials(storage.getStudyIdFromName("shared"));
  assert.equal(trials.length, 40);
  assert.deepEqual(trials.map((t) => t.number), [...Array(40).keys()]);
  assert.equal(new Set(trials.map((t) => t.trialId)).size, 40);
  assert.ok(trials.every((t) => t.state === "COMPLETE" && "x" in t.params && t.intermediateValues.get(0) === t.params.k));
  const byPid = {};
  for (const t of trials) (byPid[t.userAttrs.pid] ??= []).push(t);
  assert.deepEqual(Object.keys(byPid).map(Number).sort(), runs.map((r) => r.pid).sort());
  for (const ts of Object.values(byPid)) assert.deepEqual(ts.map((t) => t.params.k), [...Array(10).keys()]);
  assert.ok(!existsSync(`${path}.lock`));
  assert.equal(optuna("dump", path)[0].trials.length, 40);
});

test("4 processes each run study.optimize(objective, { nTrials: 10 }) with TPE (constant liar) on one journal: 40 distinct complete trials, and Optuna reads them all", async () => {
  const path = tmpJournal();
  const runs = await Promise.all([0, 1, 2, 3].map((seed) => run(STUDY_CHILD, [path, String(seed)])));
  for (const r of runs) assert.equal(r.code, 0, r.err);
  const study = await tune.loadStudy({ studyName: "shared", storage: `journal:${path}` });
  const trials = study.trials;
  assert.equal(new JournalFileStorage(path).getAllStudies().length, 1, "one study, though all four created it");
  assert.deepEqual(trials.map((t) => t.number), [...Array(40).keys()]);
  assert.equal(new Set(trials.map((t) => t.trialId)).size, 40);
  assert.ok(trials.every((t) => t.state === "COMPLETE" && t.intermediateValues.get(0) === t.values[0]), trials.map((t) => t.state).join(" "));
  assert.equal(new Set(trials.map((t) => JSON.stringify(t.params))).size, 40, "a configuration was sampled twice");
  const perPid = {};
  for (const t of trials) perPid[t.userAttrs.pid] = (perPid[t.userAttrs.pid] ?? 0) + 1;
  assert.deepEqual(perPid, Object.fromEntries(runs.map((r) => [r.pid, 10])));
  assert.ok(!existsSync(`${path}.lock`));
  const [dumped] = optuna("dump", path);
  assert.deepEqual(
    dumped.trials.map((t) => [t.number, t.state, t.params, t.values, t.user_attrs.pid]),
    trials.map((t) => [t.number, t.state, t.params, t.values, t.userAttrs.pid]),
  );
});

test("a writer killed by SIGKILL leaves the journal loadable, and others carry on", async () => {
  const path = tmpJournal();
  const r = await child(path, ["hammer"], 300);
  assert.equal(r.signal, "SIGKILL");
  const reader = new JournalFileStorage(path, { lockGracePeriod: 0.2 });
  const sid = reader.getStudyIdFromName("shared");
  const before = reader.getAllTrials(sid).length;
  assert.ok(before > 0);
  // Whether it died inside an append (lock left, torn line) or between: a new writer proceeds.
  const t = reader.createNewTrial(sid);
  reader.setTrialStateValues(t, "COMPLETE", [0]);
  const after = new JournalFileStorage(path).getAllTrials(sid);
  assert.ok(after.length >= before + 1);
  assert.ok(readFileSync(path, "utf8").endsWith("\n"));
});

test("a lock and a torn line left by a killed writer: ignored, then removed after the grace period and repaired", async () => {
  const path = tmpJournal();
  assert.equal((await child(path, ["trials", "2"])).code, 0);
  const r = await child(path, ["torn"]);
  assert.equal(r.signal, "SIGKILL");
  assert.ok(existsSync(`${path}.lock`));
  const storage = new JournalFileStorage(path, { lockGracePeriod: 0.3 });
  const sid = storage.getStudyIdFromName("shared");
  assert.equal(storage.getAllTrials(sid).length, 2, "the torn line is not read");
  const t0 = performance.now();
  storage.createNewTrial(sid);
  assert.ok(performance.now() - t0 >= 300, "waited out the grace period");
  assert.ok(!existsSync(`${path}.lock`));
  assert.ok(!readFileSync(path, "utf8").includes('"killed"'), "the torn text was cut off");
  assert.equal(new JournalFileStorage(path).getAllTrials(sid).length, 3);
  assert.equal(optuna("dump", path)[0].trials.length, 3);
});

test("an unchanged lock file of either kind is waited for, then removed after the grace period", () => {
  for (const lock of ["symlink", "open"]) {
    const path = tmpJournal();
    const storage = new JournalFileStorage(path, { lock, lockGracePeriod: 0.25 });
    if (lock === "symlink") symlinkSync(path, `${path}.lock`);
    else writeFileSync(`${path}.lock`, "");
    const t0 = performance.now();
    storage.createNewStudy(["minimize"], lock);
    assert.ok(performance.now() - t0 >= 250, `${lock}: waited`);
    assert.ok(!existsSync(`${path}.lock`), `${lock}: released`);
  }
});

test("failStaleTrials fails the RUNNING trial of a process that is gone, once", async () => {
  const path = tmpJournal();
  const live = new JournalFileStorage(path);
  const sid = live.createNewStudy(["minimize"], "shared");
  const mine = live.createNewTrial(sid);
  const r = await child(path, ["orphan"]);
  assert.equal(r.signal, "SIGKILL");
  // A RUNNING trial without an owner record (as Optuna starts them) is never judged.
  const optunaStyle = live.createNewTrial(sid, { state: "RUNNING", datetimeStart: new Date() });
  const other = new JournalFileStorage(path);
  const orphan = other.getAllTrials(sid).find((t) => t.systemAttrs["wasmtune:owner"]?.pid === r.pid);
  assert.ok(orphan);
  assert.deepEqual(other.getStaleTrialIds(sid), [orphan.trialId]);
  assert.deepEqual(failStaleTrials(other, sid), [orphan.trialId]);
  assert.deepEqual(failStaleTrials(live, sid), []);
  const failed = live.getTrial(orphan.trialId);
  assert.equal(failed.state, "FAIL");
  assert.ok(failed.datetimeComplete instanceof Date);
  assert.equal(live.getTrial(mine).state, "RUNNING");
  assert.equal(live.getTrial(optunaStyle).state, "RUNNING");
});
