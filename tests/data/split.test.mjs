import { test } from "node:test";
import assert from "node:assert/strict";
import { wt, fixture } from "../helpers.mjs";
const { Tensor, data } = wt;

const counts = (y, k) => Array.from({ length: k }, (_, c) => y.filter((v) => v === c).length);

test("train/test sizes and stratified per-class counts equal sklearn's", () => {
  for (const c of fixture("data/split.json").cases) {
    const k = Math.max(...c.y) + 1;
    const x = c.y.map((_, i) => [i]);
    const plain = data.trainTestSplit(x, c.y, { testSize: c.testSize, seed: 1 });
    assert.equal(plain.xTrain.length, c.nTrain);
    assert.equal(plain.xTest.length, c.nTest);
    for (const seed of [0, 1, 2, 3, 4]) {
      const s = data.trainTestSplit(x, c.y, { testSize: c.testSize, stratify: c.y, seed });
      const got = { train: counts(s.yTrain, k), test: counts(s.yTest, k) };
      assert.ok(c.stratified.some((o) => JSON.stringify(o) === JSON.stringify(got)), `${JSON.stringify(got)} not among sklearn's ${JSON.stringify(c.stratified)}`);
      // Rows stay aligned with their targets and no row is used twice.
      s.xTrain.forEach(([i], r) => assert.equal(c.y[i], s.yTrain[r]));
      const used = [...s.xTrain, ...s.xTest].map(([i]) => i);
      assert.equal(new Set(used).size, used.length);
    }
  }
});

test("splits are reproducible from a seed and keep container types", () => {
  const x = { data: Float32Array.from({ length: 40 }, (_, i) => i), shape: [20, 2] };
  const y = Int32Array.from({ length: 20 }, (_, i) => i % 2);
  const a = data.trainTestSplit(x, y, { testSize: 0.3, seed: 5 });
  const b = data.trainTestSplit(x, y, { testSize: 0.3, seed: 5 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, data.trainTestSplit(x, y, { testSize: 0.3, seed: 6 }));
  assert.ok(a.xTrain.data instanceof Float32Array && a.yTest instanceof Int32Array);
  assert.deepEqual(a.xTest.shape, [6, 2]);
  a.xTest.data.forEach((v, i) => i % 2 === 0 && assert.equal(a.yTest[i / 2], (v / 2) % 2));
  const t = Tensor.from(x.data, [20, 2]);
  const st = data.trainTestSplit(t, y, { testSize: 0.3, seed: 5 });
  assert.deepEqual(Array.from(st.xTest.data), Array.from(a.xTest.data));
  for (const u of [t, st.xTrain, st.xTest]) u.dispose();
  const ordered = data.trainTestSplit([1, 2, 3, 4], [1, 2, 3, 4], { testSize: 1, shuffle: false });
  assert.deepEqual(ordered, { xTrain: [1, 2, 3], xTest: [4], yTrain: [1, 2, 3], yTest: [4] });
});

test("three-way split sizes and stratification", () => {
  const y = Array.from({ length: 100 }, (_, i) => (i < 30 ? 1 : 0));
  const x = y.map((_, i) => [i]);
  const s = data.trainValTestSplit(x, y, { valSize: 0.2, testSize: 0.1, stratify: y, seed: 3 });
  assert.deepEqual([s.xTrain.length, s.xVal.length, s.xTest.length], [70, 20, 10]);
  assert.deepEqual([counts(s.yVal, 2), counts(s.yTest, 2)], [[14, 6], [7, 3]]);
  const all = [...s.xTrain, ...s.xVal, ...s.xTest].map(([i]) => i).sort((a, b) => a - b);
  assert.deepEqual(all, x.map(([i]) => i));
});

test("bad split arguments get sklearn's errors", () => {
  const y = [0, 0, 1, 1, 1];
  assert.throws(() => data.trainTestSplit(y, y, { testSize: 1.5 }), /test_size=1.5 should be either positive and smaller than the number of samples 5/);
  assert.throws(() => data.trainTestSplit(y, [1], {}), /inconsistent numbers of samples: \[5, 1\]/);
  assert.throws(() => data.trainTestSplit(y, y, { stratify: [0, 0, 1, 1, 2] }), /least populated class in y has only 1 member/);
  assert.throws(() => data.trainTestSplit(y, y, { stratify: y, shuffle: false }), /not implemented for shuffle=False/);
});

test("KFold and StratifiedKFold folds equal sklearn's without shuffling", () => {
  for (const c of fixture("data/kfold.json").cases) {
    const folds = c.kind === "kfold" ? data.kFold(c.n, c.k) : data.stratifiedKFold(c.y, c.k);
    assert.deepEqual(folds.map((f) => Array.from(f.test)), c.test, JSON.stringify(c));
    const n = c.n ?? c.y.length;
    for (const f of folds) assert.equal(f.train.length + f.test.length, n);
  }
});

test("shuffled folds are reproducible, partition the samples and stay stratified", () => {
  const y = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? "a" : "b"));
  const a = data.stratifiedKFold(y, 5, { shuffle: true, seed: 4 });
  assert.deepEqual(a, data.stratifiedKFold(y, 5, { shuffle: true, seed: 4 }));
  assert.notDeepEqual(a, data.stratifiedKFold(y, 5));
  const tests = a.flatMap((f) => Array.from(f.test)).sort((p, q) => p - q);
  assert.deepEqual(tests, y.map((_, i) => i));
  for (const f of a) assert.equal(Array.from(f.test).filter((i) => y[i] === "a").length, 4);
  const k = data.kFold(10, 3, { shuffle: true, seed: 1 });
  assert.deepEqual(k.map((f) => f.test.length), [4, 3, 3]);
  assert.throws(() => data.kFold(3, 1), /requires at least one train\/test split by setting n_splits=2 or more, got n_splits=1/);
  assert.throws(() => data.stratifiedKFold([0, 0, 1], 3), /n_splits=3 cannot be greater than the number of members in each class/);
});
