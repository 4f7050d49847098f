// A/B timing of the direct (depthwise-engine) convolution kernels of two
// builds in one process: `node bench/direct_conv.mjs old.wasm [new.wasm]`
// (new defaults to build/wasmtune.wasm; ONLY=fashion1,... picks cases,
// ROUNDS and MIN_TIME set the timing). Each case makes the kernel calls
// DepthwiseEngine makes for one layer step (forward, weight and bias
// gradients, and the input gradient when the layer needs it) on the same
// random data in both modules, checks that both give the same bits, then
// times the two builds alternately (CPU time, median of the rounds) and
// prints samples/s per pass. The machine is shared: compare the two columns
// of one run, not runs.
import { readFileSync } from "node:fs";
import { alternate } from "./measure.mjs";

const CASES = [
  { id: "fashion1", n: 64, c: 1, m: 32, size: 28, inputGrad: false },
  { id: "fashion1 128", n: 128, c: 1, m: 32, size: 28, inputGrad: false },
  { id: "digits1", n: 64, c: 1, m: 16, size: 8, inputGrad: false },
  { id: "depthwise", n: 64, c: 32, m: 1, size: 14, inputGrad: true },
];
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const MIN_TIME = Number(process.env.MIN_TIME ?? 0.15);

function load(file) {
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), {});
  return exports;
}

/** The layer's buffers in module e (a 3×3 kernel, padding 1, stride 1) and its passes as closures. */
function layer(e, { n, c, m, size }) {
  const k = 3, oh = size, ow = size, hp = size + 2, wp = size + 2, co = c * m;
  let top = Math.ceil(e.heapBase() / 16) * 16;
  const sizes = { x: n * c * size * size, w: co * 9, b: co, y: n * co * oh * ow, dy: n * co * oh * ow, gw: co * 9, gb: co, gx: n * c * size * size, pad: hp * wp + 3, gpad: hp * wp, dpad: (oh + 4) * (ow + 4) + 3 };
  const at = {};
  for (const [name, count] of Object.entries(sizes)) {
    at[name] = top;
    top += Math.ceil((count * 4) / 16) * 16;
  }
  const need = top - e.memory.buffer.byteLength;
  if (need > 0) e.memory.grow(Math.ceil(need / 65536));
  let seed = 12345;
  const f32 = new Float32Array(e.memory.buffer);
  for (const name of ["x", "w", "b", "dy"]) {
    for (let i = 0; i < sizes[name]; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      f32[at[name] / 4 + i] = (seed / 2 ** 32) * 2 - 1;
    }
  }
  const geo = [n, c, m, size, size, oh, ow, k, k, 1, 1, 1, 1, 1, 1, hp, wp, 0];
  const L = oh * ow;
  return {
    at,
    sizes,
    forward: () => e.depthwiseForward(at.x, at.w, at.b, at.y, at.pad, ...geo),
    // The weight and bias gradients: one call in builds where depthwiseWeightGrad takes gb, else rowSums per sample after it.
    params: e.depthwiseWeightGrad.length > 23 ? () => e.depthwiseWeightGrad(at.x, at.dy, at.gw, at.gb, at.pad, 0, 0, ...geo) : () => {
      e.depthwiseWeightGrad(at.x, at.dy, at.gw, at.pad, 0, ...geo);
      for (let s = 0; s < n; s++) e.rowSums(at.dy + s * co * L * 4, at.gb, co, L, s > 0 ? 1 : 0);
    },
    inputGrad: () => e.depthwiseInputGrad(at.dy, at.w, at.gx, at.gpad, at.dpad, ...geo),
  };
}

function sameBits(ea, la, eb, lb, names) {
  for (const name of names) {
    const a = new Uint32Array(ea.memory.buffer, la.at[name], la.sizes[name]);
    const b = new Uint32Array(eb.memory.buffer, lb.at[name], lb.sizes[name]);
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return `${name}[${i}] differs`;
  }
  return "same bits";
}

/** Samples/s of each fn, rounds alternating between the builds. */
function timeAB(fns, n) {
  return alternate(fns, { rounds: ROUNDS, minTime: MIN_TIME, warmup: 0.3 }).map((seconds) => n / seconds);
}

const files = [process.argv[2], process.argv[3] ?? new URL("../build/wasmtune.wasm", import.meta.url)];
if (!process.argv[2]) throw new Error("usage: node bench/direct_conv.mjs old.wasm [new.wasm]");
const mods = files.map(load);
const only = process.env.ONLY?.split(",");
for (const spec of CASES.filter((s) => !only || only.includes(s.id))) {
  const layers = mods.map((e) => layer(e, spec));
  const step = (l) => () => {
    l.forward();
    l.params();
    if (spec.inputGrad) l.inputGrad();
  };
  layers.forEach((l) => step(l)());
  const bits = sameBits(mods[0], layers[0], mods[1], layers[1], spec.inputGrad ? ["y", "gw", "gb", "gx"] : ["y", "gw", "gb"]);
  const passes = { "fwd+bwd": step, forward: (l) => l.forward, "weight+bias grad": (l) => l.params };
  if (spec.inputGrad) passes.inputGrad = (l) => l.inputGrad;
  const row = [];
  for (const [name, make] of Object.entries(passes)) {
    const [a, b] = timeAB(layers.map(make), spec.n);
    row.push(`${name} ${Math.round(a)} → ${Math.round(b)} (×${(b / a).toFixed(2)})`);
  }
  console.log(`${spec.id}: ${bits}; ${row.join("; ")}`);
}
