// The benchmark suite: `npm run bench [-- --quick] [-- --no-fallback] [-- --json[=file]] [-- --only=SECTION,…]`.
// Runs every case for wasmtune and its peers (tfjs-backend-wasm, tfjs-backend-cpu,
// plain JavaScript, PyTorch CPU on one thread) and prints one table per
// section; --json prints (or with =file writes) the same figures as JSON.
// The opt-in relaxed-SIMD build gets a column of its own where its fused
// multiply-adds run: SGEMM NN 256, Adam, the MLP and the convolutions.
// See docs/performance.md for the method and the latest figures.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { measureRate } from "./measure.mjs";
import { summarizeRounds, sweptRounds, torchServer } from "./paired_rounds.mjs";
import { CONV_CASES, POOL_CASES } from "./conv_cases.mjs";
import { formatSection } from "./report.mjs";
import { jsGemm } from "./plain_js.mjs";
import { loadTfjs, useBackend, tfGemm, tfAdam, tfMlp, tfTiny, tfConv, tfConvCpuFallback, tfWasmMissingKernels, tfMaxPool, tfTensorCount } from "./tfjs.mjs";
import { wtGemm, wtAdam, wtMlp, wtTiny, wtConv, wtMaxPool, memoryFlatness, loadPeak } from "./wasmtune.mjs";

const args = process.argv.slice(2);
const USAGE = "usage: node bench/run.mjs [--quick] [--no-fallback] [--json[=file]] [--only=SECTION,…]";
if (args.includes("--help")) {
  console.log(USAGE);
  process.exit(0);
}
const unknownArg = args.find((a) => a !== "--quick" && a !== "--no-fallback" && a !== "--json" && !a.startsWith("--json=") && !a.startsWith("--only="));
if (unknownArg !== undefined) {
  console.error(`bench: unknown argument ${unknownArg}\n${USAGE}`);
  process.exit(2);
}
const quick = args.includes("--quick");
// The tfjs cpu-fallback peer takes minutes per batch (below); --no-fallback leaves it out of a full run.
const fallbackPeer = !quick && !args.includes("--no-fallback");
const jsonArg = args.find((a) => a.startsWith("--json"));
const cfg = quick
  ? { sizes: [64, 256], slowMax: 256, samples: 3, minTime: 0.02, warmup: 0.15, budget: 0.5, adam: 1 << 20, mlp: [32, 256], tiny: [32], conv: ["fashion2", "depthwise"], pool: ["fashion1"], flatSteps: 20, tinyFlatSteps: 10000 }
  : { sizes: [64, 128, 256, 512, 1024], slowMax: 512, samples: 5, minTime: 0.05, warmup: 0.3, budget: 6, adam: 1 << 20, mlp: [32, 256], tiny: [32], conv: ["fashion1", "fashion2", "fashion1 128", "fashion2 128", "digits1", "digits2", "depthwise", "1x1"], pool: ["fashion1", "fashion2"], flatSteps: 200, tinyFlatSteps: 100000 };
// --only=conv,training runs just those sections.
const SECTIONS = ["gemm", "yardsticks", "adam", "training", "conv", "flatness"];
const onlyArg = args.find((a) => a.startsWith("--only="));
const only = onlyArg ? onlyArg.slice("--only=".length).split(",") : SECTIONS;
const unknownSection = only.find((s) => !SECTIONS.includes(s));
if (unknownSection !== undefined) throw new Error(`bench: unknown section "${unknownSection}" in --only; the sections are ${SECTIONS.join(", ")}`);
const want = (section) => only.includes(section);
if (!want("gemm")) cfg.sizes = [];
if (!want("training")) cfg.mlp = cfg.tiny = [];
if (!want("conv")) cfg.conv = cfg.pool = [];
const convCases = cfg.conv.map((id) => ({ id, ...CONV_CASES[id] }));
const poolCases = cfg.pool.map((id) => ({ id, ...POOL_CASES[id] }));
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
const torch = torchPeer({ gemm: gemmCases, adam: want("adam") ? cfg.adam : 0, mlp: cfg.mlp, tiny: cfg.tiny, pool: poolCases });
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

const yard = await loadPeak();
if (want("yardsticks")) {
  log("yardsticks…");
  const [peakStep, peakFlops] = yard.peak(1 << 20);
  add("Yardsticks", "peak", "WASM f32x4 mul+add, registers only", "GFLOP/s", { wasmtune: run(() => [peakStep, () => {}], peakFlops / 1e9) });
  const [copyStep, copyBytes] = yard.copy(16 << 20);
  add("Memory", "copy", "WASM memory.copy 16 MB", "GB/s touched", { wasmtune: run(() => [copyStep, () => {}], copyBytes / 1e9) });
}

