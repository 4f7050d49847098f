// Layer throughput: `node bench/nn.mjs [elements]` after `npm run build`.
// Activation forward+backward over N elements (default 1M) and one training
// step (forward + backward) of an MLP on a batch of 256; median of 20 timed
// runs after 3 warm-up runs.
import { init, Tensor, Generator, nn } from "../dist/index.js";

await init();
const n = Number(process.argv[2] ?? 1 << 20);
const g = new Generator(0);

function median(fn) {
  for (let i = 0; i < 3; i++) fn();
  const times = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[10];
}

const x = Tensor.from(Array.from({ length: n }, () => g.uniform(-4, 4)), [n / 1024, 1024]);
const ones = Tensor.full(x.shape, 1);
const layers = [
  ["ReLU", new nn.ReLU()],
  ["Sigmoid", new nn.Sigmoid()],
  ["Tanh", new nn.Tanh()],
  ["GELU (erf)", new nn.GELU()],
  ["GELU (tanh)", new nn.GELU({ approximate: "tanh" })],
  ["ELU", new nn.ELU()],
  ["Softplus", new nn.Softplus()],
  ["Softmax (rows of 1024)", new nn.Softmax()],
  ["LogSoftmax (rows of 1024)", new nn.LogSoftmax()],
  ["LayerNorm(1024)", new nn.LayerNorm(1024)],
  ["BatchNorm1d(1024)", new nn.BatchNorm1d(1024)],
  ["Dropout(0.5)", new nn.Dropout(0.5, { generator: g })],
];
console.log(`forward + backward over ${n} elements (median ms, elements/s)`);
for (const [name, m] of layers) {
  const ms = median(() => {
    m.forward(x);
    m.backward(ones);
  });
  console.log(`${name.padEnd(28)} ${ms.toFixed(3).padStart(8)} ms  ${((n / ms) * 1e3).toExponential(2)}`);
}

const mlp = new nn.Sequential(new nn.Linear(784, 256, { generator: g }), new nn.ReLU(), new nn.Linear(256, 128, { generator: g }), new nn.GELU(), new nn.Linear(128, 10, { generator: g }));
const batch = Tensor.from(Array.from({ length: 256 * 784 }, () => g.uniform(0, 1)), [256, 784]);
const gOut = Tensor.full([256, 10], 0.01);
const ms = median(() => {
  mlp.zeroGrad();
  mlp.forward(batch);
  mlp.backward(gOut);
});
console.log(`MLP 784-256-128-10, batch 256, forward + backward: ${ms.toFixed(2)} ms`);
