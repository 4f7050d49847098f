// Optimizer step throughput: `node bench/optim.mjs [elements]` after `npm run build`.
// One parameter of N elements (default 1M), median of 20 timed steps after 3
// warm-up steps, reported as ms per step and elements per second.
import { init, Tensor, nn, optim } from "../dist/index.js";

await init();
const n = Number(process.argv[2] ?? 1 << 20);
const p = new nn.Parameter(Tensor.full([n], 0.5));
p.grad.data.fill(0.01);
const setups = [
  ["SGD", () => new optim.SGD([p], { lr: 0.01 })],
  ["SGD momentum+nesterov", () => new optim.SGD([p], { lr: 0.01, momentum: 0.9, nesterov: true })],
  ["Adam", () => new optim.Adam([p])],
  ["Adam amsgrad", () => new optim.Adam([p], { amsgrad: true })],
  ["AdamW", () => new optim.AdamW([p])],
  ["RMSprop centered+momentum", () => new optim.RMSprop([p], { centered: true, momentum: 0.9 })],
  ["Adagrad", () => new optim.Adagrad([p])],
  ["Adamax", () => new optim.Adamax([p])],
  ["NAdam", () => new optim.NAdam([p])],
  ["RAdam", () => new optim.RAdam([p])],
  ["clipGradNorm (2-norm)", () => ({ step: () => optim.clipGradNorm([p], 1e30), dispose() {} })],
];
for (const [name, make] of setups) {
  const opt = make();
  for (let i = 0; i < 3; i++) opt.step();
  const times = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    opt.step();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const ms = times[10];
  console.log(`${name.padEnd(28)} ${ms.toFixed(3).padStart(8)} ms/step  ${((n / ms) * 1e-3).toFixed(0).padStart(5)} M elements/s`);
  opt.dispose();
}
