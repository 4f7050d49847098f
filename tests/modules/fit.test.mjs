// User modules in fit/evaluate/predict/lrFind: the same layers as an explicit
// Sequential and inside a user module (trained through the tape) give the
// same bits; checkpoints, the doctor and l1 keep working; memory stays flat.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
import { problem } from "../train/problem.mjs";
const { manualSeed, nn, optim, train, doctor, memoryStats, tidy, Tensor } = wt;

const trainData = problem(90);
const valData = problem(30, 5, 9);

const layers = () => [new nn.Linear(5, 8), new nn.BatchNorm1d(8), new nn.ReLU(), new nn.Dropout(0.25), new nn.Linear(8, 1)];

/** The same layers, registered by assignment, run by a user forward. */
class Net extends nn.Module {
  constructor() {
    super();
    [this.fc1, this.bn, this.act, this.drop, this.fc2] = layers();
  }
  forward(x) {
    return this.fc2.forward(this.drop.forward(this.act.forward(this.bn.forward(this.fc1.forward(x)))));
  }
}

function setup(kind, seed = 0) {
  manualSeed(seed);
  const model = kind === "user" ? new Net() : new nn.Sequential(...layers());
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
  return { model, optimizer };
}

const bits = (model) => Buffer.concat(model.parameters().map((p) => Buffer.from(p.data.toFloat32Array().buffer))).toString("hex");
const buffers = (model) => model.namedBuffers().map(([, b]) => Array.from(b.data));

async function run(s, epochs, extra = {}) {
  return train.fit(s.model, {
    loss: new nn.BCEWithLogitsLoss(), optimizer: s.optimizer, train: trainData, val: valData, epochs, batchSize: 16, seed: 5,
    metrics: ["auc", "accuracy"], ...extra,
  });
}

test("a user module trains through the tape to the same bits as the explicit Sequential of its layers (Adam, Dropout, BatchNorm, validation)", async () => {
  // Each model made right before its run: the default generator draws both the weights and the dropout masks.
  const explicit = setup("sequential");
  const initial = bits(explicit.model);
  const h1 = await run(explicit, 4);
  const user = setup("user");
  assert.equal(explicit.model.usesTape, false);
  assert.equal(user.model.usesTape, true);
  assert.equal(bits(user.model), initial);
  const h2 = await run(user, 4);
  assert.deepEqual(h2.toJSON(), h1.toJSON());
  assert.equal(bits(user.model), bits(explicit.model));
  assert.deepEqual(buffers(user.model), buffers(explicit.model));
  const e1 = train.evaluate(explicit.model, valData, { loss: new nn.BCEWithLogitsLoss(), metrics: ["auc"] });
  const e2 = train.evaluate(user.model, valData, { loss: new nn.BCEWithLogitsLoss(), metrics: ["auc"] });
  assert.deepEqual(e2, e1);
  const p1 = train.predict(explicit.model, valData.x);
  const p2 = train.predict(user.model, valData.x);
  assert.deepEqual(Array.from(p2.data), Array.from(p1.data));
  assert.equal(user.model.training, true, "predict and evaluate restore train mode");
});

test("l1 and a Sequential holding a user module train through the tape to the same bits", async () => {
  const explicit = setup("sequential");
  await run(explicit, 2, { l1: 1e-3 });
  manualSeed(0);
  const wrapped = { model: new nn.Sequential(new Net()), optimizer: undefined };
  wrapped.optimizer = new optim.Adam(wrapped.model.parameters(), { lr: 0.01 });
  assert.equal(wrapped.model.usesTape, true);
  await run(wrapped, 2, { l1: 1e-3 });
  assert.equal(bits(wrapped.model), bits(explicit.model));
  assert.deepEqual(wrapped.model.stateDict()["0.fc1.weight"].shape, [8, 5]);
});

test("checkpoints of a user module carry its PyTorch state-dict names and resume bit-identically", async () => {
  const straight = setup("user");
  const full = await run(straight, 4);
  const first = setup("user");
  const saved = [];
  await run(first, 2, { callbacks: [new train.ModelCheckpoint({ save: (bytes) => void saved.push(bytes) })] });
  assert.deepEqual(Object.keys(first.model.stateDict()), [
    "fc1.weight", "fc1.bias", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var", "bn.num_batches_tracked", "fc2.weight", "fc2.bias",
  ]);
  const second = setup("user", 77);
  assert.notEqual(bits(second.model), bits(first.model));
  const resumed = await run(second, 4, { resume: saved[1] });
  assert.equal(bits(second.model), bits(straight.model));
  assert.deepEqual(resumed.toJSON(), full.toJSON());
});

