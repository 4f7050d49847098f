// train --save → predict / evaluate, and the data options of the command line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { wt } from "../helpers.mjs";
import { root, scratch } from "./run.mjs";

const { dir, cli } = scratch("wasmtune-cli-cmd-");
const cancer = join(root, "../shared/datasets/breast_cancer.csv");
const ok = (r) => assert.equal(r.code, 0, r.err);
function usageError(r, re) {
  assert.equal(r.code, 2, r.err);
  assert.equal(r.out, "");
  assert.equal(r.err.trim().split("\n").length, 1, r.err);
  assert.match(r.err.trim(), re);
}
const parseCsv = (text) => text.trim().split("\n").map((l) => l.split(","));

test("train --save, then predict and evaluate breast_cancer with the saved scaler", () => {
  ok(cli("train", cancer, "--epochs", "10", "--lr", "1e-2", "--hidden", "16", "--save", "cancer.safetensors", "--quiet"));
  const meta = wt.io.decodeSafetensors(new Uint8Array(readFileSync(join(dir, "cancer.safetensors")))).metadata;
  assert.deepEqual(JSON.parse(meta.classes), ["0", "1"]);
  assert.equal(JSON.parse(meta.scaler).mean.length, 30);
  assert.equal(JSON.parse(meta.schema).columns.length, 30);

  const p = cli("predict", "cancer.safetensors", cancer);
  ok(p);
  const rows = parseCsv(p.out);
  assert.deepEqual(rows[0], ["line", "probability_0", "probability_1", "class"]);
  assert.equal(rows.length, 570);
  assert.deepEqual(rows.slice(1, 4).map((r) => r[0]), ["2", "3", "4"]);
  for (const r of rows.slice(1)) {
    assert.ok(Math.abs(Number(r[1]) + Number(r[2]) - 1) < 1e-6, r.join(","));
    assert.equal(r[3], Number(r[2]) > 0.5 ? "1" : "0");
  }
  const labels = readFileSync(cancer, "utf8").trim().split("\n").slice(1).map((l) => l.split(",").at(-1));
  const accuracy = rows.slice(1).filter((r, i) => r[3] === labels[i]).length / labels.length;
  assert.ok(accuracy > 0.95, `accuracy ${accuracy}`);

  // Without the label column: the same predictions, written to a file.
  const lines = readFileSync(cancer, "utf8").trim().split("\n").map((l) => l.split(",").slice(0, -1).join(","));
  writeFileSync(join(dir, "unlabelled.csv"), lines.join("\n"));
  ok(cli("predict", "cancer.safetensors", "unlabelled.csv", "--output", "pred.csv", "--quiet"));
  assert.equal(readFileSync(join(dir, "pred.csv"), "utf8"), `${p.out.trim()}\n`);

  const e = cli("evaluate", "cancer.safetensors", cancer);
  ok(e);
  const m = e.out.match(/breast_cancer\.csv: 569 rows, loss ([\d.]+), auc ([\d.]+), accuracy ([\d.]+)/);
  assert.ok(m, e.out);
  assert.ok(Number(m[2]) > 0.98, e.out);
  assert.equal(Number(m[3]).toFixed(4), accuracy.toFixed(4), "evaluate's accuracy is predict's");
  usageError(cli("evaluate", "cancer.safetensors", "unlabelled.csv"), /unlabelled\.csv has no column "label" to evaluate against/);
  usageError(cli("predict", "unlabelled.csv", cancer), /unlabelled\.csv is not a safetensors model file/);
});

