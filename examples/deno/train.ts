// Classifies two noisy concentric rings with a small MLP trained by Adam
// under a cosine-annealed learning rate, then reports the training accuracy.
// Run from this directory after `npm run build` at the root:
//   deno run --allow-read=../.. train.ts
import { init, Generator, Tensor, nn, optim } from "wasmtune";

await init();
const gen = new Generator(3);
const rows = 400;
const x = Tensor.empty([rows, 2]);
const y = Tensor.empty([rows, 1]);
for (let r = 0; r < rows; r++) {
  const inner = r % 2;
  const radius = (inner ? 1 : 2.5) + gen.normal(0, 0.3);
  const angle = gen.uniform(0, 2 * Math.PI);
  x.data.set([radius * Math.cos(angle), radius * Math.sin(angle)], r * 2);
  y.data[r] = inner;
}

const model = new nn.Sequential(
  new nn.Linear(2, 16, { generator: gen }),
  new nn.ReLU(),
  new nn.Linear(16, 1, { generator: gen }),
);
const lossFn = new nn.BCEWithLogitsLoss();
const epochs = 200;
const opt = new optim.Adam(model.parameters(), { lr: 0.05 });
const scheduler = new optim.lrScheduler.CosineAnnealingLR(opt, { tMax: epochs });

let loss = 0;
for (let epoch = 0; epoch < epochs; epoch++) {
  opt.zeroGrad();
  loss = lossFn.forward(model.forward(x), y);
  model.backward(lossFn.backward());
  opt.step();
  scheduler.step();
}
const logits = model.eval().forward(x).data;
let correct = 0;
for (let r = 0; r < rows; r++) if ((logits[r] > 0 ? 1 : 0) === y.data[r]) correct++;
console.log(`final loss ${loss.toFixed(4)}, training accuracy ${((100 * correct) / rows).toFixed(1)}%`);