test("the doctor observes a user module: the same bits with and without it, activations and gradients measured", async () => {
  const plain = setup("user");
  await run(plain, 2);
  const watched = setup("user");
  const doc = new doctor.DoctorCallback({ sampleEvery: 2 });
  await run(watched, 2, { callbacks: [doc] });
  assert.equal(bits(watched.model), bits(plain.model));
  // The explicit Sequential of the same layers, watched the same way, measures the same.
  const explicit = setup("sequential");
  const reference = new doctor.DoctorCallback({ sampleEvery: 2 });
  await run(explicit, 2, { callbacks: [reference] });
  for (const [i, e] of doc.record.epochs.entries()) {
    const r = reference.record.epochs[i];
    assert.deepEqual(e.activations.map((a) => [a.layer, a.kind, a.saturated, a.dead]), r.activations.map((a) => ["act", a.kind, a.saturated, a.dead]));
    assert.ok(e.activations[0].saturated > 0);
    assert.deepEqual(Object.values(e.gradNorm), Object.values(r.gradNorm));
    assert.deepEqual(Object.keys(e.gradNorm), ["fc1.weight", "fc1.bias", "bn.weight", "bn.bias", "fc2.weight", "fc2.bias"]);
  }
});

test("lrFind runs a user module through the tape with the explicit model's losses, and puts everything back", async () => {
  const opts = (s) => ({ model: s.model, train: trainData, loss: new nn.BCEWithLogitsLoss(), optimizer: s.optimizer, numIter: 12, batchSize: 16, seed: 1 });
  const explicit = setup("sequential");
  const r1 = await doctor.lrFind(opts(explicit));
  const user = setup("user");
  const before = bits(user.model);
  const r2 = await doctor.lrFind(opts(user));
  assert.deepEqual(r2.losses, r1.losses);
  assert.equal(bits(user.model), before);
});

test("tape training steps in tidy do not grow memory after the first step", () => {
  const s = setup("user");
  const x = Tensor.from(trainData.x.data.subarray(0, 80), [16, 5]);
  const y = Tensor.from(trainData.y.subarray(0, 16), [16, 1]);
  const loss = new nn.BCEWithLogitsLoss();
  const sizes = [];
  for (let i = 0; i < 6; i++) {
    tidy(() => {
      s.optimizer.zeroGrad();
      loss.call(s.model.forward(x), y).backward();
      s.optimizer.step();
    });
    sizes.push(memoryStats().allocatedBytes);
  }
  assert.ok(sizes.slice(1).every((b) => b === sizes[0]), `allocated bytes per step: ${sizes.join(", ")}`);
  // A forward that is never walked by backward gives its layers' state back at the end of its scope too.
  for (let i = 0; i < 3; i++) tidy(() => void loss.call(s.model.forward(x), y));
  assert.equal(memoryStats().allocatedBytes, sizes[0]);
});

test("gradient clipping works on a user module's parameters as on the explicit model's", () => {
  const x = Tensor.from(trainData.x.data.subarray(0, 80), [16, 5]);
  const y = Tensor.from(trainData.y.subarray(0, 16), [16, 1]);
  const loss = new nn.BCEWithLogitsLoss();
  const norms = {};
  const after = {};
  for (const kind of ["sequential", "user"]) {
    const s = setup(kind);
    s.optimizer.zeroGrad();
    if (kind === "user") tidy(() => loss.call(s.model.forward(x), y).backward());
    else {
      loss.forward(s.model.forward(x), y);
      s.model.backwardParams(loss.backward());
    }
    norms[kind] = optim.clipGradNorm(s.model.parameters(), 0.1);
    s.optimizer.step();
    after[kind] = bits(s.model);
  }
  assert.ok(norms.user > 0.1, `the gradient norm ${norms.user} was clipped`);
  assert.equal(norms.user, norms.sequential);
  assert.equal(after.user, after.sequential);
});
