// Loss targets that require grad, beyond the parity cases of loss_parity.test.mjs: which
// tensors get gradients, the explicit backwardTarget, refusals, and tidy keeping the target.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { Tensor, nn, tidy } = wt;

test("only the target requires grad: the loss is recorded and only the target gets a gradient", () => {
  const input = Tensor.from([[0.5, -1, 2]]);
  const target = Tensor.from([[0, 1, 0]]).requiresGrad_();
  const loss = new nn.HuberLoss({ reduction: "sum", delta: 1 });
  tidy(() => {
    const l = loss.call(input, target);
    assert.equal(l.requiresGrad, true);
    assert.equal(l.gradFn.name, "HuberLossBackward0");
    l.backward();
  });
  // ∂/∂y of Huber(δ = 1): -(x - y) inside δ, -δ·sign(x - y) beyond it.
  assert.deepEqual(Array.from(target.grad.data), [-0.5, 1, -1]);
  assert.equal(input.grad, null);
  loss.dispose();
});

test("backwardTarget is the explicit pass of the target's gradient, with backward's upstream gradients", () => {
  const input = Tensor.from([1, 2, 3]);
  const target = Tensor.from([2, 2, 1]);
  const mse = new nn.MSELoss({ reduction: "none" });
  mse.forward(input, target);
  const g = Tensor.from([1, 10, 0.5]);
  // ∂/∂y (x - y)² · g = -2(x - y)·g
  assert.deepEqual(Array.from(mse.backwardTarget(g).data), [2, 0, -2]);
  assert.throws(() => new nn.L1Loss().backwardTarget(), /backwardTarget\(\) called before a successful forward\(\)/);
  const nll = new nn.NLLLoss();
  nll.forward(Tensor.from([[-1, -2]]), Tensor.from([1], undefined, "int32"));
  assert.throws(() => nll.backwardTarget(), /NLLLoss: class-index targets \(int32\) have no gradient/);
  for (const t of [input, target, g, mse, nll]) t.dispose();
});

test("a loss of one's own without a target derivative refuses with PyTorch's message at backward", () => {
  class Offset extends nn.Loss {
    name = "Offset";
    constructor() {
      super({ reduction: "sum" });
    }
    check() {}
    unreducedShape(x) {
      return x.shape;
    }
    sum(x, y) {
      let s = 0;
      for (let i = 0; i < x.size; i++) s += x.data[i] - y.data[i];
      return s;
    }
    meanDivisor(x) {
      return x.size;
    }
    grad() {
      throw new Error("the input needs no gradient here");
    }
  }
  const target = Tensor.from([1, 2]).requiresGrad_();
  tidy(() => {
    const l = new Offset().call(Tensor.from([3, 5]), target);
    assert.equal(l.item(), 5);
    assert.equal(l.gradFn.name, "OffsetBackward");
    assert.throws(() => l.backward(), /^Error: the derivative for 'target' is not implemented\.$/);
  });
});

test("a loss returned from tidy keeps a target computed inside it alive for backward", () => {
  const input = Tensor.from([1, 2, 3]).requiresGrad_();
  const teacher = Tensor.from([0.5, 0.5, 0.5]).requiresGrad_();
  const mse = new nn.MSELoss({ reduction: "sum" });
  const l = tidy(() => mse.call(input, teacher.mul(2)));
  l.backward();
  // y = 2t: ∂/∂t = -2(x - y)·2.
  assert.deepEqual(Array.from(teacher.grad.data), [0, -4, -8]);
  assert.deepEqual(Array.from(input.grad.data), [0, 2, 4]);
  for (const t of [input, teacher, l, mse]) t.dispose();
});
