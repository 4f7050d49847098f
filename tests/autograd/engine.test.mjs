// The reverse-mode engine on hand-written nodes: accumulation over several
// paths, leaves and parameters, grad mode, released graphs, tidy scopes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { Tensor, autograd, noGrad, nn } = wt;

// y = c * x, elementwise, with c a plain number (a custom operation).
class ScaleBackward extends autograd.Node {
  constructor(x, c) {
    super("ScaleBackward", [x]);
    this.c = c;
  }
  backward(g) {
    return [Tensor.from(Array.from(g.data, (v) => v * this.c), g.shape)];
  }
}
function scale(x, c) {
  const y = Tensor.from(Array.from(x.data, (v) => v * c), x.shape);
  if (autograd.isGradEnabled() && x.requiresGrad) y.gradFn = new ScaleBackward(x, c);
  return y;
}
class AddBackward extends autograd.Node {
  constructor(a, b) {
    super("AddBackward0", [a, b]);
  }
  backward(g, needs) {
    return [needs[0] ? g.clone() : undefined, needs[1] ? g.clone() : undefined];
  }
}
function add(a, b) {
  const y = Tensor.from(Array.from(a.data, (v, i) => v + b.data[i]), a.shape);
  if (autograd.isGradEnabled() && (a.requiresGrad || b.requiresGrad)) y.gradFn = new AddBackward(a, b);
  return y;
}
class SumBackward extends autograd.Node {
  constructor(x) {
    super("SumBackward0", [x]);
  }
  backward(g) {
    return [Tensor.full(this.inputs[0].shape, g.item())];
  }
}
function total(x) {
  const y = Tensor.from([Array.from(x.data).reduce((a, b) => a + b, 0)], []);
  if (autograd.isGradEnabled() && x.requiresGrad) y.gradFn = new SumBackward(x);
  return y;
}

test("a tensor used twice gets the sum of both paths' gradients, and grads accumulate over calls", () => {
  const x = Tensor.from([1, 2, 3]).requiresGrad_();
  assert.equal(x.grad, null);
  const y = scale(x, 3);
  const z = total(add(y, scale(y, 2))); // 9 x
  assert.equal(z.gradFn.name, "SumBackward0");
  z.backward();
  assert.deepEqual(Array.from(x.grad.data), [9, 9, 9]);
  total(scale(x, 2)).backward();
  assert.deepEqual(Array.from(x.grad.data), [11, 11, 11]);
  x.grad = null;
  assert.equal(x.grad, null);
});

test("a parameter's tensor accumulates into the parameter's gradient, lazily zeroed by zeroGrad", () => {
  const p = new nn.Parameter(Tensor.from([1, -1]));
  assert.equal(p.data.requiresGrad, true);
  total(scale(p.data, 5)).backward();
  assert.deepEqual(Array.from(p.grad.data), [5, 5]);
  total(scale(p.data, 5)).backward();
  assert.deepEqual(Array.from(p.grad.data), [10, 10]);
  p.zeroGrad();
  total(scale(p.data, 2)).backward();
  assert.deepEqual(Array.from(p.grad.data), [2, 2]);
});

test("PyTorch's errors: no grad_fn, non-scalar without gradient, second backward, non-leaf requiresGrad", () => {
  const x = Tensor.from([1, 2]);
  assert.throws(() => total(x).backward(), /element 0 of tensors does not require grad and does not have a grad_fn/);
  const w = Tensor.from([1, 2]).requiresGrad_();
  assert.throws(() => scale(w, 2).backward(), /grad can be implicitly created only for scalar outputs/);
  assert.throws(() => scale(w, 2).backward(Tensor.from([1, 2, 3])), /Mismatch in shape: grad_output\[0\] has a shape of \[3\] and output\[0\] has a shape of \[2\]/);
  scale(w, 2).backward(Tensor.from([1, 10]));
  assert.deepEqual(Array.from(w.grad.data), [2, 20]);
  const z = total(scale(w, 1));
  z.backward();
  assert.throws(() => z.backward(), /backward through the graph a second time/);
  const r = total(scale(w, 1));
  r.backward(undefined, { retainGraph: true });
  r.backward();
  assert.throws(() => (scale(w, 1).requiresGrad = false), /only change requires_grad flags of leaf variables/);
  assert.throws(() => (Tensor.from([1], [1], "int32").requiresGrad = true), /only Tensors of floating point dtype/);
});

test("noGrad records nothing; detach cuts the graph and shares memory", () => {
  const w = Tensor.from([1, 2]).requiresGrad_();
  const y = noGrad(() => scale(w, 2));
  assert.equal(y.requiresGrad, false);
  assert.equal(y.gradFn, null);
  const d = scale(w, 2).detach();
  assert.equal(d.requiresGrad, false);
  assert.equal(autograd.isGradEnabled(), true);
  assert.throws(() => noGrad(() => { throw new Error("boom"); }), /boom/);
  assert.equal(autograd.isGradEnabled(), true);
});
