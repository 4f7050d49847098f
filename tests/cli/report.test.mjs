// `--report FILE`: train writes one self-contained HTML page with its run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root, scratch } from "./run.mjs";

const cancer = join(root, "../shared/datasets/breast_cancer.csv");

test("train --report writes the training curves, the held-out ROC/PR/confusion matrix and the model as one offline page", (t) => {
  const { dir, cli } = scratch("wasmtune-cli-report-");
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = cli("train", cancer, "--target", "label", "--epochs", "40", "--patience", "3", "--seed", "0", "--report", "run.html");
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /saved the report to run\.html/);
  const page = readFileSync(join(dir, "run.html"), "utf8");
  assert.deepEqual([...page.matchAll(/<section id="([\w-]+)">/g)].map((m) => m[1]), ["training", "evaluation", "model"]);
  assert.match(page, /<title>wasmtune train .*breast_cancer\.csv<\/title>/);
  // Early stopping (patience 3) ended the run before 40 epochs: the kept and the stopping epoch are marked.
  assert.match(page, />best \d+</);
  assert.match(page, />stopped \d+</);
  const auc = Number(/AUC (0\.\d+)/.exec(page)[1]);
  assert.ok(auc > 0.98, `validation ROC AUC ${auc}`);
  assert.equal(page.match(/data-chart=/g).length, 4, "training curves, ROC, PR, confusion matrix");
  assert.deepEqual(readdirSync(dir), ["run.html"], "no temporary file is left");
});

test("--report is checked before training like the other outputs", (t) => {
  const { dir, cli } = scratch("wasmtune-cli-report-");
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "d.csv"), "a,y\n1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n");
  const same = cli("train", "d.csv", "--epochs", "1", "--quiet", "--report", "d.csv");
  assert.equal(same.code, 2);
  assert.match(same.err, /--report d\.csv is the same file as the input CSV d\.csv/);
  const nowhere = cli("train", "d.csv", "--epochs", "1", "--quiet", "--report", "no/dir.html");
  assert.equal(nowhere.code, 2);
  assert.match(nowhere.err, /--report no\/dir\.html: the directory .*no does not exist/);
  assert.match(cli("--help").out, /--report VALUE +write a self-contained HTML report/);
});

test("lr-find --report writes the LR finder curve with its suggestions and the model", (t) => {
  const { dir, cli } = scratch("wasmtune-cli-report-");
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = cli("lr-find", cancer, "--target", "label", "--quiet", "--report", "lr.html");
  assert.equal(r.code, 0, r.err);
  const page = readFileSync(join(dir, "lr.html"), "utf8");
  assert.deepEqual([...page.matchAll(/<section id="([\w-]+)">/g)].map((m) => m[1]), ["lr-finder", "model"]);
  // The valley the command printed is the one marked on the chart.
  const printed = Number(/valley (\S+),/.exec(r.out)[1]);
  const marked = Number(/>valley ([^<]+)</.exec(page)[1]);
  assert.ok(Math.abs(marked - printed) / printed < 0.01, `printed ${printed}, marked ${marked}`);
  assert.match(page, />1e-7</);
  assert.equal(cli("lr-find", cancer, "--quiet", "--report", "nowhere/lr.html").code, 2);
});

test("tune --report writes the study's charts, the best configuration's test curves and its model", (t) => {
  const { dir, cli } = scratch("wasmtune-cli-report-");
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = cli("tune", cancer, "--target", "label", "--trials", "6", "--epochs", "3", "--pruner", "none", "--quiet", "--report", "study.html");
  assert.equal(r.code, 0, r.err);
  const page = readFileSync(join(dir, "study.html"), "utf8");
  assert.deepEqual([...page.matchAll(/<section id="([\w-]+)">/g)].map((m) => m[1]), ["evaluation", "tuning", "model"]);
  assert.match(page, /<p>6 trials: 6 complete, 0 pruned, 0 failed\.<\/p>/);
  // ROC, PR, confusion; history, importances, parallel, slice, contour, intermediate values.
  assert.equal(page.match(/data-chart=/g).length, 9);
  const auc = Number(/auc ([\d.]+)/.exec(r.out)[1]);
  assert.ok(page.includes(`AUC ${auc.toFixed(4)}`), "the test AUC the command printed is the one charted");
});
