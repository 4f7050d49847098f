import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { wt } from "../helpers.mjs";
const { manualSeed, nn, optim, train, data, io } = wt;

function setup() {
  manualSeed(4);
  const x = { data: Float32Array.from({ length: 40 * 3 }, (_, i) => Math.sin(i)), shape: [40, 3] };
  const y = Float32Array.from({ length: 40 }, (_, i) => (Math.sin(3 * i) + Math.sin(3 * i + 1) > 0 ? 1 : 0));
  const model = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 1));
  return { model, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), loss: new nn.BCEWithLogitsLoss(), x, y };
}

test("ModelCheckpoint writes {epoch} files; saveBestOnly skips epochs that do not improve", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wasmtune-ckpt-"));
  const s = setup();
  const logs = [];
  const best = { onEpochEnd: (e, l) => void logs.push(l.loss) };
  const values = [3, 2, 2.5, 1, 1.5];
  // A metric we control decides what is best.
  const metric = { name: "score", compute: () => values[logs.length] };
  await train.fit(s.model, {
    loss: s.loss, optimizer: s.optimizer, train: { x: s.x, y: s.y }, epochs: 5, metrics: [metric],
    callbacks: [best, new train.ModelCheckpoint({ path: join(dir, "ckpt-{epoch}.safetensors"), monitor: "score", mode: "min", saveBestOnly: true })],
  });
  assert.deepEqual(readdirSync(dir).sort(), ["ckpt-1.safetensors", "ckpt-2.safetensors", "ckpt-4.safetensors"]);
  const bytes = new Uint8Array(readFileSync(join(dir, "ckpt-4.safetensors")));
  const fresh = setup();
  const info = train.loadCheckpoint(bytes, { model: fresh.model, optimizer: fresh.optimizer });
  assert.equal(info.epoch, 4);
  assert.deepEqual(info.history.metrics.score, [3, 2, 2.5, 1]);
});

test("ModelCheckpoint with weightsOnly writes a plain model file; a user DataLoader is left usable", async () => {
  const s = setup();
  const loader = new data.DataLoader(new data.TensorDataset(s.x, s.y), { batchSize: 8, shuffle: true, seed: 1 });
  let file;
  await train.fit(s.model, {
    loss: s.loss, optimizer: s.optimizer, train: loader, epochs: 2,
    callbacks: [new train.ModelCheckpoint({ save: (b) => void (file = b), weightsOnly: true })],
  });
  assert.deepEqual(Object.keys(io.decodeSafetensors(file).tensors), ["0.weight", "0.bias", "2.weight", "2.bias"]);
  const again = setup().model;
  io.loadModel(again, file);
  assert.deepEqual(again.stateDict(), s.model.stateDict());
  assert.equal(loader.getState().epoch, 2);
  assert.equal([...loader].length, 5, "the loader still iterates after fit");
  assert.throws(() => new train.ModelCheckpoint({}), /needs exactly one of `path` or `save`/);
});