test("text classes: predict names them, evaluate maps them back", () => {
  const csv = ["a,b,kind"];
  for (let i = 0; i < 90; i++) csv.push(`${i % 3 + (i % 5) * 0.1},${(i * 7) % 5},${["cat", "dog", "emu"][i % 3]}`);
  writeFileSync(join(dir, "three.csv"), csv.join("\n"));
  ok(cli("train", "three.csv", "--epochs", "30", "--lr", "3e-2", "--save", "three.safetensors", "--quiet"));
  const rows = parseCsv(cli("predict", "three.safetensors", "three.csv").out);
  assert.deepEqual(rows[0], ["line", "probability_cat", "probability_dog", "probability_emu", "class"]);
  const right = rows.slice(1).filter((r, i) => r[4] === ["cat", "dog", "emu"][i % 3]).length;
  assert.ok(right > 80, `${right}/90 right`);
  assert.match(cli("evaluate", "three.safetensors", "three.csv").out, /three\.csv: 90 rows, loss [\d.]+, accuracy [\d.]+/);
  writeFileSync(join(dir, "four.csv"), "a,b,kind\n1,2,cat\n0,1,yak\n");
  usageError(cli("evaluate", "three.safetensors", "four.csv"), /four\.csv line 3, column "kind": unknown class "yak"/);
});

test("regression reports R² per epoch and at the end; predictions are in the target's units", () => {
  const csv = ["x1,x2,y"];
  for (let i = 0; i < 200; i++) csv.push(`${(i % 17) / 4},${(i % 11) / 3},${(100 + 3 * (i % 17) / 4 - 2 * (i % 11) / 3).toFixed(3)}`);
  writeFileSync(join(dir, "reg.csv"), csv.join("\n"));
  const r = cli("train", "reg.csv", "--epochs", "40", "--lr", "1e-2", "--save", "reg.safetensors", "--history", "reg.json");
  ok(r);
  assert.match(r.err + r.out, /epoch 1\/40 - loss [\d.]+ - mae [\d.]+ - r2 -?[\d.]+ - val_loss [\d.]+ - val_mae [\d.]+ - val_r2 -?[\d.]+/);
  const final = r.out.match(/validation: loss [\d.]+, mae ([\d.]+), r2 ([\d.]+)/);
  assert.ok(final, r.out);
  assert.ok(Number(final[2]) > 0.9, `R² ${final[2]}`);
  const h = JSON.parse(readFileSync(join(dir, "reg.json"), "utf8"));
  assert.equal(h.metrics.val_r2.length, h.metrics.val_loss.length);
  assert.ok(h.metrics.val_r2.every(Number.isFinite));
  const rows = parseCsv(cli("predict", "reg.safetensors", "reg.csv").out);
  assert.deepEqual(rows[0], ["line", "prediction"]);
  const truth = csv.slice(1).map((l) => Number(l.split(",")[2]));
  const mae = rows.slice(1).reduce((s, row, i) => s + Math.abs(Number(row[1]) - truth[i]), 0) / truth.length;
  assert.ok(mae < 1, `MAE ${mae} in the target's units (values around 100)`);
  assert.match(cli("evaluate", "reg.safetensors", "reg.csv").out, /reg\.csv: 200 rows, loss [\d.]+, mae [\d.]+, r2 0\.9\d{3}/);
});

test("the saved model is the best epoch's, also without early stopping", () => {
  const r = cli("train", cancer, "--epochs", "12", "--patience", "0", "--optimizer", "sgd", "--lr", "0.1", "--history", "best.json", "--save", "best.safetensors");
  ok(r);
  const h = JSON.parse(readFileSync(join(dir, "best.json"), "utf8"));
  const losses = h.metrics.val_loss;
  const bestEpoch = losses.indexOf(Math.min(...losses));
  assert.notEqual(bestEpoch, losses.length - 1, "this run's last epoch is not its best");
  assert.equal(h.bestEpoch, bestEpoch + 1);
  assert.ok(Math.abs(h.validation.loss - losses[bestEpoch]) < 1e-6, `final ${h.validation.loss}, best ${losses[bestEpoch]}`);
  assert.match(r.out, new RegExp(`kept the weights of epoch ${bestEpoch + 1} \\(lowest val_loss\\)`));
});

