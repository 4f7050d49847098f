// Fashion-MNIST (60,000 + 10,000 images of 28×28, 10 classes): MLP
// 784-256-128-10 with cross-entropy, Adam (lr 1e-3, ExponentialLR 0.9), batch
// 64, pixels scaled to [0, 1];
// 5,000 training images are held out for early stopping. Reports the test
// accuracy and the wall time. Needs Debian's `dataset-fashion-mnist`
// (apt-get install -y dataset-fashion-mnist).
//   node examples/fashion_mnist.mjs [epochs]   (default 15; measured: test accuracy 0.8933,
//   205 s of training on a shared 2-core machine, about 14 s per epoch)
import { data, init, manualSeed, nn, optim, train } from "wasmtune";

const DIR = "/usr/share/datasets/fashion-mnist";
const epochs = Number(process.argv[2] ?? 15);

async function images(name) {
  const { data: pixels, shape } = await data.loadIdx(`${DIR}/${name}-images-idx3-ubyte.gz`);
  const x = new Float32Array(pixels.length);
  for (let i = 0; i < x.length; i++) x[i] = pixels[i] / 255;
  return { data: x, shape: [shape[0], shape[1] * shape[2]] };
}

async function labels(name) {
  return Int32Array.from((await data.loadIdx(`${DIR}/${name}-labels-idx1-ubyte.gz`)).data);
}

await init();
manualSeed(0);
const wall = performance.now();
const [xAll, yAll, xTest, yTest] = await Promise.all([images("train"), labels("train"), images("t10k"), labels("t10k")]);
const s = data.trainTestSplit(xAll, yAll, { testSize: 5000, stratify: yAll, seed: 0 });

const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 128), new nn.ReLU(), new nn.Linear(128, 10));
const loss = new nn.CrossEntropyLoss();
const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
const start = performance.now();
await train.fit(model, {
  loss,
  optimizer,
  scheduler: new optim.lrScheduler.ExponentialLR(optimizer, { gamma: 0.9 }),
  train: { x: s.xTrain, y: s.yTrain },
  val: { x: s.xTest, y: s.yTest },
  epochs,
  batchSize: 64,
  seed: 0,
  metrics: ["accuracy"],
  callbacks: [new train.EarlyStopping({ monitor: "val_accuracy", patience: 4, restoreBestWeights: true }), new train.ProgressReporter()],
});
const trainSeconds = (performance.now() - start) / 1000;
const test = train.evaluate(model, { x: xTest, y: yTest }, { loss, metrics: ["accuracy"] });
console.log(`fashion-mnist: test accuracy ${test.accuracy.toFixed(4)}, loss ${test.loss.toFixed(4)}; training ${trainSeconds.toFixed(1)} s, wall ${((performance.now() - wall) / 1000).toFixed(1)} s`);
