// The journal's lines, its replay rules and its handling of bad lines.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { lib, tmpJournal } from "./journal_helpers.mjs";

const { JournalFileStorage, resolveStorage, FloatDistribution, IntDistribution, CategoricalDistribution, UpdateFinishedTrialError, DuplicatedStudyError } = lib;

const lines = (path) => readFileSync(path, "utf8").split("\n").filter((l) => l !== "");
const WORKER = /"worker_id": "[^"]*"/g;
const WHEN = /"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}"/g;
const normal = (l) => l.replace(WORKER, '"worker_id": W').replace(WHEN, "T");

test("the lines are the ones Optuna 3.1 writes for the same operations", () => {
  // Written by optuna 3.1.0 (JournalStorage over JournalFileStorage) for these calls.
  const optunaLines = [
    '{"op_code": 0, "worker_id": W, "study_name": "s", "directions": [1]}',
    '{"op_code": 2, "worker_id": W, "study_id": 0, "user_attr": {"u": [1, 2.5, "\\u00e9"]}}',
    '{"op_code": 4, "worker_id": W, "study_id": 0, "datetime_start": null, "state": 4, "value": null, "values": null, "distributions": {}, "params": {}, "user_attrs": {}, "system_attrs": {"fixed_params": {"x": 0.5}}, "intermediate_values": {}}',
    '{"op_code": 6, "worker_id": W, "trial_id": 0, "state": 0, "values": null, "datetime_start": T}',
    '{"op_code": 5, "worker_id": W, "trial_id": 0, "param_name": "x", "param_value_internal": 0.5, "distribution": "{\\"name\\": \\"FloatDistribution\\", \\"attributes\\": {\\"step\\": null, \\"low\\": 1e-05, \\"high\\": 1.0, \\"log\\": true}}"}',
    '{"op_code": 5, "worker_id": W, "trial_id": 0, "param_name": "i", "param_value_internal": 4.0, "distribution": "{\\"name\\": \\"IntDistribution\\", \\"attributes\\": {\\"log\\": false, \\"step\\": 2, \\"low\\": 0, \\"high\\": 10}}"}',
    '{"op_code": 5, "worker_id": W, "trial_id": 0, "param_name": "c", "param_value_internal": 0, "distribution": "{\\"name\\": \\"CategoricalDistribution\\", \\"attributes\\": {\\"choices\\": [\\"a\\", null, 3]}}"}',
    '{"op_code": 7, "worker_id": W, "trial_id": 0, "step": 0, "intermediate_value": NaN}',
    '{"op_code": 7, "worker_id": W, "trial_id": 0, "step": 1, "intermediate_value": 1.0}',
    '{"op_code": 8, "worker_id": W, "trial_id": 0, "user_attr": {"k": {"a": 1}}}',
    '{"op_code": 6, "worker_id": W, "trial_id": 0, "state": 1, "values": [0.5], "datetime_complete": T}',
    '{"op_code": 4, "worker_id": W, "study_id": 0, "datetime_start": T}',
  ];
  const path = tmpJournal();
  const s = new JournalFileStorage(path);
  const sid = s.createNewStudy(["minimize"], "s");
  s.setStudyUserAttr(sid, "u", [1, 2.5, "é"]);
  const t = s.createNewTrial(sid, { state: "WAITING", systemAttrs: { fixed_params: { x: 0.5 } } });
  assert.equal(s.setTrialStateValues(t, "RUNNING"), true);
  s.setTrialParam(t, "x", 0.5, new FloatDistribution(1e-5, 1, true));
  s.setTrialParam(t, "i", 4, new IntDistribution(0, 10, false, 2));
  s.setTrialParam(t, "c", 0, new CategoricalDistribution(["a", null, 3]));
  s.setTrialIntermediateValue(t, 0, NaN);
  s.setTrialIntermediateValue(t, 1, 1);
  s.setTrialUserAttr(t, "k", { a: 1 });
  s.setTrialStateValues(t, "COMPLETE", [0.5]);
  s.createNewTrial(sid);
  // Ours adds the owner record after a trial starts RUNNING (used by failStaleTrials).
  const ours = lines(path).map(normal);
  const owner = /^\{"op_code": 9, "worker_id": W, "trial_id": (\d), "system_attr": \{"wasmtune:owner": \{"hostname": "[^"]+", "pid": \d+\}\}\}$/;
  assert.match(ours[4], owner);
  assert.match(ours[13], owner);
  assert.deepEqual(ours.filter((l, i) => i !== 4 && i !== 13), optunaLines);
  const trial = s.getTrial(t);
  assert.ok(Number.isNaN(trial.intermediateValues.get(0)));
  assert.deepEqual(trial.params, { x: 0.5, i: 4, c: "a" });
  assert.deepEqual(s.getStudyUserAttrs(sid), { u: [1, 2.5, "é"] });
});

test("numbers keep their Python type and non-finite values survive", () => {
  const path = tmpJournal();
  const s = new JournalFileStorage(path);
  const sid = s.createNewStudy(["maximize"], "n");
  const t = s.createNewTrial(sid);
  const attrs = { big: 1e21, tiny: 1e-7, neg0: -0.5, inf: -Infinity, nan: NaN, int: 7, float: 0.1, text: 'quote " back \\ nl \n tab \t bell \u0007 ✓ 😀' };
  s.setTrialUserAttr(t, "v", attrs);
  s.setTrialStateValues(t, "COMPLETE", [3]);
  const text = lines(path).join("\n");
  assert.match(text, /"big": 1000000000000000000000, "tiny": 1e-07, "neg0": -0.5, "inf": -Infinity, "nan": NaN, "int": 7, "float": 0.1/);
  assert.match(text, /"text": "quote \\" back \\\\ nl \\n tab \\t bell \\u0007 \\u2713 \\ud83d\\ude00"/);
  assert.match(text, /"values": \[3\.0\]/);
  const fresh = new JournalFileStorage(path).getTrial(t);
  assert.deepEqual(fresh.userAttrs.v, attrs); // deepEqual treats NaN as NaN
  assert.deepEqual(fresh.values, [3]);
  assert.throws(() => s.setTrialUserAttr(t === 0 ? s.createNewTrial(sid) : t, "f", () => 1), /Object of type function is not JSON serializable/);
});

test("reads are incremental: lines already read are not read again", () => {
  const path = tmpJournal();
  const a = new JournalFileStorage(path);
  const b = new JournalFileStorage(path);
  const sid = a.createNewStudy(["minimize"], "inc");
  assert.equal(b.getStudyIdFromName("inc"), sid);
  // Damage the line b has read already: b goes on, a newcomer refuses it.
  const text = readFileSync(path, "utf8");
  writeFileSync(path, "#".repeat(text.indexOf("\n")) + text.slice(text.indexOf("\n")));
  a.createNewTrial(sid);
  assert.equal(b.getAllTrials(sid).length, 1);
  assert.throws(() => new JournalFileStorage(path), /line 1 is not JSON/);
});

test("a torn last line is ignored until complete; the next writer repairs it", () => {
  const path = tmpJournal();
  const a = new JournalFileStorage(path);
  const sid = a.createNewStudy(["minimize"], "torn");
  a.createNewTrial(sid);
  const whole = readFileSync(path, "utf8");
  appendFileSync(path, '{"op_code": 4, "worker_id": "dead", "stu');
  const b = new JournalFileStorage(path);
  assert.equal(b.getAllTrials(sid).length, 1);
  b.createNewTrial(sid); // under the lock: the torn text is cut off, then the line appended
  assert.equal(readFileSync(path, "utf8").slice(0, whole.length), whole);
  assert.equal(lines(path).length, lines(path).filter((l) => l.startsWith('{"op_code"')).length);
  assert.equal(new JournalFileStorage(path).getAllTrials(sid).length, 2);

  // A whole operation missing only its newline (its writer died in between) is completed, as Optuna already read it.
  appendFileSync(path, `{"op_code": 4, "worker_id": "dead", "study_id": ${sid}, "datetime_start": "2024-01-02T03:04:05.678000"}`);
  assert.equal(a.getAllTrials(sid).length, 2);
  a.setStudyUserAttr(sid, "k", 1);
  const all = a.getAllTrials(sid);
  assert.equal(all.length, 3);
  assert.equal(all[2].datetimeStart.getTime(), new Date(2024, 0, 2, 3, 4, 5, 678).getTime());
});

test("a bad line before the end is refused with its line number, and so is an unknown op code", () => {
  const path = tmpJournal();
  const a = new JournalFileStorage(path);
  const sid = a.createNewStudy(["minimize"], "bad");
  a.createNewTrial(sid);
  const good = lines(path);
  writeFileSync(path, [good[0], '{"op_code": 4, "worker_id": "x", "study_id": 0, "datetime_st', ...good.slice(1)].join("\n") + "\n");
  assert.throws(() => new JournalFileStorage(path), (e) => /study\.log line 2 is not JSON .*corrupt/.test(e.message));

  writeFileSync(path, [...good, '{"op_code": 12, "worker_id": "x", "trial_id": 0}'].join("\n") + "\n");
  assert.throws(() => new JournalFileStorage(path), /line 4: unknown op code 12 \(Optuna 3\.1's journal has op codes 0 to 9\)/);
  // A reader that was up to date meets the same error on its next operation.
  assert.throws(() => a.getAllTrials(sid), /line 4: unknown op code 12/);

  writeFileSync(path, [...good, '{"op_code": 6, "worker_id": "x", "trial_id": 0, "state": 1, "values": null}'].join("\n") + "\n");
  assert.throws(() => new JournalFileStorage(path), /line 4: missing field "datetime_complete"/);
  writeFileSync(path, [...good, '{"op_code": 5, "worker_id": "x", "trial_id": 0, "param_name": "p", "param_value_internal": 0, "distribution": "{\\"name\\": \\"Nope\\"}"}'].join("\n") + "\n");
  assert.throws(() => new JournalFileStorage(path), /line 4: field "distribution" is not a distribution: Unknown distribution class: Nope/);
  writeFileSync(path, [...good, "[1, 2]"].join("\n") + "\n");
  assert.throws(() => new JournalFileStorage(path), /line 4: a journal line must be an object/);
});

test("Optuna's replay rules: rejected operations raise for their writer, another writer's are skipped", () => {
  const path = tmpJournal();
  const a = new JournalFileStorage(path);
  const b = new JournalFileStorage(path);
  const sid = a.createNewStudy(["minimize"], "rules");
  assert.throws(() => b.createNewStudy(["minimize"], "rules"), DuplicatedStudyError);
  const t0 = a.createNewTrial(sid);
  a.setTrialParam(t0, "x", 0.5, new FloatDistribution(0, 1));
  b.setTrialStateValues(t0, "COMPLETE", [1]);
  const n = lines(path).length;
  assert.throws(() => a.setTrialParam(t0, "y", 0.5, new FloatDistribution(0, 1)), (e) => e instanceof UpdateFinishedTrialError && e.message === "Trial#0 has already finished and can not be updated.");
  assert.throws(() => a.setTrialStateValues(t0, "FAIL"), UpdateFinishedTrialError);
  assert.throws(() => a.setTrialUserAttr(99, "k", 1), /^Error: Record does not exist\.$/);
  assert.throws(() => a.createNewTrial(42), /Record does not exist\./);
  const t1 = b.createNewTrial(sid);
  assert.throws(() => b.setTrialParam(t1, "x", 0, new CategoricalDistribution(["a"])), /Cannot set different distribution kind to the same parameter name/);
  assert.equal(lines(path).length, n + 2, "rejected operations write nothing (the trial and its owner record were written)");

  // Another worker's lines that Optuna would reject are skipped by every reader.
  const foreign = (o) => appendFileSync(path, JSON.stringify({ ...o, worker_id: "optuna-worker" }).replace(/,"/g, ', "').replace(/":/g, '": ') + "\n");
  foreign({ op_code: 5, trial_id: t0, param_name: "late", param_value_internal: 1.5, distribution: '{"name": "FloatDistribution", "attributes": {"step": null, "low": 0.0, "high": 2.0, "log": false}}' });
  foreign({ op_code: 5, trial_id: t1, param_name: "x", param_value_internal: 0, distribution: '{"name": "CategoricalDistribution", "attributes": {"choices": ["a"]}}' });
  foreign({ op_code: 0, study_name: "rules", directions: [2] });
  foreign({ op_code: 8, trial_id: 1234, user_attr: { k: 1 } });
  for (const s of [a, b, new JournalFileStorage(path)]) {
    assert.deepEqual(s.getTrial(t0).params, { x: 0.5 });
    assert.deepEqual(s.getTrial(t1).params, {});
    assert.equal(s.getAllStudies().length, 1);
  }
});

test("claiming a WAITING trial: the first worker gets it, the second is told no", () => {
  const path = tmpJournal();
  const a = new JournalFileStorage(path);
  const b = new JournalFileStorage(path);
  const sid = a.createNewStudy(["minimize"], "claim");
  const t = a.createNewTrial(sid, { state: "WAITING" });
  assert.equal(b.setTrialStateValues(t, "RUNNING"), true);
  assert.equal(a.setTrialStateValues(t, "RUNNING"), false);
  assert.equal(b.setTrialStateValues(t, "RUNNING"), true, "still its owner");
  const trial = a.getTrial(t);
  assert.equal(trial.state, "RUNNING");
  assert.ok(trial.datetimeStart instanceof Date);
  assert.equal(a.getTrialIdFromStudyIdTrialNumber(sid, 0), t);
  assert.throws(() => a.getTrialIdFromStudyIdTrialNumber(sid, 1), /No trial with trial number 1 exists in study with study_id 0\./);
});

test("studies: names, directions, attrs, deletion", () => {
  const path = tmpJournal();
  const s = new JournalFileStorage(path);
  const a = s.createNewStudy(["minimize", "maximize"]);
  assert.match(s.getStudyNameFromId(a), /^no-name-[0-9a-f-]{36}$/);
  const b = s.createNewStudy(["maximize"], "b");
  s.setStudySystemAttr(b, "k", { v: [1] });
  assert.deepEqual(s.getStudyDirections(a), ["minimize", "maximize"]);
  assert.deepEqual(s.getStudySystemAttrs(b), { k: { v: [1] } });
  s.deleteStudy(a);
  assert.deepEqual(s.getAllStudies().map((x) => x.studyName), ["b"]);
  assert.throws(() => s.getStudyIdFromName("gone"), /Record does not exist/);
  assert.throws(() => s.getAllTrials(a), /Record does not exist/);
  assert.throws(() => s.createNewStudy(["up"]), /Please set either 'minimize' or 'maximize' to direction/);
  assert.deepEqual(new JournalFileStorage(path).getAllStudies().map((x) => [x.studyId, x.studyName]), [[b, "b"]]);
});

test("storage strings and options", () => {
  const path = tmpJournal();
  const s = resolveStorage(`journal:${path}`);
  assert.ok(s instanceof JournalFileStorage);
  assert.equal(s.path, path);
  assert.equal(resolveStorage(s), s);
  assert.throws(() => resolveStorage("sqlite:///study.db"), /Unknown storage "sqlite:\/\/\/study\.db": use "journal:<path>".*"postgresql:\/\/user:password@host:port\/database"/);
  assert.throws(() => resolveStorage("journal:"), /needs a file path/);
  assert.throws(() => resolveStorage(42), /storage must be a string or a Storage object/);
  assert.throws(() => new JournalFileStorage(path, { lockGrace: 1 }), /unknown option 'lockGrace'.*lockGracePeriod/);
  assert.throws(() => new JournalFileStorage(path, { lock: "flock" }), /lock must be "symlink" or "open"/);
  assert.throws(() => new JournalFileStorage(path, { lockGracePeriod: 0 }), /lockGracePeriod must be a positive number/);
  assert.throws(() => new JournalFileStorage(""), /non-empty string/);
});
