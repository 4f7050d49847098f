// User modules: registration by assignment with PyTorch's names, ModuleList
// and ModuleDict, what is recorded and what is not, and the errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
import { BasicBlock } from "./resnet.mjs";
const { Tensor, nn, noGrad, tidy, manualSeed } = wt;

class Head extends nn.Module {
  constructor() {
    super();
    this.scale = new nn.Parameter(Tensor.full([3], 2));
    this.plain = Tensor.zeros([3]); // a plain tensor is not registered, as in PyTorch
    this.fc = new nn.Linear(4, 3);
  }
  forward(x) {
    return this.fc.forward(x).mul(this.scale.data);
  }
}

test("parameters and sub-modules are registered by assignment, named and ordered as PyTorch's state_dict", () => {
  class Net extends nn.Module {
    constructor() {
      super();
      this.blocks = new nn.ModuleList([new BasicBlock(2, 2, 1), new BasicBlock(2, 3, 2)]);
      this.heads = new nn.ModuleDict({ digits: new Head() });
    }
    forward(x) {
      let h = x;
      for (const b of this.blocks) h = b.forward(h);
      return h;
    }
  }
  const net = new Net();
  const keys = Object.keys(net.stateDict());
  assert.deepEqual(keys.slice(0, 10), [
    "blocks.0.conv1.weight", "blocks.0.bn1.weight", "blocks.0.bn1.bias", "blocks.0.bn1.running_mean", "blocks.0.bn1.running_var",
    "blocks.0.bn1.num_batches_tracked", "blocks.0.conv2.weight", "blocks.0.bn2.weight", "blocks.0.bn2.bias", "blocks.0.bn2.running_mean",
  ]);
  assert.ok(keys.includes("blocks.1.downsample.0.weight") && keys.includes("blocks.1.downsample.1.running_var"));
  assert.ok(!keys.some((k) => k.startsWith("blocks.0.downsample")), "a field set to null registers nothing");
  assert.deepEqual(keys.slice(-3), ["heads.digits.scale", "heads.digits.fc.weight", "heads.digits.fc.bias"]);
  assert.deepEqual(net.namedChildren().map(([n]) => n), ["blocks", "heads"]);
  assert.equal(net.parameters().length, net.namedParameters().length);
  assert.equal(net.blocks.length, 2);
  assert.equal(net.heads.get("digits").fc.outFeatures, 3);
  // train()/eval() reach every registered module.
  net.eval();
  assert.equal(net.blocks.at(1).downsample.at(1).training, false);
  net.dispose();
});

test("reassigning a field replaces its entry in place; setting it to null removes it", () => {
  class Net extends nn.Module {
    constructor() {
      super();
      this.a = new nn.Linear(2, 2);
      this.b = new nn.Linear(2, 2);
    }
    forward(x) {
      return this.b.forward(this.a.forward(x));
    }
  }
  const net = new Net();
  net.a = new nn.Linear(2, 5);
  assert.deepEqual(Object.keys(net.stateDict()), ["a.weight", "a.bias", "b.weight", "b.bias"]);
  assert.deepEqual(net.stateDict()["a.weight"].shape, [5, 2]);
  net.a = null;
  assert.deepEqual(Object.keys(net.stateDict()), ["b.weight", "b.bias"]);
  // Loading and strictness work on the assigned names.
  assert.throws(() => net.loadStateDict({ "b.weight": { shape: [2, 2], data: [1, 2, 3, 4] } }), /Missing key\(s\) in state_dict: "b.bias"/);
});

test("a user module needs no backward; calling it explicitly says to use loss.backward()", () => {
  const head = new Head();
  assert.throws(() => head.backward(Tensor.zeros([2, 3])), /Head is a user module.*loss\.backward\(\)/);
  assert.throws(() => head.backwardParams(Tensor.zeros([2, 3])), /loss\.backward\(\)/);
  assert.throws(() => new nn.ModuleList([new nn.ReLU()]).forward(Tensor.zeros([1])), /Module \[ModuleList\] is missing the required "forward" function/);
  assert.throws(() => new nn.ModuleList([{}]), /expected a Module/);
  assert.throws(() => new nn.ModuleDict({ "a.b": new nn.ReLU() }), /can't contain "."/);
});

test("built-in layers record one node each inside a user forward, and nothing when used explicitly", () => {
  manualSeed(1);
  const head = new Head();
  const x = Tensor.from([[1, 2, 3, 4], [0, -1, 2, 5]]);
  tidy(() => {
    const y = head.forward(x);
    assert.equal(y.gradFn.name, "MulBackward0");
    assert.equal(y.gradFn.inputs[0].gradFn.name, "AddmmBackward0");
    assert.equal(x.requiresGrad, false);
  });
  // The explicit API: the module's own workspace, no graph, the same tensor every call.
  const seq = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU());
  const out1 = seq.forward(x);
  assert.equal(out1.gradFn, null);
  assert.equal(seq.forward(x), out1);
  seq.backwardParams(Tensor.full([2, 3], 1));
  // Under noGrad a user forward records nothing, and two calls of one layer keep their own results.
  class Two extends nn.Module {
    constructor() {
      super();
      this.fc = new nn.Linear(4, 4);
    }
    forward(a, b) {
      return [this.fc.forward(a), this.fc.forward(b)];
    }
  }
  const two = new Two();
  const a = Tensor.from([[1, 0, 0, 0]]);
  const b = Tensor.from([[0, 1, 0, 0]]);
  noGrad(() => tidy(() => {
    const [ya, yb] = two.forward(a, b);
    assert.equal(ya.gradFn, null);
    assert.notDeepEqual(Array.from(ya.data), Array.from(yb.data));
    assert.deepEqual(Array.from(ya.data), Array.from(two.fc.forward(a).data));
  }));
});

test("Loss.call returns the loss as a recorded tensor; forward still returns a number", () => {
  const input = Tensor.from([[0.5, -1], [2, 0]]).requiresGrad_();
  const target = Tensor.from([[1, 0], [0, 0]]);
  const mse = new nn.MSELoss();
  const value = mse.forward(input, target);
  tidy(() => {
    const l = mse.call(input, target);
    assert.deepEqual(l.shape, []);
    assert.equal(l.item(), value);
    assert.equal(l.gradFn.name, "MseLossBackward0");
    l.backward();
  });
  assert.deepEqual(Array.from(input.grad.data), [-0.25, -0.5, 1, 0]);
  // Two calls of one loss in one graph: each backward sees its own call.
  input.grad = null;
  const t2 = Tensor.from([[0, 0], [0, 1]]);
  tidy(() => mse.call(input, target).add(mse.call(input, t2)).backward());
  assert.deepEqual(Array.from(input.grad.data), [-0.25 + 0.25, -0.5 - 0.5, 1 + 1, 0 - 0.5]);
  // 'none' returns the unreduced losses.
  const none = new nn.MSELoss({ reduction: "none" });
  tidy(() => assert.deepEqual(Array.from(none.call(input, target).data), [0.25, 1, 4, 0]));
  // A target that requires grad gets its gradient too (tests/nn/loss_target.test.mjs).
  const learned = Tensor.from([[1, 0], [0, 0]]).requiresGrad_();
  tidy(() => mse.call(input, learned).backward());
  assert.deepEqual(Array.from(learned.grad.data), [0.25, 0.5, -1, 0]);
});