test("--quiet prints nothing; --version prints the package version", () => {
  const q = cli("train", cancer, "--epochs", "2", "--quiet", "--save", "quiet.safetensors");
  ok(q);
  assert.equal(q.out, "");
  assert.equal(q.err, "");
  const v = cli("--version");
  ok(v);
  assert.equal(v.out.trim(), `wasmtune ${JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version}`);
});

test("--lr -1 is a value, refused with PyTorch's wording", () => {
  usageError(cli("train", cancer, "--lr", "-1"), /^wasmtune: Invalid learning rate: -1\.0 \(see wasmtune --help\)$/);
  usageError(cli("train", cancer, "--weight-decay", "-0.5"), /^wasmtune: Invalid weight_decay value: -0\.5/);
  usageError(cli("train", cancer, "--lr", "abc"), /--lr must be a number, got "abc"/);
  usageError(cli("predict", "m.safetensors", cancer, "--epochs", "3"), /--epochs is not an option of predict/);
});

test("--save is checked before training", () => {
  mkdirSync(join(dir, "adir"), { recursive: true });
  const cases = [
    [["--save", "nowhere/model.safetensors"], /--save nowhere\/model\.safetensors: the directory .*nowhere does not exist/],
    [["--save", cancer], /--save .*breast_cancer\.csv is the same file as the input CSV/],
    [["--save", "adir"], /--save adir is a directory/],
    [["--history", "nowhere/h.json"], /--history nowhere\/h\.json: the directory .*nowhere does not exist/],
    [["--save", "same.json", "--history", "same.json"], /--history same\.json is the same file as --save same\.json/],
  ];
  for (const [args, re] of cases) usageError(cli("train", cancer, "--epochs", "50", ...args), re);
});

test("the default target is the last column even when its quoted name holds a comma", () => {
  const csv = ['a,"b, c","label, final"'];
  for (let i = 0; i < 40; i++) csv.push(`${i % 5},${(i * 3) % 7},${i % 2}`);
  writeFileSync(join(dir, "quoted.csv"), csv.join("\n"));
  const r = cli("train", "quoted.csv", "--epochs", "1");
  ok(r);
  assert.match(r.out, /40 rows, 2 features, binary/);
});

test("--ignore, --categorical and the identifier check", () => {
  const csv = ["id,zip,x,label"];
  for (let i = 0; i < 80; i++) csv.push(`user${i},${[10115, 80331, 20095][i % 3]},${i % 9},${i % 2}`);
  writeFileSync(join(dir, "ids.csv"), csv.join("\n"));
  usageError(cli("train", "ids.csv"), /column "id" has a different text value in each of its 80 rows \(an identifier\?\); .*--ignore id/);
  ok(cli("train", "ids.csv", "--ignore", "id", "--categorical", "zip", "--epochs", "1", "--save", "ids.safetensors", "--quiet"));
  const meta = wt.io.decodeSafetensors(new Uint8Array(readFileSync(join(dir, "ids.safetensors")))).metadata;
  assert.deepEqual(JSON.parse(meta.features), ["zip=10115", "zip=20095", "zip=80331", "x"]);
  usageError(cli("train", "ids.csv", "--ignore", "id", "--categorical", "zip", "--max-categories", "2"), /column "zip" has 3 distinct values, more than maxCategories \(2\)/);
  // predict encodes the zip codes as in training.
  const rows = parseCsv(cli("predict", "ids.safetensors", "ids.csv").out);
  assert.equal(rows.length, 81);
});

