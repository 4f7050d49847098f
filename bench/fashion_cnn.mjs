// wasmtune's side of bench/fashion_cnn_torch.py: the training throughput of
// examples/fashion_mnist_cnn.mjs's network (the same CNN, AdamW, batch size),
// stepping on one random batch of 28×28 images, in CPU time and wall time.
// Prints {"samplesPerCpuSecond": …, "samplesPerSecond": …} as JSON.
// Usage: node bench/fashion_cnn.mjs [STEPS=40] [BATCH=128]; run the two
// alternately and compare their medians (docs/performance.md).
import { Generator, Tensor, init, nn, optim } from "../dist/index.js";
import { cpuSeconds } from "./measure.mjs";

const steps = Number(process.argv[2] ?? 40);
const batch = Number(process.argv[3] ?? 128);
if (!(Number.isInteger(steps) && steps > 0 && Number.isInteger(batch) && batch > 0)) {
  console.error("usage: node bench/fashion_cnn.mjs [STEPS=40] [BATCH=128]");
  process.exit(2);
}
await init();
const g = new Generator(0);
const block = (cin, cout) => [new nn.Conv2d(cin, cout, 3, { padding: 1, generator: g }), new nn.BatchNorm2d(cout), new nn.ReLU(), new nn.MaxPool2d(2)];
const model = new nn.Sequential(...block(1, 32), ...block(32, 64), new nn.Flatten(), new nn.Linear(64 * 7 * 7, 128, { generator: g }), new nn.ReLU(), new nn.Dropout(0.25), new nn.Linear(128, 10, { generator: g }));
const optimizer = new optim.AdamW(model.parameters(), { lr: 3e-3, weightDecay: 1e-2 });
const lossFn = new nn.CrossEntropyLoss();
const x = Tensor.empty([batch, 1, 28, 28]);
for (let i = 0; i < x.data.length; i++) x.data[i] = g.normal();
const y = Tensor.from(Int32Array.from({ length: batch }, () => Math.floor(g.uniform(0, 10))), [batch], "int32");
// As in training (and torch, whose input does not require grad): no gradient for the images.
const step = () => {
  optimizer.zeroGrad();
  lossFn.forward(model.forward(x), y);
  model.backwardParams(lossFn.backward());
  optimizer.step();
};
for (let i = 0; i < 3; i++) step();
const cpu = cpuSeconds(), wall = performance.now();
for (let i = 0; i < steps; i++) step();
const samples = steps * batch;
console.log(JSON.stringify({ samplesPerCpuSecond: samples / (cpuSeconds() - cpu), samplesPerSecond: samples / ((performance.now() - wall) / 1000) }));
