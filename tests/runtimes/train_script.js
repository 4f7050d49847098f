// The one training run every runtime executes (see runtimes.test.mjs): a
// fixed seed, a generated regression data set, a small MLP, Adam under a
// cosine learning-rate schedule, shuffled mini-batches. Plain ESM with no
// imports, so browsers, workers and workerd load it unbundled or bundled
// alike; the caller passes the initialised wasmtune namespace.

const SEED = 1234;
const ROWS = 96;
const FEATURES = 5;
const EPOCHS = 20;

/**
 * Train; return the mean loss and the learning rate of each epoch, a SHA-256
 * of the final weights and one of a run of float64 normal draws. The rates
 * and draws are float64 host numbers, where a last-bit difference in an
 * engine's math would show before float32 rounding could hide it.
 */
export async function train(wt) {
  const { Generator, nn, optim, data } = wt;
  const gen = new Generator(SEED);
  const x = new Float32Array(ROWS * FEATURES).map(() => gen.normal());
  const y = new Float32Array(ROWS);
  for (let r = 0; r < ROWS; r++) {
    const [a, b, c, d] = x.subarray(r * FEATURES);
    y[r] = 0.5 * a - b * c + 0.25 * d * d + 0.1 * gen.normal();
  }
  const dataset = new data.TensorDataset({ data: x, shape: [ROWS, FEATURES] }, { data: y, shape: [ROWS, 1] });
  const loader = new data.DataLoader(dataset, { batchSize: 16, shuffle: true, generator: gen });
  const model = new nn.Sequential(
    new nn.Linear(FEATURES, 16, { generator: gen }),
    new nn.Tanh(),
    new nn.Linear(16, 16, { generator: gen }),
    new nn.ReLU(),
    new nn.Linear(16, 1, { generator: gen }),
  );
  const lossFn = new nn.MSELoss();
  const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
  const scheduler = new optim.lrScheduler.CosineAnnealingLR(opt, { tMax: EPOCHS, etaMin: 1e-4 });

  const losses = [];
  const lrs = [];
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    let sum = 0;
    for (const batch of loader) {
      opt.zeroGrad();
      sum += lossFn.forward(model.forward(batch.x), batch.y) * batch.size;
      model.backward(lossFn.backward());
      opt.step();
    }
    losses.push(sum / ROWS);
    lrs.push(opt.paramGroups[0].lr);
    scheduler.step();
  }
  const hash = await sha256(model.parameters().map((p) => p.data.toFloat32Array()));
  const randomHash = await sha256([Float64Array.from({ length: 4096 }, () => gen.normal())]);
  model.dispose();
  return { losses, lrs, hash, randomHash };
}

async function sha256(arrays) {
  const bytes = new Uint8Array(arrays.reduce((n, a) => n + a.byteLength, 0));
  let at = 0;
  for (const a of arrays) {
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
