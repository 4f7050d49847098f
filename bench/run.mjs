// The benchmark suite: `npm run bench [-- --quick] [-- --json[=file]]`.
// Runs every case for wasmtune and its peers (tfjs-backend-wasm, tfjs-backend-cpu,
// plain JavaScript, PyTorch CPU on one thread) and prints one table per
// section; --json prints (or with =file writes) the same figures as JSON.
// The opt-in relaxed-SIMD build gets a column of its own where its fused
// multiply-adds run: SGEMM NN 256, Adam and the MLP.
// See docs/performance.md for the method and the latest figures.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import v8 from "node:v8";
import { fileURLToPath } from "node:url";
import { measureRate } from "./measure.mjs";
import { formatSection } from "./report.mjs";
import { jsGemm } from "./plain_js.mjs";
import { loadTfjs, useBackend, tfGemm, tfAdam, tfMlp, tfTiny, tfConv, tfTensorCount } from "./tfjs.mjs";
import { wtGemm, wtAdam, wtMlp, wtTiny, wtConv, memoryFlatness, loadPeak } from "./wasmtune.mjs";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const jsonArg = args.find((a) => a.startsWith("--json"));
const cfg = quick
  ? { sizes: [64, 256], slowMax: 256, samples: 3, minTime: 0.02, warmup: 0.15, budget: 0.5, adam: 1 << 20, mlp: [32, 256], tiny: [32], conv: [[32, [16, 32, 16]]], flatSteps: 20, tinyFlatSteps: 10000 }
  : { sizes: [64, 128, 256, 512, 1024], slowMax: 512, samples: 5, minTime: 0.05, warmup: 0.3, budget: 6, adam: 1 << 20, mlp: [32, 256], tiny: [32], conv: [[32, [1, 8, 28]], [32, [16, 32, 16]]], flatSteps: 200, tinyFlatSteps: 100000 };
const timing = { samples: cfg.samples, minTime: cfg.minTime, warmup: cfg.warmup, budget: cfg.budget };
const LAYOUTS = ["NN", "NT", "TN"];
const log = (msg) => process.stderr.write(`${msg}\n`);

/** Measure a [step, dispose] case made by `make` and release it. */
function run(make, work) {
  const [step, dispose] = make();
  try {
    return measureRate(step, work, timing);
  } finally {
    dispose();
  }
}

async function tfjsRun(backend, make, work) {
  await useBackend(backend);
  const before = tfTensorCount();
  const r = run(make, work);
  if (tfTensorCount() !== before) throw new Error(`bench: the tfjs ${backend} case leaked ${tfTensorCount() - before} tensors`);
  return r;
}

