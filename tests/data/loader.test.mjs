import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { Tensor, memoryStats, manualSeed, data } = wt;

// Features whose first column is the row number, so batches reveal the permutation.
function rows(n, f = 3) {
  return Array.from({ length: n }, (_, i) => Array.from({ length: f }, (_, j) => i + j / 10));
}

function epochOrder(loader) {
  const seen = [];
  for (const b of loader) {
    const x = b.x.data;
    const f = b.x.shape[1];
    for (let i = 0; i < b.size; i++) seen.push(Math.round(x[i * f]));
  }
  return seen;
}

test("batches gather the right rows and targets, with a smaller last batch", () => {
  for (const n of [1, 5, 17, 37]) {
    const ds = new data.TensorDataset(rows(n), Int32Array.from({ length: n }, (_, i) => i % 3));
    const loader = new data.DataLoader(ds, { batchSize: 4, shuffle: true, seed: 3 });
    const sizes = [];
    for (const b of loader) {
      sizes.push(b.size);
      assert.deepEqual(b.x.shape, [b.size, 3]);
      assert.equal(b.y.dtype, "int32");
      for (let i = 0; i < b.size; i++) {
        const r = Math.round(b.x.data[i * 3]);
        assert.deepEqual(Array.from(b.x.data.subarray(i * 3, i * 3 + 3)), Array.from(Float32Array.from(rows(n)[r])));
        assert.equal(b.y.data[i], r % 3);
      }
    }
    assert.equal(sizes.length, loader.length);
    assert.equal(sizes.reduce((a, b) => a + b, 0), n);
    assert.ok(sizes.slice(0, -1).every((s) => s === 4));
    loader.dispose();
    ds.dispose();
  }
});

test("dropLast drops the partial batch; no shuffle keeps the order", () => {
  const ds = new data.TensorDataset(rows(10), new Float32Array(10));
  const loader = new data.DataLoader(ds, { batchSize: 4, dropLast: true });
  assert.equal(loader.length, 2);
  assert.deepEqual(epochOrder(loader), [0, 1, 2, 3, 4, 5, 6, 7]);
  loader.dispose();
  ds.dispose();
});

test("a seed reproduces every epoch, and every epoch is a different permutation", () => {
  const ds = new data.TensorDataset(rows(50), new Float32Array(50));
  const a = new data.DataLoader(ds, { batchSize: 8, shuffle: true, seed: 42 });
  const b = new data.DataLoader(ds, { batchSize: 8, shuffle: true, seed: 42 });
  const epochs = [];
  for (let e = 0; e < 4; e++) {
    const order = epochOrder(a);
    assert.deepEqual(order, epochOrder(b));
    assert.deepEqual([...order].sort((p, q) => p - q), Array.from({ length: 50 }, (_, i) => i));
    for (const prev of epochs) assert.notDeepEqual(order, prev);
    epochs.push(order);
  }
  // Without a seed the loader seeds itself from the default generator.
  manualSeed(7);
  const c = epochOrder(new data.DataLoader(ds, { batchSize: 8, shuffle: true }));
  manualSeed(7);
  assert.deepEqual(epochOrder(new data.DataLoader(ds, { batchSize: 8, shuffle: true })), c);
  a.dispose();
  b.dispose();
  ds.dispose();
});

test("getState/setState resumes mid-epoch with the same batches", () => {
  const ds = new data.TensorDataset(rows(30), new Float32Array(30));
  const ref = new data.DataLoader(ds, { batchSize: 4, shuffle: true, seed: 9 });
  epochOrder(ref);
  const expected = epochOrder(ref).concat(epochOrder(ref));
  const run = new data.DataLoader(ds, { batchSize: 4, shuffle: true, seed: 9 });
  epochOrder(run);
  let state;
  const first = [];
  for (const b of run) {
    first.push(...Array.from({ length: b.size }, (_, i) => Math.round(b.x.data[i * 3])));
    if (b.index === 2) {
      state = JSON.parse(JSON.stringify(run.getState()));
      break;
    }
  }
  assert.deepEqual(state.epoch, 1);
  assert.deepEqual(state.batch, 3);
  const resumed = new data.DataLoader(ds, { batchSize: 4, shuffle: true, seed: 12345 });
  resumed.setState(state);
  const rest = epochOrder(resumed).concat(epochOrder(resumed));
  assert.deepEqual(first.concat(rest), expected);
  assert.equal(resumed.getState().epoch, 3);
  for (const l of [ref, run, resumed]) l.dispose();
  ds.dispose();
});

test("steady-state epochs allocate no WebAssembly memory", () => {
  const ds = new data.TensorDataset(rows(103, 17), Float32Array.from({ length: 103 }, (_, i) => i));
  const loader = new data.DataLoader(ds, { batchSize: 10, shuffle: true, seed: 1 });
  epochOrder(loader);
  const start = memoryStats();
  for (let e = 0; e < 5; e++) epochOrder(loader);
  assert.deepEqual(memoryStats(), start);
  loader.dispose();
  ds.dispose();
});

test("datasets validate their inputs, naming the row", () => {
  assert.throws(() => new data.TensorDataset([[1, 2], [3, NaN]], [0, 1]), /features row index 1, column 1 is NaN/);
  assert.throws(() => new data.TensorDataset([[1], [2]], [0, Infinity]), /targets index 1 is Infinity/);
  assert.throws(() => new data.TensorDataset([[1], [2]], Int32Array.from([0, 1]), { targetDtype: "int32" }) && new data.TensorDataset([[1], [2]], [0, 1.5], { targetDtype: "int32" }), /index 1 is 1.5, not a class index/);
  assert.throws(() => new data.TensorDataset([[1], [2]], [0, 1, 2]), /features \[2, 1\] and targets \[3\]/);
  assert.throws(() => new data.TensorDataset([1, 2, 3]), /features must be \[N, F\]/);
  assert.throws(() => new data.DataLoader(new data.TensorDataset([[1]]), { batchSize: 0 }), /batch_size should be a positive integer value, but got batch_size=0/);
  const t = Tensor.from([[1, 2]]);
  const ds = new data.TensorDataset(t);
  ds.dispose();
  assert.equal(t.isDisposed, false, "tensors passed in stay owned by the caller");
  t.dispose();
});

test("TensorDataset: Int32Array targets are class indices bare or as { data, shape }; other arrays are float32", () => {
  const labels = Int32Array.from([2, 0, 1, 2]);
  for (const targets of [labels, { data: labels, shape: [4] }]) assert.equal(new data.TensorDataset(rows(4), targets).targets.dtype, "int32");
  for (const targets of [[2, 0, 1, 2], Float32Array.from(labels), { data: Float64Array.from(labels), shape: [4] }]) {
    assert.equal(new data.TensorDataset(rows(4), targets).targets.dtype, "float32");
  }
  assert.equal(new data.TensorDataset(rows(4), [2, 0, 1, 2], { targetDtype: "int32" }).targets.dtype, "int32");
});
