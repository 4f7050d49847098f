// Autograd operations: wasmtune's tape beside PyTorch CPU (one thread) on the
// same cases, and the tape's MLP step beside the explicit API's.
//   npm run build && node bench/autograd.mjs [--quick]
// Rates are per second of process CPU time (bench/measure.mjs). Figures: docs/autograd.md.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { measureRate } from "./measure.mjs";
import { init, Tensor, Generator, nn, tidy, matmul } from "../dist/index.js";

await init();
const quick = process.argv.includes("--quick");
const timing = quick ? { samples: 3, minTime: 0.02, warmup: 0.1, budget: 0.5 } : { samples: 5, minTime: 0.05, warmup: 0.3, budget: 4 };
const g = new Generator(0);
const uniform = (shape) => {
  const t = Tensor.empty(shape);
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = g.uniform(-1, 1);
  return t;
};
const grad = (shape) => uniform(shape).requiresGrad_();

// [id, label, unit of work, work per call, step]. Each step runs in tidy, as a training loop would.
const N = 512;
const cases = [
  ["add_same", `add [${N},${N}] + [${N},${N}]`, "Melem", (N * N) / 1e6, () => { const a = uniform([N, N]), b = uniform([N, N]); return () => tidy(() => void a.add(b)); }],
  ["add_row", `add [${N},${N}] + [${N}]`, "Melem", (N * N) / 1e6, () => { const a = uniform([N, N]), b = uniform([N]); return () => tidy(() => void a.add(b)); }],
  ["add_col", `add [${N},${N}] + [${N},1]`, "Melem", (N * N) / 1e6, () => { const a = uniform([N, N]), b = uniform([N, 1]); return () => tidy(() => void a.add(b)); }],
  ["mul_scalar", `mul [${N},${N}] * 1.5`, "Melem", (N * N) / 1e6, () => { const a = uniform([N, N]); return () => tidy(() => void a.mul(1.5)); }],
  ["sum_0", `sum(0) of [${N},${N}]`, "Melem", (N * N) / 1e6, () => { const a = uniform([N, N]); return () => tidy(() => void a.sum(0)); }],
  ["sum_1", `sum(1) of [${N},${N}]`, "Melem", (N * N) / 1e6, () => { const a = uniform([N, N]); return () => tidy(() => void a.sum(1)); }],
  ["bcast_backward", `(a*b).sum() backward, [${N},${N}] * [${N}]`, "Melem", (N * N) / 1e6, () => { const a = grad([N, N]), b = grad([N]); return () => tidy(() => { a.mul(b).sum().backward(); a.grad = null; b.grad = null; }); }],
  ["mm_fwd_bwd", "matmul 256x256 forward + backward", "GFLOP", (3 * 2 * 256 ** 3) / 1e9, () => { const a = grad([256, 256]), b = grad([256, 256]); return () => tidy(() => { matmul(a, b).sum().backward(); a.grad = null; b.grad = null; }); }],
  ["bmm_fwd", "matmul [16,64,64] @ [16,64,64]", "GFLOP", (16 * 2 * 64 ** 3) / 1e9, () => { const a = uniform([16, 64, 64]), b = uniform([16, 64, 64]); return () => tidy(() => void matmul(a, b)); }],
];

/** A 784-256-128-10 MLP step (forward, MSE, backward) through the tape. */
function tapeMlp(batch) {
  const lin = (i, o) => [grad([i, o]).mul(0.05).detach().requiresGrad_(), grad([o]).mul(0.05).detach().requiresGrad_()];
  const [[w1, b1], [w2, b2], [w3, b3]] = [lin(784, 256), lin(256, 128), lin(128, 10)];
  const x = uniform([batch, 784]);
  const y = uniform([batch, 10]);
  return () =>
    tidy(() => {
      const h1 = matmul(x, w1).add(b1).clamp(0, null);
      const h2 = matmul(h1, w2).add(b2).clamp(0, null);
      matmul(h2, w3).add(b3).sub(y).pow(2).mean().backward();
      for (const p of [w1, b1, w2, b2, w3, b3]) p.grad = null;
    });
}

/** The same network and loss through the explicit API (what fit() runs). */
function explicitMlp(batch) {
  const model = new nn.Sequential(new nn.Linear(784, 256, { generator: g }), new nn.ReLU(), new nn.Linear(256, 128, { generator: g }), new nn.ReLU(), new nn.Linear(128, 10, { generator: g }));
  const loss = new nn.MSELoss();
  const x = uniform([batch, 784]);
  const y = uniform([batch, 10]);
  return () => {
    model.zeroGrad();
    loss.forward(model.forward(x), y);
    model.backwardParams(loss.backward());
  };
}

const rows = [];
for (const [id, label, unit, work, make] of cases) rows.push({ id, label, unit, wt: measureRate(make(), work, timing) });
for (const batch of [32, 256]) {
  rows.push({ id: `mlp_tape_${batch}`, label: `MLP step, tape, batch ${batch}`, unit: "steps", wt: measureRate(tapeMlp(batch), 1, timing) });
  rows.push({ id: `mlp_explicit_${batch}`, label: `MLP step, explicit API, batch ${batch}`, unit: "steps", wt: measureRate(explicitMlp(batch), 1, timing) });
}

const script = fileURLToPath(new URL("./autograd_torch.py", import.meta.url));
const env = { ...process.env, OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
const peer = spawnSync("/usr/bin/python3", [script], { input: JSON.stringify({ n: N, ...timing }), env, encoding: "utf8" });
const torch = peer.status === 0 ? JSON.parse(peer.stdout) : (process.stderr.write(`torch column skipped: ${peer.stderr}\n`), {});

const fmt = (r) => (r ? r.median.toPrecision(3) : "—");
console.log(`| case | unit/s | wasmtune | torch ${torch.version ?? ""} |\n| --- | --- | --- | --- |`);
for (const r of rows) console.log(`| ${r.label} | ${r.unit} | ${fmt(r.wt)} | ${fmt(torch.results?.[r.id])} |`);
