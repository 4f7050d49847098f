import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { Tensor, metrics: m } = wt;

test("metrics accept tensors, typed arrays and arrays alike", () => {
  const y = [0, 1, 1, 0, 1];
  const s = [0.2, 0.9, 0.4, 0.4, 0.7];
  const expected = m.rocAucScore(y, s);
  const ty = Tensor.from(y, [5], "int32");
  const ts = Tensor.from(s);
  assert.equal(m.rocAucScore(ty, ts), m.rocAucScore(Int32Array.from(y), Float32Array.from(s)));
  assert.ok(Math.abs(m.rocAucScore(ty, ts) - expected) < 1e-7);
  // A [N, 1] column counts as 1-D.
  assert.equal(m.rocAucScore(y, s.map((v) => [v])), expected);
  ty.dispose();
  ts.dispose();
});

test("log loss takes float32 machine epsilon for float32 inputs, as sklearn's eps='auto'", () => {
  const y = [0, 1];
  const p = [0, 1];
  const eps32 = 2 ** -23;
  assert.ok(Math.abs(m.logLoss(y, Float32Array.from(p)) + Math.log(1 - eps32)) < 1e-15);
  assert.ok(Math.abs(m.logLoss(y, p) + Math.log(1 - Number.EPSILON)) < 1e-15);
});

test("NaN inputs and continuous predictions are refused", () => {
  assert.throws(() => m.rocAucScore([0, 1], [0.5, NaN]), /Input contains NaN/);
  assert.throws(() => m.accuracyScore([0, 1], [0.2, 0.7]), /continuous values/);
  assert.throws(() => m.meanSquaredError([1, 2], [1, 2, 3]), /inconsistent numbers of samples: \[2, 3\]/);
});
