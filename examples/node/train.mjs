// Fits a small MLP to a noisy sine wave with Adam and a step LR schedule,
// printing the loss as it goes. Run from the repository root after
// `npm run build`: node examples/node/train.mjs
import { init, Generator, Tensor, nn, optim } from "wasmtune";

await init();
const gen = new Generator(42);
const rows = 256;
const x = Tensor.empty([rows, 1]);
const y = Tensor.empty([rows, 1]);
for (let r = 0; r < rows; r++) {
  const t = gen.uniform(-3, 3);
  x.data[r] = t;
  y.data[r] = Math.sin(t) + gen.normal(0, 0.05);
}

const model = new nn.Sequential(
  new nn.Linear(1, 32, { generator: gen }),
  new nn.ReLU(),
  new nn.Linear(32, 32, { generator: gen }),
  new nn.ReLU(),
  new nn.Linear(32, 1, { generator: gen }),
);
const lossFn = new nn.MSELoss();
const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
const scheduler = new optim.lrScheduler.StepLR(opt, { stepSize: 100, gamma: 0.5 });

for (let epoch = 1; epoch <= 300; epoch++) {
  opt.zeroGrad();
  const loss = lossFn.forward(model.forward(x), y);
  model.backward(lossFn.backward());
  opt.step();
  scheduler.step();
  if (epoch % 30 === 0) console.log(`epoch ${String(epoch).padStart(3)}  loss ${loss.toFixed(5)}  lr ${opt.paramGroups[0].lr}`);
}
