// Loss forward+backward throughput: `node bench/loss.mjs [N] [C]` after `npm run build`.
// A batch of N rows by C classes/outputs (default 256 × 1000), median of 20
// timed forward+backward pairs after 3 warm-up pairs, reported as ms per pair
// and input elements per second. Times are process CPU time, not wall time,
// so that other jobs on a shared machine do not inflate them.
import { init, Tensor, nn } from "../dist/index.js";

await init();
const N = Number(process.argv[2] ?? 256);
const C = Number(process.argv[3] ?? 1000);
const wave = (scale, shift = 0) => Float32Array.from({ length: N * C }, (_, i) => shift + scale * Math.sin(i * 0.37));
const logits = Tensor.from(wave(3), [N, C]);
const unit = Tensor.from(wave(0.45, 0.5), [N, C]);
const labels = Tensor.from(Int32Array.from({ length: N }, (_, i) => (i * 7) % C), [N], "int32");
const probs = Tensor.full([N, C], 1 / C);
const setups = [
  ["MSELoss", new nn.MSELoss(), logits, unit],
  ["HuberLoss", new nn.HuberLoss(), logits, unit],
  ["NLLLoss", new nn.NLLLoss(), logits, labels],
  ["CrossEntropyLoss (indices)", new nn.CrossEntropyLoss(), logits, labels],
  ["CrossEntropyLoss (smoothing 0.1)", new nn.CrossEntropyLoss({ labelSmoothing: 0.1 }), logits, labels],
  ["CrossEntropyLoss (probabilities)", new nn.CrossEntropyLoss(), logits, probs],
  ["BCELoss", new nn.BCELoss(), unit, unit],
  ["BCEWithLogitsLoss", new nn.BCEWithLogitsLoss(), logits, unit],
];
for (const [name, loss, x, y] of setups) {
  for (let i = 0; i < 3; i++) {
    loss.forward(x, y);
    loss.backward();
  }
  const times = [];
  for (let i = 0; i < 20; i++) {
    const t0 = process.cpuUsage();
    loss.forward(x, y);
    loss.backward();
    const t = process.cpuUsage(t0);
    times.push((t.user + t.system) / 1000);
  }
  times.sort((a, b) => a - b);
  const ms = times[10];
  console.log(`${name.padEnd(34)} ${ms.toFixed(3).padStart(8)} ms  ${((N * C / ms) * 1e-3).toFixed(0).padStart(5)} M elements/s`);
  loss.dispose();
}