function torchPeer(spec) {
  const script = fileURLToPath(new URL("./torch_peer.py", import.meta.url));
  const env = { ...process.env, OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  const r = spawnSync("/usr/bin/python3", [script], { input: JSON.stringify({ ...spec, ...timing }), env, encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    log(`torch column skipped: ${(r.stderr || r.error?.message || "no output").trim().split("\n").pop()}`);
    return undefined;
  }
  return JSON.parse(r.stdout);
}

function lscpuModel() {
  const r = spawnSync("lscpu", [], { encoding: "utf8" });
  return r.stdout?.match(/Model name:\s*(.+)/)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
}

// Node 20 has relaxed SIMD only behind a V8 flag; from Node 22 it is on and
// newer V8s reject the flag, so it is only set where the engine lacks the feature.
if (!WebAssembly.validate(readFileSync(new URL("../dist/wasmtune.relaxed.wasm", import.meta.url)))) {
  v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
}
const wtRelaxed = await import("./wasmtune.mjs?relaxed");
if (!wtRelaxed.relaxedSimd) log("wasmtune relaxed column skipped: this engine has no relaxed SIMD");
/** The relaxed build's figure for a case made by `make(wasmtune module)`, if it runs here. */
const relaxedRun = (make, work) => (wtRelaxed.relaxedSimd ? run(() => make(wtRelaxed), work) : undefined);

const tfjs = await loadTfjs();
log(`tfjs-backend-wasm ${tfjs.version} loaded ${tfjs.wasmBinary} (threads: ${tfjs.wasmThreads})`);
const rows = [];
const add = (section, id, label, unit, results) => rows.push({ section, id, label, unit, results });

log("torch peer…");
const gemmCases = cfg.sizes.flatMap((n) => LAYOUTS.map((l) => [n, l]));
const torch = torchPeer({ gemm: gemmCases, adam: cfg.adam, mlp: cfg.mlp, tiny: cfg.tiny, conv: cfg.conv });
const torchResult = (id) => torch?.results[id];

for (const [n, layout] of gemmCases) {
  log(`SGEMM ${layout} ${n}…`);
  const gflop = (2 * n ** 3) / 1e9;
  const results = { wasmtune: run(() => wtGemm(n, layout), gflop) };
  if (layout === "NN" && n === 256) results["wasmtune relaxed"] = relaxedRun((w) => w.wtGemm(n, layout), gflop);
  results["tfjs-wasm"] = await tfjsRun("wasm", () => tfGemm(n, layout), gflop);
  if (n <= cfg.slowMax) {
    results["tfjs-cpu"] = await tfjsRun("cpu", () => tfGemm(n, layout), gflop);
    const [a, b, c] = [0, 1, 2].map(() => Float32Array.from({ length: n * n }, () => Math.random() - 0.5));
    results["plain JS"] = run(() => [() => jsGemm(layout, a, b, c, n, n, n), () => {}], gflop);
  }
  results.torch = torchResult(`gemm ${layout} ${n}`);
  add("SGEMM", `gemm ${layout} ${n}`, `${layout} ${n}×${n}×${n}`, "GFLOP/s", results);
}

log("yardsticks…");
const yard = await loadPeak();
const [peakStep, peakFlops] = yard.peak(1 << 20);
add("Yardsticks", "peak", "WASM f32x4 mul+add, registers only", "GFLOP/s", { wasmtune: run(() => [peakStep, () => {}], peakFlops / 1e9) });
const [copyStep, copyBytes] = yard.copy(16 << 20);
add("Memory", "copy", "WASM memory.copy 16 MB", "GB/s touched", { wasmtune: run(() => [copyStep, () => {}], copyBytes / 1e9) });

log("Adam…");
// param read+write, grad read, exp_avg and exp_avg_sq read+write: 28 bytes per element.
const adamGB = (28 * cfg.adam) / 1e9;
add("Memory", "adam", `Adam step, ${cfg.adam} params`, "GB/s touched", {
  wasmtune: run(() => wtAdam(cfg.adam), adamGB),
  "wasmtune relaxed": relaxedRun((w) => w.wtAdam(cfg.adam), adamGB),
  "tfjs-wasm": await tfjsRun("wasm", () => tfAdam(cfg.adam), adamGB),
  torch: torchResult("adam"),
});
const [floorStep, floorBytes] = yard.adamFloor(cfg.adam);
add("Memory", "adam floor", `Adam floor (sqrt + 1 div per element), ${cfg.adam} params`, "GB/s touched", {
  wasmtune: run(() => [floorStep, () => {}], floorBytes / 1e9),
});

for (const batch of cfg.mlp) {
  log(`MLP batch ${batch}…`);
  add("Training", `mlp ${batch}`, `MLP 784-256-128-10 (CE, Adam), batch ${batch}`, "samples/s", {
    wasmtune: run(() => wtMlp(batch), batch),
    "wasmtune relaxed": relaxedRun((w) => w.wtMlp(batch), batch),
    "tfjs-wasm": await tfjsRun("wasm", () => tfMlp(batch), batch),
    "tfjs-cpu": await tfjsRun("cpu", () => tfMlp(batch), batch),
    torch: torchResult(`mlp ${batch}`),
  });
}
for (const batch of cfg.tiny) {
  log(`tiny model batch ${batch}…`);
  add("Training", `tiny ${batch}`, `2-16-1 (BCEWithLogits, Adam), batch ${batch}`, "steps/s", {
    wasmtune: run(() => wtTiny(batch), 1),
    "tfjs-wasm": await tfjsRun("wasm", () => tfTiny(batch), 1),
    "tfjs-cpu": await tfjsRun("cpu", () => tfTiny(batch), 1),
    torch: torchResult(`tiny ${batch}`),
  });
}

for (const [batch, shape] of cfg.conv) {
  const [cin, cout, size] = shape;
  log(`Conv2d ${cin}→${cout} ${size}×${size} batch ${batch}…`);
  // tfjs-backend-wasm has no Conv2DBackpropFilter kernel: its column times the forward pass only.
  add("Training", `conv ${batch} ${shape}`, `Conv2d ${cin}→${cout} 3×3 same on ${size}×${size}, forward+backward, batch ${batch}`, "samples/s", {
    wasmtune: run(() => wtConv(batch, shape), batch),
    "tfjs-cpu": await tfjsRun("cpu", () => tfConv(batch, shape), batch),
    torch: torchResult(`conv ${batch} ${shape}`),
  });
  add("Training", `conv forward ${batch} ${shape}`, `Conv2d ${cin}→${cout} 3×3 same on ${size}×${size}, forward only, batch ${batch}`, "samples/s", {
    wasmtune: run(() => wtConv(batch, shape, true), batch),
    "tfjs-wasm": await tfjsRun("wasm", () => tfConv(batch, shape, true), batch),
    torch: torchResult(`conv forward ${batch} ${shape}`),
  });
}

// Steady-state training must not grow linear memory: the MLP for large
// buffers, the tiny model for 10^5 steps (the bar) in a few seconds.
function flatness(make, steps) {
  const [step, dispose] = make();
  step();
  const f = memoryFlatness(step, steps);
  dispose();
  return f;
}
const flat = flatness(() => wtMlp(256), cfg.flatSteps);
const tinyFlat = flatness(() => wtTiny(32), cfg.tinyFlatSteps);

const machine = {
  cpu: lscpuModel(),
  cores: os.cpus().length,
  node: process.version,
  relaxedSimd: wtRelaxed.relaxedSimd ? "yes (wasmtune relaxed column)" : "no",
  tfjs: tfjs.version,
  tfjsWasmBinary: tfjs.wasmBinary,
  tfjsWasmThreads: tfjs.wasmThreads,
  torch: torch ? `${torch.version} (${torch.threads} thread)` : "unavailable",
  timing: `process CPU time; ${cfg.samples} samples of ≥${cfg.minTime}s after warm-up${quick ? " (--quick)" : ""}`,
};
const report = { machine, rows, memory: flat, memoryTiny: tinyFlat };
if (jsonArg === "--json") {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  if (jsonArg?.startsWith("--json=")) writeFileSync(jsonArg.slice(7), `${JSON.stringify(report, null, 2)}\n`);
  console.log(Object.entries(machine).map(([k, v]) => `${k}: ${v}`).join("\n"));
  for (const section of [...new Set(rows.map((r) => r.section))]) {
    const sectionRows = rows.filter((r) => r.section === section);
    for (const unit of [...new Set(sectionRows.map((r) => r.unit))]) {
      console.log(`\n${formatSection(section, sectionRows.filter((r) => r.unit === unit))}`);
    }
  }
  console.log("");
  for (const [name, f] of [["MLP batch 256", flat], ["2-16-1 batch 32", tinyFlat]]) {
    console.log(`Memory flatness (${name}): linear memory ${f.before.memoryBytes} → ${f.after.memoryBytes} bytes, allocated ${f.before.allocatedBytes} → ${f.after.allocatedBytes} bytes over ${f.steps} steps`);
  }
}
