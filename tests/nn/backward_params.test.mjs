// Module.backwardParams: the parameter gradients of backward, without the
// gradient with respect to the model's input (PyTorch skips it when the input
// does not require grad).
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { Tensor, Generator, memoryStats, nn } = wt;

const input = (rows, cols, seed = 3) => {
  const g = new Generator(seed);
  return Tensor.from(Array.from({ length: rows * cols }, () => g.uniform(-2, 2)), [rows, cols]);
};
const grads = (m) => m.parameters().map((p) => Array.from(p.grad.data));

const models = {
  "Linear-ReLU-Linear": (g) => new nn.Sequential(new nn.Linear(5, 7, { generator: g }), new nn.ReLU(), new nn.Linear(7, 3, { generator: g })),
  "parameter-free layers first, BatchNorm and LayerNorm after": (g) =>
    new nn.Sequential(new nn.Tanh(), new nn.Dropout(0.3, { generator: g }), new nn.Linear(5, 4, { generator: g }), new nn.BatchNorm1d(4), new nn.GELU(), new nn.Linear(4, 3, { generator: g }), new nn.LayerNorm(3)),
  "nested Sequential, bias-free first layer": (g) =>
    new nn.Sequential(new nn.Sequential(new nn.Linear(5, 6, { bias: false, generator: g }), new nn.Sigmoid()), new nn.Linear(6, 3, { generator: g })),
  "a lone Linear": (g) => new nn.Linear(5, 3, { generator: g }),
};

for (const [name, make] of Object.entries(models)) {
  test(`${name}: backwardParams accumulates the same gradients as backward, bit for bit`, () => {
    const a = make(new Generator(9));
    const b = make(new Generator(9));
    const x = input(6, 5);
    const gy = input(6, 3, 4);
    for (let step = 0; step < 3; step++) {
      // Accumulating over two passes without zeroGrad, as .grad does in PyTorch.
      if (step === 2) {
        a.zeroGrad();
        b.zeroGrad();
      }
      a.forward(x);
      a.backward(gy);
      b.forward(x);
      assert.equal(b.backwardParams(gy), undefined);
      assert.deepEqual(grads(b), grads(a), `pass ${step}`);
    }
    for (const t of [a, b, x, gy]) t.dispose();
  });
}

test("backwardParams skips the first layer's input gradient: its workspace is never allocated", () => {
  const m = models["Linear-ReLU-Linear"](new Generator(1));
  const x = input(8, 5);
  const gy = input(8, 3);
  m.forward(x);
  m.backward(gy);
  const afterBackward = memoryStats().allocatedBytes;
  m.dispose();
  const n = models["Linear-ReLU-Linear"](new Generator(1));
  n.forward(x);
  n.backwardParams(gy);
  assert.equal(memoryStats().allocatedBytes, afterBackward - 8 * 5 * 4, "one [8, 5] input gradient fewer");
  n.dispose();
});

test("backwardParams on a model without parameters does nothing; on a custom module it runs backward", () => {
  const relu = new nn.Sequential(new nn.ReLU());
  relu.backwardParams(Tensor.zeros([2, 2]));
  let calls = 0;
  class Scale extends nn.Module {
    forward(x) {
      return x;
    }
    backward(g) {
      calls++;
      return g;
    }
  }
  new Scale().backwardParams(Tensor.zeros([1]));
  assert.equal(calls, 1);
});

test("backwardParams refuses to run before forward and names a wrong gradient shape", () => {
  const m = models["Linear-ReLU-Linear"](new Generator(2));
  assert.throws(() => m.backwardParams(Tensor.zeros([4, 3])), /backward\(\) called before forward\(\)/);
  m.forward(input(4, 5));
  assert.throws(() => m.backwardParams(Tensor.zeros([4, 2])), /expected gradOut of shape \[4, 3\].*got \[4, 2\]/);
  m.dispose();
});

test("zeroGrad is lazy: grad reads zeros, the next pass overwrites with the bits of adding into zeros, later passes accumulate", () => {
  const lazy = models["Linear-ReLU-Linear"](new Generator(5));
  const eager = models["Linear-ReLU-Linear"](new Generator(5));
  const x = input(300, 5, 6); // 300 rows: dW sums over more than one 256-deep GEMM slice
  const gy = input(300, 3, 7);
  const pass = (m) => {
    m.forward(x);
    m.backwardParams(gy);
  };
  pass(lazy);
  pass(eager);
  lazy.zeroGrad();
  for (const p of lazy.parameters()) assert.ok(p.grad.data.every((v) => Object.is(v, 0)), "zeros, +0, when read");
  lazy.zeroGrad();
  for (const p of eager.parameters()) p.grad.data.fill(0); // what zeroGrad used to do
  pass(lazy);
  pass(eager);
  assert.deepEqual(grads(lazy), grads(eager));
  pass(lazy);
  pass(eager);
  assert.deepEqual(grads(lazy), grads(eager), "the second pass adds");
  // A dead unit (all-zero upstream gradient) gives +0 sums, never -0.
  const m = new nn.Linear(300, 2, { generator: new Generator(1) });
  const big = input(300, 300, 8);
  const g0 = Tensor.zeros([300, 2]);
  g0.data.fill(-0);
  m.forward(big);
  m.zeroGrad();
  m.backwardParams(g0);
  assert.ok(m.weight.grad.data.every((v) => Object.is(v, 0)) && m.bias.grad.data.every((v) => Object.is(v, 0)));
  for (const t of [lazy, eager, x, gy, m, big, g0]) t.dispose();
});
