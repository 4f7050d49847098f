// A small CNN (Conv2d → ReLU → MaxPool2d → Flatten → Linear) trained from
// PyTorch's initial weights on PyTorch's data (tests/fixtures/gen_conv.py):
// the loss at every step and the final weights must be torch's, within the
// tolerance of the MLP parity case (tests/nn/parity.test.mjs).
import { test } from "node:test";
import { assertClose, fixture, wt } from "../helpers.mjs";
const { Tensor, nn, optim } = wt;

const { cases } = fixture("nn/cnn_training.json");
const TOLERANCE = { rtol: 1e-4, atol: 3e-5 };
// In the SGD run a ReLU or max-pool decision at step 7 comes out differently
// in PyTorch's float32 run than in exact arithmetic: replayed in float64 by
// torch itself from the same weights, the losses from step 7 on move by up
// to 1.8e-5 relative and the final conv weights by 1.6e-4, exactly as far as
// ours do. The losses stay within the tolerance; the final weights get this one.
const WEIGHTS = { "SGD momentum": { rtol: 1e-4, atol: 3e-4 } };

for (const c of cases) {
  test(`CNN training trace equals PyTorch's: ${c.name}`, () => {
    const model = new nn.Sequential(new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(4 * 4 * 4, 3));
    model.loadStateDict(c.state);
    const x = Tensor.from(c.input.data, c.input.shape);
    const y = Tensor.from(c.target, [c.target.length], "int32");
    const opt = new optim[c.optimizer](model.parameters(), c.options);
    const loss = new nn.CrossEntropyLoss();
    const losses = [];
    for (let i = 0; i < c.losses.length; i++) {
      opt.zeroGrad();
      losses.push(loss.forward(model.forward(x), y));
      model.backwardParams(loss.backward());
      opt.step();
    }
    assertClose(losses, c.losses, { ...TOLERANCE, msg: `${c.name}: loss trace` });
    const sd = model.stateDict();
    for (const [k, e] of Object.entries(c.stateAfter)) assertClose(sd[k].data, e.data, { ...(WEIGHTS[c.name] ?? TOLERANCE), msg: `${c.name}: ${k} after training` });
    for (const t of [model, x, y, loss, opt]) t.dispose();
  });
}
