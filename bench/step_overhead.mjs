// Whole training-step throughput against PyTorch (1 thread) measured in the
// same run: `node bench/step_overhead.mjs [seconds-per-case] [--backward]`
// after `npm run build`. A step is zeroGrad + forward + loss + backward +
// Adam step on one fixed batch, so the figures isolate per-step cost from data
// loading. The backward pass is `backwardParams`, which like PyTorch skips the
// gradient of the data; `--backward` times the full `backward` instead.
// Each case reports the best of five timing windows, per wall-clock second and per
// CPU second of the process (the latter is what a busy, shared machine distorts least).
// Also checks that 10^5 tiny-model steps leave linear memory and the JS heap flat.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { init, Tensor, Generator, memoryStats, nn, optim } from "../dist/index.js";

await init();
const seconds = Number(process.argv.find((a) => /^[\d.]+$/.test(a)) ?? 1.5);
const fullBackward = process.argv.includes("--backward");
const gen = new Generator(0);

function randn(shape) {
  const t = Tensor.empty(shape);
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = gen.normal();
  return t;
}

function tinyCase() {
  const model = new nn.Sequential(new nn.Linear(2, 16, { generator: gen }), new nn.ReLU(), new nn.Linear(16, 1, { generator: gen }));
  const x = randn([32, 2]);
  const xd = x.data;
  const y = Tensor.from(Array.from({ length: 32 }, (_, i) => (xd[2 * i] * xd[2 * i + 1] > 0 ? 1 : 0)), [32, 1]);
  return { model, loss: new nn.BCEWithLogitsLoss(), x, y, batch: 32 };
}

function mlpCase(batch) {
  const model = new nn.Sequential(
    new nn.Linear(784, 256, { generator: gen }), new nn.ReLU(),
    new nn.Linear(256, 128, { generator: gen }), new nn.ReLU(),
    new nn.Linear(128, 10, { generator: gen }),
  );
  const x = Tensor.from(Array.from({ length: batch * 784 }, () => gen.uniform()), [batch, 784]);
  const y = Tensor.from(Array.from({ length: batch }, () => Math.floor(gen.uniform() * 10)), [batch], "int32");
  return { model, loss: new nn.CrossEntropyLoss(), x, y, batch };
}

function stepper({ model, loss, x, y }) {
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const step = () => {
    opt.zeroGrad();
    loss.forward(model.forward(x), y);
    if (fullBackward) model.backward(loss.backward());
    else model.backwardParams(loss.backward());
    opt.step();
  };
  return { step, opt };
}

/** Steps per wall-clock second and per CPU second (robust to a shared machine), each the best of five windows. */
function stepsPerSecond(c) {
  const { step, opt } = stepper(c);
  for (let i = 0; i < 200; i++) step();
  const best = { wall: 0, cpu: 0 };
  for (let w = 0; w < 5; w++) {
    let n = 0;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let dt;
    do {
      for (let i = 0; i < 20; i++) step();
      n += 20;
      dt = (performance.now() - t0) / 1e3;
    } while (dt < seconds / 5);
    const cpu = process.cpuUsage(c0);
    best.wall = Math.max(best.wall, n / dt);
    best.cpu = Math.max(best.cpu, n / ((cpu.user + cpu.system) / 1e6));
  }
  opt.dispose();
  return best;
}

function flatOverSteps(steps) {
  const c = tinyCase();
  const { step, opt } = stepper(c);
  for (let i = 0; i < 100; i++) step();
  globalThis.gc?.();
  const before = { ...memoryStats(), heap: process.memoryUsage().heapUsed };
  for (let i = 0; i < steps; i++) step();
  globalThis.gc?.();
  const after = { ...memoryStats(), heap: process.memoryUsage().heapUsed };
  opt.dispose();
  return { before, after };
}

function torchReference() {
  const script = fileURLToPath(new URL("./step_overhead_torch.py", import.meta.url));
  const env = { ...process.env, OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  const r = spawnSync("/usr/bin/python3", [script, String(seconds)], { env, encoding: "utf8" });
  if (r.status !== 0) {
    console.error(`torch reference failed (exit ${r.status}): ${r.stderr.trim().split("\n").at(-1)}`);
    return {};
  }
  return JSON.parse(r.stdout);
}

const ours = {
  tiny: stepsPerSecond(tinyCase()),
  mlp32: stepsPerSecond(mlpCase(32)),
  mlp256: stepsPerSecond(mlpCase(256)),
};
const torch = torchReference();
const rows = [
  ["tiny 2-16-1 BCE, batch 32", "tiny", 32],
  ["MLP 784-256-128-10 CE, batch 32", "mlp32", 32],
  ["MLP 784-256-128-10 CE, batch 256", "mlp256", 256],
];
for (const clock of ["cpu", "wall"]) {
  console.log(`\nper ${clock === "cpu" ? "CPU" : "wall-clock"} second      wasmtune steps/s  samples/s   torch steps/s  samples/s   ratio  µs/step`);
  for (const [name, key, batch] of rows) {
    const a = ours[key][clock];
    const b = torch[key]?.[clock] ?? NaN;
    console.log(
      `${name.padEnd(34)} ${a.toFixed(0).padStart(16)} ${(a * batch).toFixed(0).padStart(10)} ${b.toFixed(0).padStart(15)} ` +
        `${(b * batch).toFixed(0).padStart(10)} ${(a / b).toFixed(2).padStart(7)} ${(1e6 / a).toFixed(1).padStart(8)}`,
    );
  }
}
const { before, after } = flatOverSteps(Number(process.env.STEPS ?? 1e5));
console.log(
  `memory over ${process.env.STEPS ?? 1e5} tiny steps: linear memory ${before.memoryBytes} -> ${after.memoryBytes} B, ` +
    `allocated ${before.allocatedBytes} -> ${after.allocatedBytes} B, JS heap ${(before.heap / 1e6).toFixed(2)} -> ${(after.heap / 1e6).toFixed(2)} MB` +
    (globalThis.gc ? "" : " (run with --expose-gc for a settled heap figure)"),
);
