// The residual network of tests/modules/resnet.mjs trained from PyTorch's
// initial weights on PyTorch's data (tests/fixtures/gen_modules.py): the
// loss at every step and the final state must be torch's, within the CNN
// trace tolerances (tests/nn/cnn_training.test.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, wt } from "../helpers.mjs";
import { checkTrainingTrace } from "../nn/training_trace.mjs";
import { ResNet } from "./resnet.mjs";
const { tidy } = wt;

const { cases } = fixture("modules/resnet_training.json");
const TOLERANCE = { rtol: 1e-4, atol: 3e-5 };

for (const c of cases) {
  test(`a residual network of user modules trains as PyTorch's: ${c.name}`, () => {
    const model = new ResNet();
    assert.deepEqual(Object.keys(model.stateDict()), Object.keys(c.state), "PyTorch's state-dict names, in its order");
    checkTrainingTrace(c, model, (m, x, y, loss, opt) => tidy(() => {
      opt.zeroGrad();
      const l = loss.call(m.forward(x), y);
      l.backward();
      opt.step();
      return l.item();
    }), TOLERANCE);
  });
}
