// Activations as tensor methods: same bits as the nn modules, arguments
// checked, nothing recorded without grad, memory flat in a tidy loop.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { Tensor, nn, tidy, noGrad, memoryStats } = wt;

const xs = Array.from({ length: 37 }, (_, i) => (i - 18) * 0.37);

test("tensor activations give the nn modules' outputs and input gradients bit for bit", () => {
  const pairs = [
    [(x) => x.relu(), new nn.ReLU()],
    [(x) => x.leakyRelu(0.3), new nn.LeakyReLU(0.3)],
    [(x) => x.elu(0.5), new nn.ELU(0.5)],
    [(x) => x.gelu(), new nn.GELU()],
    [(x) => x.gelu("tanh"), new nn.GELU("tanh")],
    [(x) => x.sigmoid(), new nn.Sigmoid()],
    [(x) => x.tanh(), new nn.Tanh()],
    [(x) => x.softplus(2, 3), new nn.Softplus(2, 3)],
  ];
  for (const [f, m] of pairs) {
    const x = Tensor.from(xs, [37]).requiresGrad_();
    const g = Tensor.from(xs.map((v) => Math.cos(v)), [37]);
    const y = f(x);
    // The module's explicit passes: an input that requires grad would put the call on the tape.
    const want = m.forward(x.detach());
    assert.deepEqual(Array.from(y.data), Array.from(want.data), `${m}`);
    y.backward(g);
    assert.deepEqual(Array.from(x.grad.data), Array.from(m.backward(g).data), `${m} gradient`);
  }
});

test("activation arguments are checked as PyTorch does", () => {
  const x = Tensor.from([1, -1]);
  assert.throws(() => x.gelu("fast"), /approximate argument must be either none or tanh\./);
  assert.throws(() => x.leakyRelu(NaN), /leakyRelu: negativeSlope must be a finite number, got NaN/);
  assert.throws(() => x.elu("1"), /elu: alpha must be a finite number/);
  assert.throws(() => x.softplus(1, Infinity), /softplus: threshold must be a finite number/);
  assert.throws(() => Tensor.from([1, 2], [2], "int32").relu(), /relu\(\) needs a float32 tensor, got int32/);
});

test("activations record a node only for inputs that require grad, with grad mode on", () => {
  const x = Tensor.from([1, -2, 3]);
  assert.equal(x.relu().gradFn, null);
  x.requiresGrad = true;
  assert.equal(x.sigmoid().gradFn.name, "SigmoidBackward0");
  const y = noGrad(() => x.tanh());
  assert.equal(y.gradFn, null);
  assert.equal(y.requiresGrad, false);
});

test("a node whose saved output was disposed refuses to run", () => {
  const x = Tensor.from([1, -2, 3]).requiresGrad_();
  const y = x.relu();
  const z = y.sigmoid();
  y.dispose();
  assert.throws(() => z.backward(Tensor.from([1, 1, 1])), /SigmoidBackward0: a tensor of shape \[3\] saved for backward was disposed/);
});

test("a forward+backward loop of activations in tidy does not grow memory", () => {
  const x = Tensor.from(xs, [37]).requiresGrad_();
  const g = Tensor.full([37], 1);
  const step = () =>
    tidy(() => {
      const y = x.relu().gelu().softplus().tanh().sigmoid().leakyRelu().elu();
      y.backward(g);
    });
  step();
  const before = memoryStats().allocatedBytes;
  for (let i = 0; i < 5; i++) step();
  assert.equal(memoryStats().allocatedBytes, before);
});
