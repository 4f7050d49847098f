// Objective module for bench/tune_workers.mjs: a small MLP fitted for a few
// epochs on synthetic data (CPU-bound, about a quarter of a second per trial).
import { Generator, manualSeed, nn, optim, train, tune } from "../../dist/index.js";

function data(rows, seed) {
  const g = new Generator(seed);
  const x = new Float32Array(rows * 32);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < 32; j++) s += (x[i * 32 + j] = g.normal()) * ((j % 3) - 1);
    y[i] = s > 0 ? 1 : 0;
  }
  return { x: { data: x, shape: [rows, 32] }, y };
}

const trainData = data(2048, 1);
const valData = data(512, 2);

export default async (trial) => {
  manualSeed(trial.number);
  const lr = trial.suggestFloat("lr", 1e-4, 1e-1, { log: true });
  const hidden = trial.suggestInt("hidden", 32, 128, { log: true });
  const model = new nn.Sequential(new nn.Linear(32, hidden), new nn.ReLU(), new nn.Linear(hidden, 1));
  const h = await train.fit(model, {
    loss: new nn.BCEWithLogitsLoss(),
    optimizer: new optim.Adam(model.parameters(), { lr }),
    train: trainData,
    val: valData,
    epochs: 4,
    batchSize: 64,
    callbacks: [new tune.PruningCallback(trial, "val_loss")],
  });
  return h.get("val_loss").at(-1);
};
