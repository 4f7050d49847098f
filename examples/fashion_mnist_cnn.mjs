// Fashion-MNIST (60,000 + 10,000 images of 28×28, 10 classes) with a CNN:
// Conv(1→32, 3, pad 1)-BN-ReLU-MaxPool 2 → Conv(32→64)-BN-ReLU-MaxPool 2 →
// Flatten → Linear(3136, 128)-ReLU-Dropout → Linear(128, 10), cross-entropy.
// Pixels scaled to [0, 1] and normalised with the data set's mean 0.2860 and
// std 0.3530 (torchvision's Normalize). `--subset` / `--test-subset` train / score on
// stratified random parts (quick runs). AdamW or SGD with momentum under
// OneCycleLR or cosine annealing. The test set is scored after every epoch
// (never used to choose anything: the last epoch's figure is the result);
// `--log FILE` keeps those figures and the training throughput as JSON,
// rewritten after each epoch. Needs Debian's `dataset-fashion-mnist`.
//   node examples/fashion_mnist_cnn.mjs [--epochs 8] [--batch-size 128] [--subset N] [--test-subset N]
//     [--optimizer adamw|sgd] [--lr L] [--weight-decay W] [--schedule onecycle|cosine]
//     [--dropout 0.25] [--seed 0] [--augment] [--crop-padding 1] [--log FILE]
// `--augment`: each training image is shifted by up to `--crop-padding`
// pixels (a random 28×28 crop of the image padded with black, torchvision's
// RandomCrop(28, padding=P); 0: no shift) and mirrored with probability 0.5.
// Measured figures: docs/cnn.md.
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { data, init, io, manualSeed, nn, optim, train } from "wasmtune";

const DIR = "/usr/share/datasets/fashion-mnist";
const MEAN = 0.286;
const STD = 0.353;

