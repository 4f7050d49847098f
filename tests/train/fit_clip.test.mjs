// fit's clipGradNorm / clipGradValue: the same bits as a hand-written loop
// calling optim.clipGradNorm / clipGradValue after backward (explicit
// Sequential and user module), checkpoints resume bit-identically with
// clipping on, and bad values are refused before training.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
import { problem } from "./problem.mjs";
const { manualSeed, nn, optim, train, data, tidy, Tensor } = wt;

const ROWS = 90;
const { x, y } = problem(ROWS);

const layers = () => [new nn.Linear(5, 16), new nn.ReLU(), new nn.Dropout(0.25), new nn.Linear(16, 1)];

/** The same layers run by a user forward (trained through the tape). */
class Net extends nn.Module {
  constructor() {
    super();
    [this.fc1, this.act, this.drop, this.fc2] = layers();
  }
  forward(input) {
    return this.fc2.forward(this.drop.forward(this.act.forward(this.fc1.forward(input))));
  }
}

/** Model, optimizer and loader, all from seed 0; the target is [N, 1] so neither loop reshapes it. */
function setup(kind) {
  manualSeed(0);
  const model = kind === "user" ? new Net() : new nn.Sequential(...layers());
  // A large learning rate, so the gradients are well above the clipping thresholds below.
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.05 });
  const ds = new data.TensorDataset(Tensor.from(x.data, x.shape), Tensor.from(y, [ROWS, 1]));
  const loader = new data.DataLoader(ds, { batchSize: 16, shuffle: true, seed: 7 });
  return { model, optimizer, loader, loss: new nn.BCEWithLogitsLoss() };
}

const bits = (model) => Buffer.concat(model.parameters().map((p) => Buffer.from(p.data.toFloat32Array().buffer))).toString("hex");

/** PyTorch's loop written out: zero_grad, forward, loss, backward, clip, step. Returns the losses and the pre-clip norms. */
function handLoop(s, epochs, clip) {
  const { model, optimizer, loader, loss } = s;
  const losses = [];
  const norms = [];
  model.train();
  for (let e = 0; e < epochs; e++) {
    for (const b of loader) {
      optimizer.zeroGrad();
      if (model.usesTape) {
        losses.push(tidy(() => {
          const l = loss.call(model.forward(b.x), b.y);
          const v = l.item();
          l.backward();
          return v;
        }));
      } else {
        losses.push(loss.forward(model.forward(b.x), b.y));
        model.backwardParams(loss.backward());
      }
      norms.push(clip(model.parameters()));
      optimizer.step();
    }
  }
  return { losses, norms };
}

async function fitLosses(s, epochs, options) {
  const losses = [];
  const callbacks = [{ onBatchEnd: (_b, logs) => void losses.push(logs.loss) }];
  await train.fit(s.model, { loss: s.loss, optimizer: s.optimizer, train: s.loader, epochs, callbacks, ...options });
  return losses;
}

const CASES = [
  { name: "clipGradNorm: 0.25", option: { clipGradNorm: 0.25 }, clip: (p) => optim.clipGradNorm(p, 0.25), limit: 0.25 },
  {
    name: "clipGradNorm: { maxNorm: 0.1, normType: Infinity, errorIfNonfinite: true }",
    option: { clipGradNorm: { maxNorm: 0.1, normType: Infinity, errorIfNonfinite: true } },
    clip: (p) => optim.clipGradNorm(p, 0.1, Infinity, { errorIfNonfinite: true }),
    limit: 0.1,
  },
  { name: "clipGradNorm: { maxNorm: 0.3, normType: 1 }", option: { clipGradNorm: { maxNorm: 0.3, normType: 1 } }, clip: (p) => optim.clipGradNorm(p, 0.3, 1), limit: 0.3 },
  {
    name: "clipGradValue: 0.02",
    option: { clipGradValue: 0.02 },
    // The largest element before clamping, so the test can see that the clamp bit.
    clip: (p) => {
      const m = Math.max(...p.map((q) => Math.max(...Array.from(q.grad.data, Math.abs))));
      optim.clipGradValue(p, 0.02);
      return m;
    },
    limit: 0.02,
  },
];

