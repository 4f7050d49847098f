// The objective of the tuning examples: tune.mjs (Node and Deno) and
// browser/tune/ (a page) run it in tuning workers. A small MLP learns to tell
// two noisy concentric rings apart; the search follows the usual order of
// importance and scales: the learning rate and weight decay on a log scale,
// Adam's β1 as 1 − β1 on a log scale, hidden units as an int on a log scale,
// the batch size as a categorical. `fit()` reports the validation loss every
// epoch through PruningCallback, so the study's pruner can stop poor trials.
//
// The import is relative so that the same file also runs in a browser Web
// Worker, where a page's import map does not apply; in your own project,
// import from "wasmtune" (Node, Deno, Bun) or from dist/index.js's URL.
import { Generator, Tensor, nn, optim, train, tune } from "../dist/index.js";

let data;

/** Once per worker, before its first trial: build the data set that `workerData` describes. */
export function setup({ rows = 400, seed = 0, epochs = 12 } = {}) {
  const gen = new Generator(seed);
  const x = Tensor.empty([rows, 2]);
  const y = Tensor.empty([rows, 1]);
  for (let r = 0; r < rows; r++) {
    const inner = r % 2;
    const radius = (inner ? 1 : 2.2) + gen.normal(0, 0.35);
    const angle = gen.uniform(0, 2 * Math.PI);
    x.data.set([radius * Math.cos(angle), radius * Math.sin(angle)], r * 2);
    y.data[r] = inner;
  }
  const cut = Math.floor(rows * 0.75);
  const part = (t, from, to) => ({ data: t.data.subarray(from * t.shape[1], to * t.shape[1]), shape: [to - from, t.shape[1]] });
  data = { train: { x: part(x, 0, cut), y: part(y, 0, cut) }, val: { x: part(x, cut, rows), y: part(y, cut, rows) }, epochs };
}

/** One trial: the best validation loss of a short `fit()`. */
export default async function objective(trial) {
  const lr = trial.suggestFloat("lr", 1e-4, 1e-1, { log: true });
  const beta1 = 1 - trial.suggestFloat("oneMinusBeta1", 0.01, 0.3, { log: true });
  const hidden = trial.suggestInt("hidden", 4, 64, { log: true });
  const weightDecay = trial.suggestFloat("weightDecay", 1e-6, 1e-2, { log: true });
  const batchSize = trial.suggestCategorical("batchSize", [16, 32, 64]);
  const gen = new Generator(trial.number);
  const model = new nn.Sequential(new nn.Linear(2, hidden, { generator: gen }), new nn.ReLU(), new nn.Linear(hidden, 1, { generator: gen }));
  try {
    const history = await train.fit(model, {
      loss: new nn.BCEWithLogitsLoss(),
      optimizer: new optim.AdamW(model.parameters(), { lr, betas: [beta1, 0.999], weightDecay }),
      ...data,
      batchSize,
      seed: trial.number,
      callbacks: [new tune.PruningCallback(trial, "val_loss")],
    });
    return Math.min(...history.get("val_loss"));
  } finally {
    model.dispose();
  }
}