/** Normalised `[N, 1, 28, 28]` images from `data.loadMnist`'s `[N, 784]` values in [0, 1]. */
function normalised({ x, y }) {
  const out = new Float32Array(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = (x.data[i] - MEAN) / STD;
  return { x: { data: out, shape: [x.shape[0], 1, 28, 28] }, y };
}

/** Training-time augmentation: the black padding is 0 before normalisation. */
function augmentation(cropPadding) {
  const T = data.transforms;
  const flip = new T.RandomHorizontalFlip();
  return cropPadding === 0 ? flip : new T.Compose([new T.RandomCrop(28, { padding: cropPadding, fill: (0 - MEAN) / STD }), flip]);
}

/** `n` images drawn stratified with `seed`, or all of them. */
function subset(set, n, seed) {
  if (n === undefined || n >= set.y.length) return set;
  const s = data.trainTestSplit(set.x, set.y, { trainSize: n, stratify: set.y, seed });
  return { x: s.xTrain, y: s.yTrain };
}

function cnn(dropout) {
  const block = (cin, cout) => [new nn.Conv2d(cin, cout, 3, { padding: 1 }), new nn.BatchNorm2d(cout), new nn.ReLU(), new nn.MaxPool2d(2)];
  return new nn.Sequential(...block(1, 32), ...block(32, 64), new nn.Flatten(), new nn.Linear(64 * 7 * 7, 128), new nn.ReLU(), new nn.Dropout(dropout), new nn.Linear(128, 10));
}

const DEFAULTS = { adamw: { lr: 3e-3, weightDecay: 1e-2 }, sgd: { lr: 0.05, weightDecay: 5e-4 } };

function makeOptimizer(name, params, lr, weightDecay) {
  if (name === "adamw") return new optim.AdamW(params, { lr, weightDecay });
  if (name === "sgd") return new optim.SGD(params, { lr, weightDecay, momentum: 0.9, nesterov: true });
  throw new Error(`fashion_mnist_cnn: unknown optimizer '${name}' (adamw or sgd)`);
}

function makeScheduler(name, optimizer, lr, epochs, stepsPerEpoch) {
  if (name === "onecycle") return new optim.lrScheduler.OneCycleLR(optimizer, { maxLr: lr, epochs, stepsPerEpoch });
  if (name === "cosine") return new optim.lrScheduler.CosineAnnealingLR(optimizer, { tMax: epochs });
  throw new Error(`fashion_mnist_cnn: unknown schedule '${name}' (onecycle or cosine)`);
}

/**
 * Training samples per second of each epoch, timed from its start to its last
 * batch (the test pass excluded): per second of wall time, and per second of
 * this process's CPU time, which other jobs on the machine do not dilute (the
 * training runs on one thread).
 */
class Throughput {
  constructor(rows, batches) {
    this.rows = rows;
    this.batches = batches;
    this.perEpoch = [];
    this.perCpuSecond = [];
  }
  onEpochBegin() {
    this.start = performance.now();
    this.cpu = process.cpuUsage();
  }
  onBatchEnd(batch) {
    if (batch !== this.batches - 1) return;
    this.perEpoch.push(this.rows / ((performance.now() - this.start) / 1000));
    const cpu = process.cpuUsage(this.cpu);
    this.perCpuSecond.push(this.rows / ((cpu.user + cpu.system) / 1e6));
  }
}

/**
 * Train the CNN and return `{ accuracy, loss, history, samplesPerSecond,
 * samplesPerCpuSecond, seconds, wallSeconds }` (test figures of the last epoch;
 * training throughput per epoch).
 * `loader(dataset, { batchSize, seed })` builds the training `data.DataLoader`
 * (default: a shuffled one), freed after training: the place to plug in
 * augmentation.
 * `onEpoch(entry, config)` receives each epoch's figures and the settings used;
 * `verbose` prints a line per epoch.
 */
export async function fashionMnistCnn({
  epochs = 8,
  batchSize = 128,
  subset: rows,
  testSubset,
  optimizer: optimizerName = "adamw",
  lr = DEFAULTS[optimizerName]?.lr,
  weightDecay = DEFAULTS[optimizerName]?.weightDecay,
  schedule = "onecycle",
  dropout = 0.25,
  seed = 0,
  verbose = false,
  dir = DIR,
  loader = (dataset, o) => new data.DataLoader(dataset, { ...o, shuffle: true }),
  onEpoch = () => {},
} = {}) {
  await init();
  manualSeed(seed);
  const wall = performance.now();
  const mnist = await data.loadMnist(dir);
  const trainSet = normalised(subset(mnist.train, rows, seed));
  const testSet = normalised(subset(mnist.test, testSubset, seed));
  const dataset = new data.TensorDataset(trainSet.x, trainSet.y);
  const batches = Math.ceil(dataset.length / batchSize);
  const model = cnn(dropout);
  const loss = new nn.CrossEntropyLoss();
  const optimizer = makeOptimizer(optimizerName, model.parameters(), lr, weightDecay);
  const scheduler = makeScheduler(schedule, optimizer, lr, epochs, batches);
  const throughput = new Throughput(dataset.length, batches);
  const config = { epochs, batchSize, trainImages: dataset.length, testImages: testSet.y.length, optimizer: optimizerName, lr, weightDecay, schedule, dropout, seed };
  const report = {
    onEpochEnd: (epoch, logs) =>
      onEpoch(
        { epoch: epoch + 1, loss: logs.loss, trainAccuracy: logs.accuracy, testLoss: logs.val_loss, testAccuracy: logs.val_accuracy, samplesPerSecond: throughput.perEpoch.at(-1), samplesPerCpuSecond: throughput.perCpuSecond.at(-1) },
        config,
      ),
  };
  const trainLoader = loader(dataset, { batchSize, seed });
  const start = performance.now();
  const history = await train.fit(model, {
    loss,
    optimizer,
    scheduler,
    train: trainLoader,
    val: testSet,
    epochs,
    batchSize,
    metrics: ["accuracy"],
    callbacks: [throughput, report],
    verbose,
  });
  const seconds = (performance.now() - start) / 1000;
  model.dispose();
  trainLoader.dispose();
  dataset.dispose();
  return {
    accuracy: history.get("val_accuracy").at(-1),
    loss: history.get("val_loss").at(-1),
    history,
    samplesPerSecond: throughput.perEpoch,
    samplesPerCpuSecond: throughput.perCpuSecond,
    seconds,
    wallSeconds: (performance.now() - wall) / 1000,
  };
}

async function main() {
  const { values: a } = parseArgs({
    options: {
      epochs: { type: "string" },
      "batch-size": { type: "string" },
      subset: { type: "string" },
      "test-subset": { type: "string" },
      optimizer: { type: "string" },
      lr: { type: "string" },
      "weight-decay": { type: "string" },
      schedule: { type: "string" },
      dropout: { type: "string" },
      seed: { type: "string" },
      augment: { type: "boolean" },
      "crop-padding": { type: "string" },
      log: { type: "string" },
    },
  });
  const num = (v) => {
    if (v !== undefined && !Number.isFinite(Number(v))) throw new Error(`fashion_mnist_cnn: '${v}' is not a number`);
    return v === undefined ? undefined : Number(v);
  };
  const options = {
    epochs: num(a.epochs),
    batchSize: num(a["batch-size"]),
    subset: num(a.subset),
    testSubset: num(a["test-subset"]),
    optimizer: a.optimizer,
    lr: num(a.lr),
    weightDecay: num(a["weight-decay"]),
    schedule: a.schedule,
    dropout: num(a.dropout),
    seed: num(a.seed),
  };
  const cropPadding = num(a["crop-padding"]) ?? 1;
  if (!Number.isInteger(cropPadding) || cropPadding < 0) throw new Error(`fashion_mnist_cnn: --crop-padding must be a whole number >= 0, got ${a["crop-padding"]}`);
  if (a["crop-padding"] !== undefined && !a.augment) throw new Error("fashion_mnist_cnn: --crop-padding needs --augment");
  const run = { config: undefined, augment: a.augment ? { cropPadding, horizontalFlip: 0.5 } : false, epochs: [] };
  const r = await fashionMnistCnn({
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    ...(a.augment ? { loader: (dataset, o) => new data.DataLoader(dataset, { ...o, shuffle: true, transform: augmentation(cropPadding) }) } : {}),
    verbose: true,
    onEpoch: async (entry, config) => {
      run.config = config;
      run.epochs.push(entry);
      if (a.log) await io.writeBytes(a.log, new TextEncoder().encode(`${JSON.stringify(run, null, 1)}\n`));
    },
  });
  const speed = (v) => v.map((s) => s.toFixed(0)).join(", ");
  console.log(
    `fashion-mnist CNN: test accuracy ${r.accuracy.toFixed(4)}, loss ${r.loss.toFixed(4)}; training ${r.seconds.toFixed(1)} s, wall ${r.wallSeconds.toFixed(1)} s; ` +
      `training samples per second ${speed(r.samplesPerSecond)} (per CPU second ${speed(r.samplesPerCpuSecond)})`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
