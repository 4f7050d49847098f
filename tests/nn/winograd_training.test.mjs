// A small CNN whose second convolution runs Winograd's F(2×2, 3×3)
// (tests/fixtures/gen_winograd.py), trained from PyTorch's initial weights on
// PyTorch's data: the loss at every step and the final weights must be
// torch's within the tolerance of the MLP and CNN traces
// (tests/nn/parity.test.mjs, cnn_training.test.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, wt } from "../helpers.mjs";
import { checkTrainingTrace } from "./training_trace.mjs";
const { nn } = wt;

const { cases } = fixture("nn/winograd_training.json");
const TOLERANCE = { rtol: 1e-4, atol: 3e-5 };

for (const c of cases) {
  test(`CNN with a Winograd layer trains as PyTorch: ${c.name}`, () => {
    const conv2 = new nn.Conv2d(8, 8, 3, { padding: 1 });
    assert.equal(conv2.engineName, "winograd");
    const model = new nn.Sequential(new nn.Conv2d(1, 8, 3, { padding: 1 }), new nn.ReLU(), conv2, new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(8 * 4 * 4, 3));
    checkTrainingTrace(c, model, (m, x, y, loss, opt) => {
      opt.zeroGrad();
      const l = loss.forward(m.forward(x), y);
      m.backwardParams(loss.backward());
      opt.step();
      return l;
    }, TOLERANCE);
  });
}
