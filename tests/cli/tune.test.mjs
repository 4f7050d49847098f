// wasmtune tune: a study over the default space, its journal (which Optuna reads), --resume,
// --save (which predict uses), worker threads, and its usage errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { root, scratch } from "./run.mjs";

const { dir, cli } = scratch("wasmtune-cli-tune-");
const cancer = join(root, "../shared/datasets/breast_cancer.csv");
const ok = (r) => assert.equal(r.code, 0, r.err);
const usageError = (r, re) => {
  assert.equal(r.code, 2, r.err);
  assert.match(r.err.trim(), re);
};

/** What Optuna 3.1 reads from the journal: [number, state, value, params] per trial. */
function optunaReads(file) {
  const py = `
import json, sys, optuna
from optuna.storages import JournalStorage, JournalFileStorage
s = optuna.load_study(study_name="wasmtune-breast_cancer", storage=JournalStorage(JournalFileStorage(sys.argv[1])))
print(json.dumps({"direction": s.direction.name, "trials": [[t.number, t.state.name, t.value, t.params, len(t.intermediate_values)] for t in s.trials]}))`;
  const r = spawnSync("/usr/bin/python3", ["-c", py, file], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test("tune: a TPE study over the default space, the best configuration's test score, importances, a journal Optuna reads, --resume, --save for predict", () => {
  const r = cli("tune", cancer, "--trials", "6", "--epochs", "4", "--storage", "study.log", "--save", "best.safetensors");
  ok(r);
  assert.match(r.out, /each trial trains on 364 rows and is scored by val_auc on 91; 114 rows held out for the test/);
  assert.match(r.out, /^trial 6\/6 · best val_auc \d\.\d{4} \(trial \d\)/m);
  assert.match(r.out, /^best val_auc \d\.\d{4} at trial \d of 6:$/m);
  for (const p of ["optimizer", "lr", "one_minus_beta1", "weight_decay", "layers", "units", "dropout", "batch_size", "scheduler"]) assert.match(r.out, new RegExp(`^  ${p} +\\S+$`, "m"));
  assert.match(r.out, /^importance \(fANOVA\):$/m);
  const auc = Number(/^test \(best configuration, 114 held-out rows\): loss [\d.]+, auc ([\d.]+)/m.exec(r.out)[1]);
  assert.ok(auc > 0.9, `test AUC ${auc}`);
  assert.match(r.out, /continue with: wasmtune tune .* --storage study\.log --study-name wasmtune-breast_cancer --trials 26 --resume/);
  assert.match(r.out, /^  \(20 more trials: with --resume, --trials counts the 6 the study already has\)$/m);

  const first = optunaReads(join(dir, "study.log"));
  assert.equal(first.direction, "MAXIMIZE");
  assert.equal(first.trials.length, 6);
  for (const [number, state, value, params, reports] of first.trials) {
    assert.ok(["COMPLETE", "PRUNED"].includes(state), `trial ${number}: ${state}`);
    assert.equal(Object.keys(params).length, 9);
    assert.ok(params.lr >= 1e-5 && params.lr <= 0.1);
    assert.ok(reports >= 1 && reports <= 4);
    if (state === "COMPLETE") assert.ok(value >= 0 && value <= 1);
  }

  // The same storage again: refused without --resume, continued with it up to --trials.
  usageError(cli("tune", cancer, "--trials", "8", "--epochs", "4", "--storage", "study.log", "--quiet"), /study\.log already holds a study "wasmtune-breast_cancer"; add --resume to continue it/);
  const more = cli("tune", cancer, "--trials", "8", "--epochs", "4", "--storage", "study.log", "--resume");
  ok(more);
  assert.match(more.out, /resuming study "wasmtune-breast_cancer" with 6 finished trials/);
  const second = optunaReads(join(dir, "study.log"));
  assert.equal(second.trials.length, 8);
  assert.deepEqual(second.trials.slice(0, 6), first.trials, "the first six trials are unchanged");

  const p = cli("predict", "best.safetensors", cancer);
  ok(p);
  assert.equal(p.out.trim().split("\n").length, 570);
});

test("tune --workers 2 runs trials in worker threads; --quiet prints only the test line", () => {
  const r = cli("tune", cancer, "--trials", "4", "--epochs", "3", "--workers", "2", "--sampler", "random", "--pruner", "none", "--quiet");
  ok(r);
  assert.equal(r.err, "");
  assert.match(r.out.trim(), /^test \(best configuration, 114 held-out rows\): loss [\d.]+, auc [\d.]+, accuracy [\d.]+$/);
});

test("tune: usage errors are one line, exit code 2", () => {
  usageError(cli("tune", cancer, "--resume"), /--resume needs --storage/);
  usageError(cli("tune", cancer, "--sampler", "bayes"), /--sampler must be one of tpe, random, qmc, cmaes, got "bayes"/);
  usageError(cli("tune", cancer, "--timeout", "ten"), /--timeout must be a duration such as 90s, 10m or 2h, got "ten"/);
  usageError(cli("tune", cancer, "--save", cancer), /--save .* is the same file as the input CSV/);
  usageError(cli("tune", cancer, "--hidden", "8"), /--hidden is not an option of tune/);
  assert.equal(existsSync(join(dir, "nothing.log")), false);
  assert.ok(readFileSync(cancer, "utf8").startsWith("mean_radius"), "the data file is untouched");
});

test("a trained configuration keeps its best epoch's weights: evaluating them gives the trial's value", async () => {
  const wt = await import("../../dist/index.js");
  await wt.init();
  const { readTrainingTable } = await import("../../bin/cli/prepare.mjs");
  const { trainConfig, tuningSplit } = await import("../../bin/cli/tune_space.mjs");
  const { table, task } = await readTrainingTable(wt.data, cancer, { task: "auto", ignore: [], categorical: [], maxCategories: 1000, onInvalid: "error", decimal: "." });
  const split = tuningSplit(wt, table.x, task, { val: 0.2, test: 0.2, seed: 0 });
  // A high learning rate, so that the last epoch is not the best one.
  const config = { optimizer: "sgd", lr: 0.5, beta1: 0.9, weightDecay: 0, hidden: [64], dropout: 0, batchSize: 16, scheduler: "none" };
  const r = await trainConfig(wt, split, config, { epochs: 12, seed: 3 });
  const val = wt.train.evaluate(r.model, { x: split.xVal, y: split.yVal }, { loss: r.loss, metrics: r.metrics });
  assert.equal(val.auc, r.value);
  assert.equal(r.value, Math.max(...r.history.get("val_auc")));
});
