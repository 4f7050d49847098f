import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { wt } from "../helpers.mjs";
import { root, scratch } from "./run.mjs";

const { dir, cli } = scratch("wasmtune-cli-");
const data = join(root, "examples/data/breast_cancer.csv");

test("train on a CSV: progress, early stopping, a PyTorch-named model file and a JSON history", () => {
  const r = cli("train", data, "--target", "label", "--epochs", "8", "--lr", "1e-2", "--optimizer", "adam", "--scheduler", "exponential:0.96",
    "--batch-size", "32", "--hidden", "16,8", "--seed", "0", "--val", "0.2", "--patience", "5", "--save", "model.safetensors", "--history", "history.json");
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /569 rows, 30 features, binary \(2 classes\); training on 455, validating on 114/);
  assert.match(r.out, /epoch 8\/8 - loss \d\.\d{4} - auc \d\.\d{4} - accuracy \d\.\d{4} - val_loss \d\.\d{4} - val_auc \d\.\d{4}/);
  const auc = Number(r.out.match(/validation: loss [\d.]+, auc ([\d.]+)/)[1]);
  assert.ok(auc > 0.97, `validation AUC ${auc}`);
  const file = wt.io.decodeSafetensors(new Uint8Array(readFileSync(join(dir, "model.safetensors"))));
  assert.deepEqual(Object.keys(file.tensors), ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"]);
  assert.deepEqual(file.tensors["0.weight"].shape, [16, 30]);
  assert.equal(file.metadata.task, "binary");
  const h = JSON.parse(readFileSync(join(dir, "history.json"), "utf8"));
  assert.equal(h.metrics.val_auc.length, 8);
  assert.equal(h.lr.length, 8 * 15);
  assert.ok(h.lr[15] < h.lr[0], "the exponential scheduler lowered the lr after the first epoch");
});

test("multiclass targets are inferred; --quiet prints nothing", () => {
  const csv = ["a,b,kind"];
  for (let i = 0; i < 60; i++) csv.push(`${i % 3},${(i * 7) % 5},${["cat", "dog", "emu"][i % 3]}`);
  writeFileSync(join(dir, "three.csv"), csv.join("\n"));
  const r = cli("train", "three.csv", "--epochs", "2", "--quiet");
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, "");
  assert.equal(r.err, "");
  const loud = cli("train", "three.csv", "--epochs", "2");
  assert.match(loud.out, /60 rows, 2 features, multiclass \(3 classes\)/);
  assert.match(loud.out, /validation: loss [\d.]+, accuracy [\d.]+/);
});

test("bad arguments and bad files give one clear line and exit code 2", () => {
  writeFileSync(join(dir, "bad.csv"), "x,label\n1,0\nzz,1\n");
  const cases = [
    [["train", data, "--epochs", "ten"], /^wasmtune: --epochs must be an integer >= 1, got "ten" \(see wasmtune --help\)$/],
    [["train", data, "--frobnicate"], /^wasmtune: unknown option --frobnicate \(see wasmtune --help\)$/],
    [["train"], /^wasmtune: train needs DATA.csv, got none/],
    [["predict", data], /^wasmtune: predict needs MODEL.safetensors and DATA.csv, got .*breast_cancer.csv/],
    [["fit", data], /^wasmtune: unknown command "fit"; the commands are train, tune, studio, predict, evaluate/],
    [["train", "missing.csv"], /^wasmtune: cannot read missing.csv: no such file/],
    [["train", data, "--target", "nope"], /^wasmtune: .*nope/],
    [["train", "bad.csv"], /^wasmtune: .*line 3.*"zz" is not a number/],
    [["train", data, "--scheduler", "exponential:x"], /^wasmtune: --scheduler exponential:x: expected exponential:GAMMA/],
  ];
  for (const [args, re] of cases) {
    const r = cli(...args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.err}`);
    assert.equal(r.err.trim().split("\n").length, 1, r.err);
    assert.match(r.err.trim(), re);
    assert.doesNotMatch(r.err, /\n\s+at /);
  }
});

test("a misspelt flag of any command is refused in one line naming it and the command's nearest flag, exit code 2", () => {
  const model = join(dir, "absent.safetensors");
  const cases = [
    [["train", data, "--learning-rat", "0.1"], "unknown option --learning-rat; did you mean --lr?"],
    [["train", data, "--batch_size=8"], "unknown option --batch_size; did you mean --batch-size?"],
    [["train", data, "--clip-grad-nrom", "1"], "unknown option --clip-grad-nrom; did you mean --clip-grad-norm?"],
    [["train", data, "-lr", "0.1"], "unknown option -lr; did you mean --lr?"],
    [["train", data, "-x"], "unknown option -x"],
    [["train", data, "--trials", "3"], "--trials is not an option of train"],
    [["tune", data, "--trial", "3"], "unknown option --trial; did you mean --trials?"],
    [["tune", data, "--hiden", "8"], "unknown option --hiden"],
    [["predict", model, data, "--ouput", "p.csv"], "unknown option --ouput; did you mean --output?"],
    [["evaluate", model, data, "--qiet"], "unknown option --qiet; did you mean --quiet?"],
    [["doctor", data, "--epoch", "2"], "unknown option --epoch; did you mean --epochs?"],
    [["lr-find", data, "--start-rl", "1e-5"], "unknown option --start-rl; did you mean --start-lr?"],
    [["studio", "--prot", "0"], "unknown option --prot; did you mean --port?"],
    // The flag comes before the command: every command's flags are candidates.
    [["--learning-rate", "0.1", "train", data], "unknown option --learning-rate; did you mean --lr?"],
  ];
  for (const [args, message] of cases) {
    const r = cli(...args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.err}`);
    assert.equal(r.err, `wasmtune: ${message} (see wasmtune --help)\n`);
    assert.equal(r.out, "");
  }
});

test("--help describes every option", () => {
  const r = cli("--help");
  assert.equal(r.code, 0);
  for (const opt of ["--target", "--epochs", "--lr", "--optimizer", "--scheduler", "--batch-size", "--hidden", "--seed", "--val", "--patience", "--save", "--history",
    "wasmtune predict MODEL.safetensors DATA.csv", "wasmtune evaluate MODEL.safetensors DATA.csv", "--output", "--ignore", "--categorical", "--max-categories",
    "--delimiter", "--decimal", "--on-invalid", "--quiet", "--version"]) {
    assert.ok(r.out.includes(opt), opt);
  }
});
