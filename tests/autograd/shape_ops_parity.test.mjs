// The shape, slicing, activation and softmax operations against PyTorch 1.13
// (tests/fixtures/gen_autograd_shape.py): values, the grad_fn name and every
// input's gradient. Pure data movement must give PyTorch's exact bits; the
// activations and softmax the tolerance of the nn layer parity tests.
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose, fixture, wt } from "../helpers.mjs";
const { Tensor, cat, stack } = wt;

const { cases } = fixture("autograd_shape/cases.json");

// The generator's table, in wasmtune calls.
const OPS = {
  reshape: (xs, shape) => xs[0].reshape(shape),
  view: (xs, shape) => xs[0].view(shape),
  flatten: (xs, ...a) => xs[0].flatten(...a),
  unsqueeze: (xs, d) => xs[0].unsqueeze(d),
  squeeze: (xs, ...a) => xs[0].squeeze(...a),
  permute: (xs, dims) => xs[0].permute(dims),
  transpose: (xs, a, b) => xs[0].transpose(a, b),
  t: (xs) => xs[0].t(),
  cat: (xs, dim) => cat(xs, dim),
  stack: (xs, dim) => stack(xs, dim),
  narrow: (xs, dim, start, length) => xs[0].narrow(dim, start, length),
  select: (xs, dim, index) => xs[0].select(dim, index),
  slice: (xs, dim, start, end, step) => xs[0].slice(dim, start, end, step),
  softmax: (xs, dim) => xs[0].softmax(dim),
  logSoftmax: (xs, dim) => xs[0].logSoftmax(dim),
  relu: (xs) => xs[0].relu(),
  leakyRelu: (xs, ...a) => xs[0].leakyRelu(...a),
  elu: (xs, ...a) => xs[0].elu(...a),
  gelu: (xs, ...a) => xs[0].gelu(...a),
  sigmoid: (xs) => xs[0].sigmoid(),
  tanh: (xs) => xs[0].tanh(),
  softplus: (xs, ...a) => xs[0].softplus(...a),
};
const MOVES_ONLY = new Set(["reshape", "view", "flatten", "unsqueeze", "squeeze", "permute", "transpose", "t", "cat", "stack", "narrow", "select", "slice"]);

test("every fixture case has its operations implemented", () => {
  const missing = new Set(cases.flatMap((c) => c.steps.map(([op]) => op)).filter((op) => !(op in OPS)));
  assert.deepEqual([...missing], []);
});

for (const c of cases) {
  test(`PyTorch parity: ${c.name}`, () => {
    const xs = c.inputs.map((t) => Tensor.from(t.data, t.shape).requiresGrad_());
    let y = xs;
    for (const [op, args] of c.steps) y = OPS[op](Array.isArray(y) ? y : [y], ...args);
    assert.equal(y.gradFn.name, c.gradFn);
    assert.deepEqual(y.shape, c.output.shape);
    const exact = c.steps.every(([op]) => MOVES_ONLY.has(op));
    const check = (got, want, msg) => (exact ? assert.deepEqual(Array.from(got), want.map(Math.fround), msg) : assertClose(got, want, { msg }));
    check(y.data, c.output.data, `${c.name}: output`);
    y.backward(Tensor.from(c.gradOut.data, c.gradOut.shape));
    xs.forEach((x, i) => {
      assert.deepEqual(x.grad.shape, c.grads[i].shape);
      check(x.grad.data, c.grads[i].data, `${c.name}: gradient of input ${i}`);
    });
  });
}
