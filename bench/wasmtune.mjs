// The wasmtune side of each benchmark case, through the public API (dist/),
// plus the bench-only yardstick module (build/bench-peak.wasm). Imported as
// `wasmtune.mjs?relaxed`, it drives a second copy of the package (bundled
// into one file, so that it has its own init() state) that asks for the
// relaxed-SIMD build; `relaxedSimd` says whether it got it.
import { existsSync, readFileSync, rmSync } from "node:fs";
import v8 from "node:v8";
import { bundleCopy } from "../scripts/bundle_copy.mjs";

const relaxed = new URL(import.meta.url).searchParams.has("relaxed");
// Node 20 has relaxed SIMD only behind a V8 flag; from Node 22 it is on and
// newer V8s reject the flag, so it is only set where the engine lacks the feature.
if (relaxed && !WebAssembly.validate(readFileSync(new URL("../dist/wasmtune.relaxed.wasm", import.meta.url)))) {
  v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
}
const copy = relaxed ? await bundleCopy() : undefined;
if (copy) process.once("exit", () => rmSync(new URL(".", copy), { recursive: true, force: true }));
const { init, runtimeInfo, Tensor, Generator, nn, optim, memoryStats } = await import(copy ? copy.href : "../dist/index.js");
const runtime = await init({ relaxedSimd: relaxed });

/** True when this copy runs build/wasmtune.relaxed.wasm. */
export const relaxedSimd = runtimeInfo().relaxedSimd;
const g = new Generator(0);

function uniform(shape, lo, hi) {
  const t = Tensor.empty(shape);
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = g.uniform(lo, hi);
  return t;
}

/** C = A·B in a layout through the GEMM kernel. Returns [step, dispose]. */
export function wtGemm(n, layout) {
  const [a, b, c] = [uniform([n, n], -0.5, 0.5), uniform([n, n], -0.5, 0.5), Tensor.empty([n, n])];
  const gemm = runtime.k[`gemm${layout}`];
  return [() => gemm(a.ptr, b.ptr, c.ptr, n, n, n, 0, 0), () => [a, b, c].forEach((t) => t.dispose())];
}

/** One optim.Adam step on a single parameter of `size` elements. */
export function wtAdam(size) {
  const p = new nn.Parameter(Tensor.full([size], 0.5));
  p.grad.data.fill(0.01);
  const opt = new optim.Adam([p], { lr: 1e-3 });
  return [() => opt.step(), () => p.dispose()];
}

function trainer(model, loss, x, y) {
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const step = () => {
    opt.zeroGrad();
    loss.forward(model.forward(x), y);
    // Like PyTorch with data that does not require grad: no input gradient.
    model.backwardParams(loss.backward());
    opt.step();
  };
  return [step, () => [model, x, y].forEach((t) => t.dispose())];
}

/** 784-256-128-10 ReLU MLP, CrossEntropyLoss, Adam: one training step on a fixed batch. */
export function wtMlp(batch) {
  const model = new nn.Sequential(
    new nn.Linear(784, 256, { generator: g }), new nn.ReLU(),
    new nn.Linear(256, 128, { generator: g }), new nn.ReLU(),
    new nn.Linear(128, 10, { generator: g }),
  );
  const y = Tensor.from(Int32Array.from({ length: batch }, () => Math.floor(g.uniform(0, 10))), [batch], "int32");
  return trainer(model, new nn.CrossEntropyLoss(), uniform([batch, 784], 0, 1), y);
}

/** 2-16-1 ReLU network, BCEWithLogitsLoss, Adam: one training step on a fixed batch. */
export function wtTiny(batch) {
  const model = new nn.Sequential(new nn.Linear(2, 16, { generator: g }), new nn.ReLU(), new nn.Linear(16, 1, { generator: g }));
  const x = uniform([batch, 2], -1, 1);
  const xs = x.data;
  const y = Tensor.from(Float32Array.from({ length: batch }, (_, i) => (xs[2 * i] * xs[2 * i + 1] > 0 ? 1 : 0)), [batch, 1]);
  return trainer(model, new nn.BCEWithLogitsLoss(), x, y);
}

/**
 * One layer of a convolution case (bench/run.mjs, CONV_CASES): Conv2d
 * forward and backward (weight and bias gradients, and the input's unless
 * `inputGrad` is false, as for a network's first layer), or the forward alone.
 */
export function wtConv({ batch, cin, cout, size, kernel, padding, groups, inputGrad }, forwardOnly = false) {
  const conv = new nn.Conv2d(cin, cout, kernel, { padding, groups, generator: g });
  const x = uniform([batch, cin, size, size], -1, 1);
  const dy = uniform(conv.forward(x).shape, -1, 1);
  const step = () => {
    conv.zeroGrad();
    conv.forward(x);
    if (forwardOnly) return;
    if (inputGrad) conv.backward(dy);
    else conv.backwardParams(dy);
  };
  return [step, () => [conv, x, dy].forEach((t) => t.dispose())];
}

/** MaxPool2d(2) forward and backward over [batch, channels, size, size]. */
export function wtMaxPool({ batch, channels, size }) {
  const pool = new nn.MaxPool2d(2);
  const x = uniform([batch, channels, size, size], -1, 1);
  const dy = uniform(pool.forward(x).shape, -1, 1);
  const step = () => {
    pool.forward(x);
    pool.backward(dy);
  };
  return [step, () => [pool, x, dy].forEach((t) => t.dispose())];
}

/** Linear-memory size and bytes handed out, before and after `steps` more steps. */
export function memoryFlatness(step, steps) {
  const before = memoryStats();
  for (let i = 0; i < steps; i++) step();
  return { steps, before, after: memoryStats() };
}

/** The yardstick module: register-only f32x4 peak, memory.copy and the Adam floor. */
export async function loadPeak() {
  const file = new URL("../build/bench-peak.wasm", import.meta.url);
  if (!existsSync(file)) throw new Error("bench: build/bench-peak.wasm is missing; run `npm run bench` (it builds it) or `npx asc --config bench/wasm/asconfig.json` first");
  const bytes = readFileSync(file);
  const { instance } = await WebAssembly.instantiate(bytes, { env: { abort() {} } });
  const e = instance.exports;
  const opsPerIter = e.PEAK_OPS_PER_ITER.value;
  // Bytes above the module's static data, grown to fit; the yardsticks reuse them.
  const reserve = (bytes) => {
    const base = Math.ceil(e.heapBase() / 16) * 16;
    const need = base + bytes - e.memory.buffer.byteLength;
    if (need > 0) e.memory.grow(Math.ceil(need / 65536));
    return base;
  };
  return {
    /** [step, flops per step] for `iters` iterations of the peak loop. */
    peak(iters) {
      return [() => e.peakMulAdd(iters, 1), iters * opsPerIter * 4];
    },
    /** [step, bytes touched per step] copying `bytes` bytes (read + write). */
    copy(bytes) {
      const base = reserve(2 * bytes);
      return [() => e.copyBytes(base + bytes, base, bytes), 2 * bytes];
    },
    /** [step, bytes touched per step] for the Adam floor over `size` elements (28 bytes each, as Adam). */
    adamFloor(size) {
      const base = reserve(16 * size);
      new Float32Array(e.memory.buffer, base, 4 * size).fill(0.01);
      const [p, g, m, v] = [0, 1, 2, 3].map((i) => base + 4 * size * i);
      return [() => e.adamFloor(p, g, m, v, size, 0.9, 0.999, 1.5, 1e-8, -1e-3), 28 * size];
    },
  };
}