if (want("adam")) {
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
}

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

// The convolutions, where torch's speed moves most between runs minutes apart, time torch in
// rounds alternating with ours instead, both pinned to one CPU, the rounds of all cases spread
// over the section (bench/paired_rounds.mjs): bench/paired.mjs's rounds, fewer with --quick.
const pairing = { rounds: quick ? 3 : 7, timing: { samples: 3, minTime: 0.2, warmup: 0.3, budget: 30 } };
const torchConv = torch && convCases.length > 0 ? torchServer() : undefined;
const convEntries = convCases.flatMap((c) => [false, true].map((forward) => ({ c, forward })));
if (torchConv) log(`convolutions against torch: ${pairing.rounds} paired rounds of ${convEntries.length} cases…`);
const convSwept = torchConv ? await sweptRounds(convEntries, wtConv, torchConv, pairing) : [];
torchConv?.close();
/** wasmtune's and (when it runs) torch's figures for a convolution case. */
function convPair(c, forward) {
  if (!torchConv) return { wasmtune: run(() => wtConv(c, forward), c.batch) };
  const p = summarizeRounds(convSwept[convEntries.findIndex((e) => e.c === c && e.forward === forward)]);
  return { wasmtune: p.ours, torch: p.theirs };
}

// tfjs-backend-wasm has no Conv2DBackpropFilter and no depthwise backprop
// kernels (4.22), so no convolution's backward pass runs on it alone. Its
// forward + backward figure is what a tfjs user gets by registering
// tfjs-backend-cpu's kernels for the missing ones (tfConvCpuFallback): the
// row names them, and the column says "+ cpu fallback". The cpu kernels
// take up to minutes per batch, so --quick and --no-fallback leave that column out, and
// tfjs-backend-cpu alone is left out too.
for (const c of convCases) {
  log(`${c.label}, batch ${c.batch}…`);
  const grads = c.inputGrad ? "all gradients" : "weight and bias gradients";
  const missing = tfWasmMissingKernels(c);
  const fallback = missing.length > 0 && fallbackPeer ? `; tfjs-wasm + cpu fallback for ${missing.join(", ")}` : "";
  const tfjsPeer = missing.length > 0 ? "tfjs-wasm + cpu fallback" : "tfjs-wasm";
  add("Convolutions", `conv ${c.id}`, `${c.label}, batch ${c.batch}: forward + backward (${grads}${fallback})`, "samples/s", {
    ...convPair(c, false),
    "wasmtune relaxed": relaxedRun((w) => w.wtConv(c), c.batch),
    [tfjsPeer]: !fallbackPeer && missing.length > 0 ? undefined : await tfjsRun("wasm", () => tfConvCpuFallback(c), c.batch),
  });
  add("Convolutions", `conv forward ${c.id}`, `${c.label}, batch ${c.batch}: forward`, "samples/s", {
    ...convPair(c, true),
    "tfjs-wasm": await tfjsRun("wasm", () => tfConv(c, true), c.batch),
  });
}
for (const c of poolCases) {
  log(`${c.label}, batch ${c.batch}…`);
  add("Convolutions", `pool ${c.id}`, `${c.label}, batch ${c.batch}: forward + backward`, "samples/s", {
    wasmtune: run(() => wtMaxPool(c), c.batch),
    "tfjs-wasm": await tfjsRun("wasm", () => tfMaxPool(c), c.batch),
    torch: torchResult(`pool ${c.id}`),
  });
}

// Steady-state training must not grow linear memory: the MLP for large
// buffers, the tiny model for 10^5 steps (the issue's bar) in a few seconds.
function flatness(make, steps) {
  const [step, dispose] = make();
  step();
  const f = memoryFlatness(step, steps);
  dispose();
  return f;
}
const flat = want("flatness") ? flatness(() => wtMlp(256), cfg.flatSteps) : undefined;
const tinyFlat = want("flatness") ? flatness(() => wtTiny(32), cfg.tinyFlatSteps) : undefined;

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
  convolutions: torchConv ? `wasmtune and torch timed in ${pairing.rounds} alternating rounds (spread over the section) of ${pairing.timing.samples} samples of ≥${pairing.timing.minTime}s${torchConv.cpu === undefined ? "" : `, both on CPU ${torchConv.cpu}`}; figures over the rounds` : "wasmtune alone",
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
    if (f === undefined) continue;
    console.log(`Memory flatness (${name}): linear memory ${f.before.memoryBytes} → ${f.after.memoryBytes} bytes, allocated ${f.before.allocatedBytes} → ${f.after.allocatedBytes} bytes over ${f.steps} steps`);
  }
}
