// fit({ transform }): augmented training that resumes from a checkpoint with the same augmentation
// stream, and validation data that is never transformed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { Generator, manualSeed, nn, optim, train, data } = wt;
const T = data.transforms;

// 6x6 one-channel images as flat rows of 36 features: a bright square left or right of centre.
function images(rows, seed) {
  const g = new Generator(seed);
  const x = new Float32Array(rows * 36), y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    y[i] = i % 2;
    for (let p = 0; p < 36; p++) {
      const col = p % 6;
      x[i * 36 + p] = 0.2 * g.normal() + ((y[i] ? col >= 3 : col < 3) ? 1 : 0);
    }
  }
  return { x: { data: x, shape: [rows, 36] }, y };
}

const trainData = images(70, 1), valData = images(30, 2);
const augment = () =>
  new T.Compose([new T.RandomCrop(6, { padding: 1, paddingMode: "edge" }), new T.RandomVerticalFlip(), new T.RandomAffine({ degrees: 0, translate: [0.1, 0.1] }), new T.Normalize(0.5, 0.5)]);

function setup(initSeed) {
  manualSeed(initSeed);
  const model = new nn.Sequential(new nn.Linear(36, 12), new nn.ReLU(), new nn.Dropout(0.2), new nn.Linear(12, 1));
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
  const saved = [];
  return { model, optimizer, saved, callbacks: [new train.ModelCheckpoint({ save: (bytes) => void saved.push(bytes) })] };
}

function weightBytes(model) {
  return Buffer.concat(Object.values(model.stateDict()).map((t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength))).toString("hex");
}

function run(s, epochs, options = {}) {
  return train.fit(s.model, {
    loss: new nn.BCEWithLogitsLoss(),
    optimizer: s.optimizer,
    train: trainData,
    val: valData,
    epochs,
    batchSize: 16,
    transform: augment(),
    imageShape: [1, 6, 6],
    callbacks: s.callbacks,
    ...options,
  });
}

test("augmented training resumed from a checkpoint gives the bits of an uninterrupted run", async () => {
  const straight = setup(0);
  const full = await run(straight, 5);
  const plain = setup(0);
  await run(plain, 5, { transform: undefined, imageShape: undefined });
  assert.notEqual(weightBytes(plain.model), weightBytes(straight.model), "the augmentation changes the training");

  for (const k of [1, 3]) {
    const first = setup(0);
    await run(first, k);
    const second = setup(42);
    const resumed = await run(second, 5, { resume: first.saved[k - 1] });
    assert.equal(weightBytes(second.model), weightBytes(straight.model), `resumed after ${k} epochs`);
    assert.deepEqual(resumed.toJSON(), full.toJSON());
  }
});

test("the validation data is not transformed", async () => {
  const s = setup(3);
  const h = await run(s, 2, { transform: new T.Normalize(100, 0.01) });
  const plain = train.evaluate(s.model, valData, { loss: new nn.BCEWithLogitsLoss(), batchSize: 16 });
  assert.equal(h.last("val_loss"), plain.loss);
  assert.ok(h.get("loss")[0] > 100 * h.get("val_loss")[0], "the training batches were transformed");
});

test("fit refuses a transform for a DataLoader it did not build", async () => {
  const s = setup(0);
  const ds = new data.TensorDataset(trainData.x, trainData.y);
  const loader = new data.DataLoader(ds, { batchSize: 16 });
  await assert.rejects(run(s, 1, { train: loader }), /the training data is a DataLoader, which brings its own batches: pass transform \(and imageShape\) to the DataLoader instead/);
  loader.dispose();
  ds.dispose();
});
