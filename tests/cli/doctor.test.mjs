// wasmtune doctor, lr-find, and train --doctor.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root, scratch } from "./run.mjs";

const { dir, cli } = scratch("wasmtune-cli-doctor-");
const cancer = join(root, "../shared/datasets/breast_cancer.csv");
const ok = (r) => assert.equal(r.code, 0, r.err);

test("doctor: the raw file's unscaled features, then a clean short run", () => {
  const r = cli("doctor", cancer, "--target", "label", "--epochs", "5");
  ok(r);
  assert.match(r.out, /breast_cancer\.csv: 569 rows, 30 features, binary; a 5-epoch run on 455 standardised rows, validated on 114/);
  assert.match(r.out, /doctor: 1 warning\nwarning: unscaled-inputs: /);
  assert.match(r.out, /\n {2}try: Standardise the features with data\.StandardScaler/);
  assert.doesNotMatch(r.out, /error:/);
});

test("doctor: rows repeated before the split are found; the stratified split shows no shift", () => {
  const lines = readFileSync(cancer, "utf8").trim().split("\n");
  writeFileSync(join(dir, "dup.csv"), [...lines, ...lines.slice(1, 151)].join("\n"));
  const d = cli("doctor", "dup.csv", "--epochs", "2", "--quiet");
  ok(d);
  assert.match(d.out, /warning: duplicate-rows: \d+ of the \d+ validation rows/);
  assert.doesNotMatch(d.out, /split-shift/);
});

test("train --doctor prints live warnings per epoch and the findings at the end", () => {
  const r = cli("train", cancer, "--epochs", "4", "--lr", "10", "--optimizer", "sgd", "--patience", "0", "--doctor");
  ok(r);
  const out = r.out.split("\n");
  const live = out.findIndex((l) => /^doctor: error: diverging \(epoch 1\): /.test(l));
  const summary = out.findIndex((l) => /^doctor: \d+ errors?, \d+ warnings?$/.test(l));
  const validation = out.findIndex((l) => l.startsWith("validation: "));
  assert.ok(live >= 0 && summary > validation && validation > live, r.out);
  assert.ok(out.slice(summary).some((l) => /^error: diverging \(epoch 1\)/.test(l)), r.out);
  assert.ok(out.some((l) => /^doctor: warning: loss-nan \(epoch \d\): The training loss became NaN 1 time\(s\)/.test(l)), r.out);
  const clean = cli("train", cancer, "--epochs", "5", "--doctor", "--quiet");
  ok(clean);
  assert.equal(clean.out.trim(), "doctor: no findings.");
});

test("the doctor's advice on exploding updates names --clip-grad-norm, and following it ends the NaN losses and exploding gradients", () => {
  const args = ["train", cancer, "--epochs", "4", "--lr", "10", "--optimizer", "sgd", "--patience", "0", "--doctor", "--quiet"];
  const wild = cli(...args);
  ok(wild);
  for (const code of ["diverging", "loss-nan", "exploding-gradients"]) {
    const advice = wild.out.split("\n").findIndex((l) => l.includes(`: ${code} (`) && !l.startsWith("doctor:"));
    assert.ok(advice >= 0, wild.out);
    assert.match(wild.out.split("\n")[advice + 2], /^ {2}try: .*fit's clipGradNorm option .*wasmtune train --clip-grad-norm 1/, code);
  }
  const clipped = cli(...args, "--clip-grad-norm", "1");
  ok(clipped);
  assert.doesNotMatch(clipped.out, /loss-nan|exploding-gradients/, clipped.out);
});

test("doctor --clip-grad-norm: a run that diverges although clipped is told clipping was on, and to clip harder", () => {
  const args = ["doctor", cancer, "--target", "label", "--epochs", "3", "--lr", "10", "--optimizer", "adam", "--quiet"];
  const clipped = cli(...args, "--clip-grad-norm", "1");
  ok(clipped);
  const lines = clipped.out.split("\n");
  const at = lines.findIndex((l) => l.startsWith("error: diverging ("));
  assert.ok(at >= 0, clipped.out);
  assert.match(lines[at + 1], /^ {2}evidence: .*clipGradNorm 1, normType 2$/);
  assert.match(lines[at + 2], /^ {2}try: The gradients were already clipped \(clipGradNorm: 1\), and that did not hold the run\. Lower the learning rate, .*clip harder \(a smaller maxNorm such as 0\.1; --clip-grad-norm 0\.1\)/);
  assert.doesNotMatch(clipped.out, /fit's clipGradNorm option/);
  // The same run unclipped gets the advice to turn clipping on.
  const plain = cli(...args);
  ok(plain);
  assert.match(plain.out, /error: diverging \(.*\n.*\n {2}try: Lower the learning rate, .*fit's clipGradNorm option/);
  assert.doesNotMatch(plain.out, /already clipped/);
});

test("lr-find prints fastai's suggestions and the curve", () => {
  const r = cli("lr-find", cancer, "--target", "label", "--hidden", "16", "--num-iter", "60", "--end-lr", "1");
  ok(r);
  const m = r.out.match(/suggested learning rates: valley ([\d.e+-]+), slide ([\d.e+-]+|NaN), minimum\/10 ([\d.e+-]+), steep ([\d.e+-]+)/);
  assert.ok(m, r.out);
  for (const i of [1, 3, 4]) assert.ok(Number(m[i]) > 1e-7 && Number(m[i]) < 1, m[i]);
  assert.match(r.out, /: (60|\d{1,2}) batches of 32 from lr 1\.00e-7 \(/);
  const rows = r.out.split("\n").filter((l) => /^\s+\d\.\d\de[+-]\d+\s+\d/.test(l));
  assert.ok(rows.length >= 10 && rows.length <= 16, r.out);
  const lrs = rows.map((l) => Number(l.trim().split(/\s+/)[0]));
  assert.ok(lrs.every((v, i) => i === 0 || v > lrs[i - 1]), "the lr grows down the table");
  const bad = cli("lr-find", cancer, "--start-lr", "1", "--end-lr", "0.1");
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--start-lr must be positive and below --end-lr/);
});

test("help lists doctor and lr-find with the options they share with train", () => {
  const r = cli("--help");
  ok(r);
  assert.match(r.out, /wasmtune doctor DATA\.csv \[options\]/);
  assert.match(r.out, /wasmtune lr-find DATA\.csv \[options\]\n(.*\n)*? {2}--start-lr VALUE +learning rate of the first batch \[default: 1e-7\]/);
  assert.match(r.out, /and --target, --task, .*--val, --delimiter, --decimal, --on-invalid, --quiet as for train/);
  assert.match(r.out, / {2}--doctor +watch the run/);
  const e = cli("doctor", cancer, "--save", "x");
  assert.equal(e.code, 2);
  assert.match(e.err, /--save is not an option of doctor/);
});
