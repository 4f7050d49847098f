// The residual network of tests/modules/resnet.mjs trained from PyTorch's
// initial weights on PyTorch's data (tests/fixtures/gen_modules.py): the
// loss at every step and the final state must be torch's, within the CNN
// trace tolerances (tests/nn/cnn_training.test.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose, fixture, wt } from "../helpers.mjs";
import { ResNet } from "./resnet.mjs";
const { Tensor, nn, optim, tidy } = wt;

const { cases } = fixture("modules/resnet_training.json");
const TOLERANCE = { rtol: 1e-4, atol: 3e-5 };

for (const c of cases) {
  test(`a residual network of user modules trains as PyTorch's: ${c.name}`, () => {
    const model = new ResNet();
    assert.deepEqual(Object.keys(model.stateDict()), Object.keys(c.state), "PyTorch's state-dict names, in its order");
    model.loadStateDict(c.state);
    const x = Tensor.from(c.input.data, c.input.shape);
    const y = Tensor.from(c.target, [c.target.length], "int32");
    const opt = new optim[c.optimizer](model.parameters(), c.options);
    const loss = new nn.CrossEntropyLoss();
    const losses = [];
    for (let i = 0; i < c.losses.length; i++) {
      losses.push(tidy(() => {
        opt.zeroGrad();
        const l = loss.call(model.forward(x), y);
        l.backward();
        opt.step();
        return l.item();
      }));
    }
    assertClose(losses, c.losses, { ...TOLERANCE, msg: `${c.name}: loss trace` });
    const sd = model.stateDict();
    for (const [k, e] of Object.entries(c.stateAfter)) assertClose(sd[k].data, e.data, { ...TOLERANCE, msg: `${c.name}: ${k} after training` });
    for (const t of [model, x, y, loss]) t.dispose();
  });
}
