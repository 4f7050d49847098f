// The node a recorded call of each built-in layer makes is named as PyTorch 1.13 names the
// grad_fn of the layer's forward (tests/fixtures/gen_tape_names.py); the losses' names are
// checked with their parity cases (tests/nn/loss_parity.test.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt, fixture } from "../helpers.mjs";
import { build } from "../nn/build.mjs";
const { Tensor, tidy } = wt;

const { cases } = fixture("tape_names/layers.json");

test("every built-in layer's recorded node has PyTorch's grad_fn name", () => {
  const types = new Set();
  for (const c of cases) {
    const where = `${JSON.stringify(c.module)} on ${JSON.stringify(c.shape)} (${c.train ? "train" : "eval"})`;
    const m = build(c.module);
    m.train(c.train);
    tidy(() => {
      const size = c.shape.reduce((a, d) => a * d, 1);
      const x = Tensor.from(Array.from({ length: size }, (_, i) => Math.sin(i * 1.3) * 2), c.shape).requiresGrad_();
      const y = m.forward(x);
      if (c.identity) {
        assert.equal(y, x, `${where}: PyTorch returns the input itself`);
      } else {
        assert.equal(y.gradFn?.name, c.gradFn, where);
        // The node runs: its input gradient arrives, shaped like the input.
        y.backward(Tensor.full(y.shape, 1));
        assert.deepEqual(x.grad.shape, c.shape, `${where}: gradient shape`);
      }
    });
    m.dispose();
    types.add(c.module.type);
  }
  // Every built-in layer type is covered.
  const layers = ["Linear", "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "GELU", "ELU", "Softplus", "Softmax", "LogSoftmax", "Dropout", "Dropout2d",
    "BatchNorm1d", "BatchNorm2d", "LayerNorm", "Flatten", "Conv1d", "Conv2d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d"];
  assert.deepEqual(layers.filter((t) => !types.has(t)), []);
});

test("a layer of one's own with explicit passes keeps the ClassNameBackward name", () => {
  class Double extends wt.nn.Module {
    forward(x) {
      this.out = x.detach().mul(2);
      return this.out;
    }
    backward(g) {
      return g.mul(2);
    }
  }
  tidy(() => {
    const x = Tensor.from([1, 2, 3]).requiresGrad_();
    const y = new Double().forward(x);
    assert.equal(y.gradFn.name, "DoubleBackward");
    y.sum().backward();
    assert.deepEqual(Array.from(x.grad.data), [2, 2, 2]);
  });
});