for (const kind of ["sequential", "user"]) {
  for (const c of CASES) {
    test(`fit({ ${c.name} }) gives the bits of a hand loop calling optim (${kind})`, async () => {
      const hand = setup(kind);
      const { losses, norms } = handLoop(hand, 3, c.clip);
      assert.ok(norms.filter((n) => n > c.limit).length >= norms.length / 2, `clipping bites in most steps: ${norms}`);
      const fitted = setup(kind);
      assert.equal(fitted.model.usesTape, kind === "user");
      const fitLoss = await fitLosses(fitted, 3, c.option);
      assert.deepEqual(fitLoss, losses);
      assert.equal(bits(fitted.model), bits(hand.model));
      const unclipped = setup(kind);
      await fitLosses(unclipped, 3, {});
      assert.notEqual(bits(unclipped.model), bits(hand.model), "clipping changed the training");
    });
  }
}

test("a run with clipGradNorm resumed from a checkpoint ends on the bits of the straight run", async () => {
  const options = { clipGradNorm: { maxNorm: 0.5, normType: 2 } };
  const straight = setup("user");
  await fitLosses(straight, 4, options);
  const first = setup("user");
  const saved = [];
  await fitLosses(first, 2, { ...options, callbacks: [new train.ModelCheckpoint({ save: (bytes) => void saved.push(bytes) })] });
  manualSeed(99); // another draw of weights and dropout, so only the checkpoint can make it equal
  const second = setup("user");
  for (const p of second.model.parameters()) p.data.set(new Float32Array(p.size).fill(0.5));
  await fitLosses(second, 4, { ...options, resume: saved[1] });
  assert.equal(bits(second.model), bits(straight.model));
});

test("fit refuses both clipping options, values that cannot clip and unknown keys, before training", async () => {
  const s = setup("sequential");
  const before = bits(s.model);
  const refused = async (options, message) => assert.rejects(fitLosses(s, 1, options), message);
  await refused({ clipGradNorm: 1, clipGradValue: 0.1 }, { message: /fit takes clipGradNorm or clipGradValue, not both/ });
  for (const v of [0, -1, NaN, Infinity]) {
    await refused({ clipGradNorm: v }, { name: "RangeError", message: `wasmtune: clipGradNorm's maxNorm must be a positive finite number, got ${v}` });
    await refused({ clipGradNorm: { maxNorm: v } }, { name: "RangeError", message: `wasmtune: clipGradNorm's maxNorm must be a positive finite number, got ${v}` });
  }
  for (const v of [0, -1, NaN, Infinity, "1"]) {
    await refused({ clipGradValue: v }, { name: "RangeError", message: `wasmtune: clipGradValue must be a positive finite number, got ${String(v)}` });
  }
  await refused({ clipGradNorm: "1" }, { name: "TypeError", message: 'wasmtune: clipGradNorm must be a number (maxNorm) or { maxNorm, normType, errorIfNonfinite }, got "1"' });
  await refused({ clipGradNorm: { maxNorm: 1, normType: 0 } }, { message: "wasmtune: clipGradNorm's normType must be a positive number or Infinity, got 0" });
  await refused({ clipGradNorm: { maxNorm: 1, errorIfNonfinite: "yes" } }, { message: "wasmtune: clipGradNorm's errorIfNonfinite must be true or false, got yes" });
  await refused({ clipGradNorm: { max_norm: 1 } }, { name: "TypeError", message: "fit clipGradNorm: unknown option 'max_norm' — did you mean 'maxNorm'?" });
  await refused({ clipGradNorm: { normType: 2 } }, { name: "TypeError", message: "fit clipGradNorm: missing required option 'maxNorm'" });
  await refused({ clipGradNorms: 1 }, { name: "TypeError", message: "fit: unknown option 'clipGradNorms' — did you mean 'clipGradNorm'?" });
  await refused({ gradient_clip_val: 1 }, { name: "TypeError", message: /fit: unknown option 'gradient_clip_val'/ });
  assert.equal(bits(s.model), before, "nothing trained");
});

test("clipGradNorm's errorIfNonfinite stops fit with PyTorch's error on an infinite gradient norm", async () => {
  // loss (0.1·1e20)² = 1e38 is finite in float32, its gradient 2·1e19·1e20 is not.
  const model = new nn.Linear(1, 1, { bias: false });
  const [weight] = model.parameters();
  weight.data.set([0.1]);
  const options = { loss: new nn.MSELoss(), optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), train: { x: [[1e20]], y: [[0]] }, epochs: 1, batchSize: 1 };
  await assert.rejects(train.fit(model, { ...options, clipGradNorm: { maxNorm: 1, errorIfNonfinite: true } }), {
    message: /^The total norm of order 2\.0 for gradients from `parameters` is non-finite, so it cannot be clipped/,
  });
  assert.deepEqual(Array.from(weight.data.data), [0.1].map(Math.fround), "the step was not taken");
});
