// fit with clipGradNorm / clipGradValue against PyTorch 1.13 running
// clip_grad_norm_ / clip_grad_value_ in its own loop (tests/fixtures/gen_train.py):
// a small MLP from torch's initial weights on torch's data, full batch; the
// loss of every step and the final weights within the tolerance of the MLP
// parity case (tests/nn/parity.test.mjs).
import { test } from "node:test";
import { assertClose, fixture, wt } from "../helpers.mjs";
const { nn, optim, train } = wt;

const { cases } = fixture("train/clip_training.json");
const TOLERANCE = { rtol: 1e-4, atol: 3e-5 };

for (const c of cases) {
  test(`fit's clipping trains as PyTorch does: ${c.name}`, async () => {
    const model = new nn.Sequential(new nn.Linear(6, 12), new nn.ReLU(), new nn.Linear(12, 3));
    model.loadStateDict(c.state);
    const optimizer = new optim[c.optimizer](model.parameters(), c.options);
    const clip = c.clip.maxNorm !== undefined ? { clipGradNorm: c.clip.maxNorm } : { clipGradValue: c.clip.clipValue };
    const losses = [];
    await train.fit(model, {
      loss: new nn.CrossEntropyLoss(),
      optimizer,
      train: { x: { data: Float32Array.from(c.input.data), shape: c.input.shape }, y: c.target },
      batchSize: c.target.length,
      shuffle: false,
      epochs: c.losses.length,
      callbacks: [{ onBatchEnd: (_b, logs) => void losses.push(logs.loss) }],
      ...clip,
    });
    assertClose(losses, c.losses, { ...TOLERANCE, msg: `${c.name}: loss trace` });
    const sd = model.stateDict();
    for (const [k, e] of Object.entries(c.stateAfter)) assertClose(sd[k].data, e.data, { ...TOLERANCE, msg: `${c.name}: ${k} after training` });
    model.dispose();
  });
}
