// Digits (8×8 images, 10 classes) with a small CNN: the 64 pixels of each row
// reshaped to [1, 8, 8], scaled to [0, 1] and standardised with the training
// part's mean and std (one value for all pixels, as torchvision's Normalize).
// Conv(1→32, 3, pad 1)-BN-ReLU → Conv(32→32)-BN-ReLU-MaxPool 2 → Conv(32→64)-
// BN-ReLU-MaxPool 2 → Flatten → Dropout → Linear(256, 10); AdamW under
// OneCycleLR, batch 32, on the same stratified 80/20 split as examples/digits.mjs
// and the tuning figures (docs/tuning.md). Reports test accuracy and wall time.
//   node examples/digits_cnn.mjs [epochs] [seed]   (default 10 and 0; measured: test
//   accuracy 0.9972, 0.9833–1.0000 over seeds 0–9; docs/cnn.md)
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { data, init, manualSeed, nn, optim, train } from "wasmtune";
import { sharedDataset } from "./tabular.mjs";

const SIDE = 8;

/** `[N, 64]` pixels 0–16 to `[N, 1, 8, 8]`, standardised with `mean` and `std` of the [0, 1] values. */
function images(x, mean, std) {
  const out = new Float32Array(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = (x.data[i] / 16 - mean) / std;
  return { data: out, shape: [x.shape[0], 1, SIDE, SIDE] };
}

function moments(values) {
  let sum = 0;
  for (const v of values) sum += v / 16;
  const mean = sum / values.length;
  let sq = 0;
  for (const v of values) sq += (v / 16 - mean) ** 2;
  return { mean, std: Math.sqrt(sq / values.length) };
}

function model(dropout) {
  const block = (cin, cout) => [new nn.Conv2d(cin, cout, 3, { padding: 1 }), new nn.BatchNorm2d(cout), new nn.ReLU()];
  return new nn.Sequential(
    ...block(1, 32),
    ...block(32, 32),
    new nn.MaxPool2d(2),
    ...block(32, 64),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Dropout(dropout),
    new nn.Linear(64 * 2 * 2, 10),
  );
}

/** Train and return `{ accuracy, loss, history, seconds, wallSeconds }`: the test part's figures, the training and the whole run's seconds. */
export async function digitsCnn({ epochs = 10, seed = 0, lr = 3e-3, weightDecay = 5e-4, dropout = 0.25, batchSize = 32, verbose = false, file = sharedDataset("digits.csv") } = {}) {
  const wall = performance.now();
  await init();
  manualSeed(seed);
  const table = data.readCsv(await readFile(file, "utf8"), { target: "label", targetDtype: "int32", source: String(file) });
  const s = data.trainTestSplit(table.x, table.y, { testSize: 0.2, stratify: table.y, seed });
  const { mean, std } = moments(s.xTrain.data);
  const net = model(dropout);
  const loss = new nn.CrossEntropyLoss();
  const optimizer = new optim.AdamW(net.parameters(), { lr, weightDecay });
  const stepsPerEpoch = Math.ceil(s.yTrain.length / batchSize);
  const scheduler = new optim.lrScheduler.OneCycleLR(optimizer, { maxLr: lr, epochs, stepsPerEpoch });
  const start = performance.now();
  const history = await train.fit(net, { loss, optimizer, scheduler, train: { x: images(s.xTrain, mean, std), y: s.yTrain }, epochs, batchSize, seed, verbose });
  const seconds = (performance.now() - start) / 1000;
  const test = train.evaluate(net, { x: images(s.xTest, mean, std), y: s.yTest }, { loss, metrics: ["accuracy"] });
  net.dispose();
  return { ...test, history, seconds, wallSeconds: (performance.now() - wall) / 1000 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await digitsCnn({ epochs: Number(process.argv[2] ?? 10), seed: Number(process.argv[3] ?? 0), verbose: true });
  console.log(`digits CNN: test accuracy ${r.accuracy.toFixed(4)}, loss ${r.loss.toFixed(4)} (training ${r.seconds.toFixed(1)} s, wall ${r.wallSeconds.toFixed(1)} s)`);
}