test("--delimiter and --decimal: semicolon files with decimal commas are read, or refused with a hint", () => {
  const csv = ["w;h;label"];
  for (let i = 0; i < 40; i++) csv.push(`${i % 4},${i % 10};${(i % 7) / 2};${i % 2}`.replace(/\.(\d)/, ",$1"));
  writeFileSync(join(dir, "comma.csv"), csv.join("\n"));
  usageError(cli("train", "comma.csv"), /column "w" holds numbers such as "0,0" with the other decimal mark; pass decimal: "," to read a decimal comma \(CLI: --decimal ,\)/);
  const r = cli("train", "comma.csv", "--decimal", ",", "--epochs", "1");
  ok(r);
  assert.match(r.out, /40 rows, 2 features, binary/);
  ok(cli("train", "comma.csv", "--decimal", ",", "--delimiter", ";", "--epochs", "1", "--quiet"));
  writeFileSync(join(dir, "tabs.csv"), csv.join("\n").replaceAll(";", "\t"));
  ok(cli("train", "tabs.csv", "--decimal", ",", "--delimiter", "tab", "--epochs", "1", "--quiet"));
  usageError(cli("train", "comma.csv", "--decimal", ",", "--delimiter", ","), /decimal "," needs another field delimiter/);
});

test("--on-invalid error names line and column; drop drops; impute uses the training mean", () => {
  const csv = ["a,b,label"];
  for (let i = 0; i < 60; i++) csv.push(`${i % 6},${i === 7 ? "?" : i % 4},${i % 2}`);
  writeFileSync(join(dir, "holes.csv"), csv.join("\n"));
  usageError(cli("train", "holes.csv"), /holes\.csv line 9, column "b": missing value \(onInvalid: "drop" or "impute-mean" accepts such rows; CLI: --on-invalid drop or impute\)/);
  assert.match(cli("train", "holes.csv", "--on-invalid", "drop", "--epochs", "1").out, /59 rows/);
  ok(cli("train", "holes.csv", "--on-invalid", "impute", "--epochs", "1", "--save", "holes.safetensors", "--quiet"));
  const schema = JSON.parse(wt.io.decodeSafetensors(new Uint8Array(readFileSync(join(dir, "holes.safetensors")))).metadata.schema);
  const fill = schema.columns.find((c) => c.name === "b").fill;
  writeFileSync(join(dir, "new.csv"), `a,b\n3,?\n3,${fill}\n`);
  usageError(cli("predict", "holes.safetensors", "new.csv"), /new\.csv line 2, column "b": missing value/);
  const rows = parseCsv(cli("predict", "holes.safetensors", "new.csv", "--on-invalid", "impute").out);
  assert.deepEqual(rows.map((r) => r[0]), ["line", "2", "3"]);
  assert.deepEqual(rows[1].slice(1), rows[2].slice(1), "a missing b is predicted as b = the training mean");
  assert.deepEqual(parseCsv(cli("predict", "holes.safetensors", "new.csv", "--on-invalid", "drop").out).map((r) => r[0]), ["line", "3"]);
  usageError(cli("train", "holes.csv", "--on-invalid", "skip"), /--on-invalid must be one of error, drop, impute, got "skip"/);
});

test("--clip-grad-norm and --clip-grad-value reach fit; together or not positive they are usage errors", () => {
  const history = (name, ...flags) => {
    ok(cli("train", cancer, "--epochs", "2", "--hidden", "8", "--lr", "0.05", "--history", name, "--quiet", ...flags));
    return JSON.parse(readFileSync(join(dir, name), "utf8")).metrics;
  };
  const plain = history("plain.json");
  // A norm never reached leaves every gradient as it is: the same bits as no clipping.
  assert.deepEqual(history("loose.json", "--clip-grad-norm", "1e30"), plain);
  assert.notDeepEqual(history("norm.json", "--clip-grad-norm", "0.01"), plain);
  assert.notDeepEqual(history("value.json", "--clip-grad-value", "0.001"), plain);
  usageError(cli("train", cancer, "--clip-grad-norm", "1", "--clip-grad-value", "1"), /^wasmtune: --clip-grad-norm and --clip-grad-value cannot be used together/);
  usageError(cli("train", cancer, "--clip-grad-norm", "0"), /^wasmtune: --clip-grad-norm must be a positive number, got "0"/);
  usageError(cli("doctor", cancer, "--clip-grad-value", "-1"), /^wasmtune: --clip-grad-value must be a positive number, got "-1"/);
});
