// Behaviour of the nn layers beyond numeric parity: state dicts, modes,
// errors, NaN handling and memory use.
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose, wt } from "../helpers.mjs";
const { Tensor, Generator, memoryStats, nn } = wt;

const mlp = (seed = 1) => {
  const g = new Generator(seed);
  return new nn.Sequential(new nn.Linear(6, 5, { generator: g }), new nn.BatchNorm1d(5), new nn.ReLU(), new nn.Dropout(0.25, { generator: g }), new nn.Linear(5, 3, { generator: g }), new nn.LayerNorm(3));
};
const input = (rows, cols, seed = 7) => {
  const g = new Generator(seed);
  return Tensor.from(Array.from({ length: rows * cols }, () => g.uniform(-2, 2)), [rows, cols]);
};

test("Sequential names children like PyTorch and Linear stores weight as [out, in]", () => {
  const m = mlp();
  assert.deepEqual(Object.keys(m.stateDict()), [
    "0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked", "4.weight", "4.bias", "5.weight", "5.bias",
  ]);
  assert.deepEqual(m.namedParameters().map(([n, p]) => [n, p.shape]), [
    ["0.weight", [5, 6]], ["0.bias", [5]], ["1.weight", [5]], ["1.bias", [5]], ["4.weight", [3, 5]], ["4.bias", [3]], ["5.weight", [3]], ["5.bias", [3]],
  ]);
  assert.equal(m.stateDict()["1.num_batches_tracked"].dtype, "int32");
  assert.deepEqual(m.stateDict()["1.num_batches_tracked"].shape, []);
  m.dispose();
});

test("loadStateDict refuses wrong shapes and missing or unexpected keys, naming them, and changes nothing", () => {
  const m = mlp();
  const before = m.stateDict();
  const bad = { ...before, "0.weight": { shape: [6, 5], data: new Float32Array(30) }, extra: { shape: [1], data: [1] } };
  delete bad["4.bias"];
  assert.throws(() => m.loadStateDict(bad), (e) =>
    /^Error\(s\) in loading state_dict for Sequential:\n\tMissing key\(s\) in state_dict: "4\.bias"\. \n\tUnexpected key\(s\) in state_dict: "extra"\. \n\t/.test(e.message) &&
    /size mismatch for 0\.weight: copying a param with shape \[6, 5\] from checkpoint, the shape in current model is \[5, 6\]\./.test(e.message));
  const after = m.stateDict();
  for (const k of Object.keys(before)) assert.deepEqual(after[k].data, before[k].data, `${k} untouched`);
  // Non-strict loading skips missing keys but still checks shapes.
  const partial = { "4.bias": { shape: [3], data: [1, 2, 3] } };
  m.loadStateDict(partial, false);
  assert.deepEqual(Array.from(m.stateDict()["4.bias"].data), [1, 2, 3]);
  m.dispose();
});

test("state dicts move weights between models unchanged", () => {
  const a = mlp(1);
  const b = mlp(2);
  const x = input(4, 6);
  a.eval();
  b.eval();
  b.loadStateDict(a.stateDict());
  assert.deepEqual(Array.from(b.forward(x).data), Array.from(a.forward(x).data));
  a.dispose();
  b.dispose();
  x.dispose();
});

test("train/eval switching reaches every child and changes BatchNorm and Dropout", () => {
  const m = mlp();
  const x = input(8, 6);
  m.eval();
  assert.ok(m.namedChildren().every(([, c]) => !c.training));
  const y1 = Array.from(m.forward(x).data);
  const y2 = Array.from(m.forward(x).data);
  assert.deepEqual(y1, y2, "eval is deterministic: no dropout, running statistics");
  const tracked = m.stateDict()["1.num_batches_tracked"].data[0];
  m.train();
  assert.ok(m.namedChildren().every(([, c]) => c.training));
  const t1 = Array.from(m.forward(x).data);
  const t2 = Array.from(m.forward(x).data);
  assert.notDeepEqual(t1, t2, "training draws a new dropout mask per call");
  assert.equal(m.stateDict()["1.num_batches_tracked"].data[0], tracked + 2);
  m.dispose();
  x.dispose();
});

test("shape errors name both shapes", () => {
  const lin = new nn.Linear(4, 3);
  const x = Tensor.zeros([2, 5]);
  assert.throws(() => lin.forward(x), { message: "wasmtune: Linear(4, 3): expected input of shape [N, 4], got [2, 5]" });
  assert.throws(() => lin.backward(Tensor.zeros([2, 3])), /Linear\(4, 3\): backward\(\) called before forward\(\)/);
  lin.forward(Tensor.zeros([2, 4]));
  assert.throws(() => lin.backward(Tensor.zeros([2, 4])), /expected gradOut of shape \[2, 3\] \(the forward output's\), got \[2, 4\]/);
  assert.throws(() => new nn.BatchNorm1d(4).forward(x), { message: "wasmtune: BatchNorm1d(4): expected input of shape [N, 4], got [2, 5]" });
  assert.throws(() => new nn.BatchNorm1d(4).forward(Tensor.zeros([1, 4])), /Expected more than 1 value per channel when training, got input size \[1, 4\]/);
  assert.throws(() => new nn.LayerNorm([3, 4]).forward(x), /LayerNorm\(\[3, 4\]\): expected input of shape \[\*, 3, 4\], got \[2, 5\]/);
  assert.throws(() => new nn.Softmax({ dim: 2 }).forward(x), /Dimension out of range \(expected to be in range of \[-2, 1\], but got 2\)/);
  assert.throws(() => new nn.ReLU().backward(x), /ReLU\(\): backward\(\) called before forward\(\)/);
  assert.throws(() => new nn.Dropout(1.5), /dropout probability has to be between 0 and 1, but got 1.5/);
  assert.throws(() => new nn.GELU({ approximate: "fast" }), /approximate argument must be either none or tanh/);
});

test("NaN inputs propagate forward as in PyTorch and stay in their row", () => {
  const x = Tensor.from([[NaN, 1, 2], [0, 1, 2]]);
  const lin = new nn.Linear(3, 2);
  const y = lin.forward(x).toArray();
  assert.ok(y[0].every(Number.isNaN));
  assert.ok(y[1].every(Number.isFinite));
  const r = new nn.ReLU();
  assert.ok(Number.isNaN(r.forward(x).data[0]));
  // PyTorch's ReLU gradient passes through where the output is NaN (NaN <= 0 is false).
  assert.equal(r.backward(Tensor.full([2, 3], 1)).data[0], 1);
  const s = new nn.Softmax().forward(x).toArray();
  assert.ok(s[0].every(Number.isNaN));
  assertClose([s[1].reduce((a, b) => a + b, 0)], [1], { rtol: 1e-6 });
});

test("Dropout: seeded masks, inverted scaling, backward reuses the mask, identity in eval and at p = 0", () => {
  const n = 20000;
  const x = Tensor.full([n], 1);
  const gen = new Generator(5);
  const d = new nn.Dropout(0.3, { generator: gen });
  const y = Float32Array.from(d.forward(x).data);
  const kept = y.filter((v) => v !== 0);
  assert.ok(kept.every((v) => v === Math.fround(1 / 0.7)), "kept elements are scaled by 1/(1-p)");
  const zeroFraction = 1 - kept.length / n;
  assert.ok(Math.abs(zeroFraction - 0.3) < 4 * Math.sqrt((0.3 * 0.7) / n), `dropped fraction ${zeroFraction}`);
  const g = d.backward(Tensor.full([n], 2)).data;
  for (let i = 0; i < n; i += 97) assert.equal(g[i], 2 * y[i]);
  // The mask is drawn in WebAssembly from the generator's own stream: the
  // same draws as nextUint32() on the host, and the generator advances past them.
  const host = new Generator(5);
  const keep = 0.7 * 4294967296;
  for (let i = 0; i < n; i++) assert.equal(y[i], host.nextUint32() < keep ? Math.fround(1 / 0.7) : 0, `element ${i}`);
  assert.equal(gen.nextUint32(), host.nextUint32(), "the generator continues after the mask");
  const again = new nn.Dropout(0.3, { generator: new Generator(5) });
  assert.deepEqual(Array.from(again.forward(x).data), Array.from(y), "same seed, same mask");
  d.eval();
  assert.equal(d.forward(x), x);
  assert.equal(new nn.Dropout(0).forward(x), x);
  assert.ok(new nn.Dropout(1).forward(x).data.every((v) => v === 0));
});

test("Flatten merges dimensions as a view and reuses it", () => {
  const f = new nn.Flatten();
  const x = Tensor.from(Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]);
  const y = f.forward(x);
  assert.deepEqual(y.shape, [2, 12]);
  assert.equal(y.ptr, x.ptr);
  assert.equal(f.forward(x), y);
  assert.deepEqual(f.backward(Tensor.zeros([2, 12])).shape, [2, 3, 4]);
  assert.deepEqual(new nn.Flatten({ startDim: 0, endDim: 1 }).forward(x).shape, [6, 4]);
  // Nothing to merge: the input itself and the upstream gradient itself, as PyTorch; a wrong gradient shape is still refused.
  const same = new nn.Flatten();
  const flat = Tensor.zeros([2, 12]);
  assert.equal(same.forward(flat), flat);
  const g = Tensor.full([2, 12], 1);
  assert.equal(same.backward(g), g);
  assert.throws(() => same.backward(Tensor.zeros([2, 3, 4])), /\[2, 3, 4\]/);
  // And a merging call after it works again.
  assert.deepEqual(same.forward(x).shape, [2, 12]);
  assert.deepEqual(same.backward(Tensor.zeros([2, 12])).shape, [2, 3, 4]);
});

test("a steady-state training step allocates no WebAssembly memory", () => {
  const m = mlp();
  const x = input(9, 6);
  const g = Tensor.full([9, 3], 0.1);
  const step = () => {
    m.zeroGrad();
    m.forward(x);
    m.backward(g);
  };
  step();
  step();
  const before = memoryStats();
  for (let i = 0; i < 50; i++) step();
  assert.deepEqual(memoryStats(), before);
  m.dispose();
});

test("results are unchanged after linear memory grows", () => {
  const m = mlp();
  m.eval();
  const x = input(5, 6);
  const y0 = Array.from(m.forward(x).data);
  const gx0 = Array.from(m.backward(Tensor.full([5, 3], 1)).data);
  const bytes = memoryStats().memoryBytes;
  const big = Tensor.zeros([4 * 1024 * 1024]);
  assert.ok(memoryStats().memoryBytes > bytes, "memory grew");
  assert.deepEqual(Array.from(m.forward(x).data), y0);
  assert.deepEqual(Array.from(m.backward(Tensor.full([5, 3], 1)).data), gx0);
  big.dispose();
  m.dispose();
});
