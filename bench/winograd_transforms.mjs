// A/B timing of the Winograd transform kernels of two builds in one process:
// `node bench/winograd_transforms.mjs old.wasm [new.wasm]` (new defaults to
// build/wasmtune.wasm; ONLY=fashion2,... picks cases, ROUNDS and MIN_TIME set
// the timing). Each case calls the input and output transforms, their
// adjoints and the kernel transform and its adjoint once on one chunk of a
// layer (the samples WinogradEngine transforms at once, CHUNK_VALUES in
// src/nn/conv/winograd.ts) with the same random data in both modules, checks
// that both give the same bits, then times the two builds alternately (CPU
// time, median of the rounds) and prints milliseconds per call. The machine is
// shared: compare the two columns of one run, not runs.
import { readFileSync } from "node:fs";
import { alternate } from "./measure.mjs";

// One chunk of a layer (padding 1): F(m×m, 3×3), samples per chunk, channels, plane size.
const CASES = [
  { id: "fashion2", m: 5, n: 16, c: 32, cout: 64, size: 14 },
  { id: "fashion2 F(4x4)", m: 4, n: 14, c: 32, cout: 64, size: 14 },
  { id: "digits2", m: 2, n: 16, c: 16, cout: 32, size: 8 },
  { id: "28x28", m: 4, n: 4, c: 32, cout: 32, size: 28 },
];
const ROUNDS = Number(process.env.ROUNDS ?? 11);
const MIN_TIME = Number(process.env.MIN_TIME ?? 0.02);

function load(file) {
  return new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), {}).exports;
}

// Floats between two blocks ξ of V or M, as the engine lays them out (a whole number of 4 KB pages plus a cache line).
const blockFloats = (floats) => Math.ceil(floats / 1024) * 1024 + 16;

/** The chunk's buffers in module e and its kernel calls as closures, with the buffer each writes. */
function chunk(e, { m, n, c, cout, size }) {
  const hp = size + 2, oh = size, tiles = Math.ceil(oh / m), T = n * tiles * tiles, P = (m + 2) ** 2;
  const vBlock = blockFloats(c * T), mBlock = blockFloats(cout * T);
  const sizes = {
    x: n * c * size * size, v: P * vBlock, pad: m === 5 ? n * (5 * tiles + 2) * (5 * tiles + 3) : (m * tiles + 2) * (m * Math.ceil(tiles / 4) * 4 + m), mm: P * mBlock, bias: cout,
    y: n * cout * oh * oh, dy: n * cout * oh * oh, dm: P * mBlock, dv: P * vBlock, gx: n * c * size * size,
    w: cout * c * 9, u: P * cout * c, du: P * cout * c, gw: cout * c * 9,
  };
  let top = Math.ceil(e.heapBase() / 64) * 64;
  const at = {};
  for (const [name, count] of Object.entries(sizes)) {
    at[name] = top;
    top += Math.ceil((count * 4 + 64) / 64) * 64;
  }
  const need = top - e.memory.buffer.byteLength;
  if (need > 0) e.memory.grow(Math.ceil(need / 65536));
  let seed = 12345;
  const f32 = new Float32Array(e.memory.buffer);
  for (const name of ["x", "mm", "bias", "dy", "dv", "w", "du"]) {
    for (let i = 0; i < sizes[name]; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      f32[at[name] / 4 + i] = (seed / 2 ** 32) * 2 - 1;
    }
  }
  const p = m === 2 ? "winograd" : `winograd${m}`, geo = [n, c, size, size, 1, 1, hp, hp, tiles, tiles, 0];
  return {
    at,
    sizes,
    kernels: {
      input: [() => e[`${p}Input`](at.x, at.v, vBlock, at.pad, ...geo), "v"],
      output: [() => e[`${p}Output`](at.mm, mBlock, at.bias, at.y, n, cout, oh, oh, tiles, tiles), "y"],
      outputGrad: [() => e[`${p}OutputGrad`](at.dy, at.dm, mBlock, n, cout, oh, oh, tiles, tiles), "dm"],
      inputGrad: [() => e[`${p}InputGrad`](at.dv, vBlock, at.gx, at.pad, ...geo), "gx"],
      filter: [() => e[`${p}Filter`](at.w, at.u, cout, c), "u"],
      filterGrad: [() => e[`${p}FilterGrad`](at.du, at.gw, cout, c, 0), "gw"],
    },
  };
}

function sameBits(ea, ca, eb, cb, name) {
  const a = new Uint32Array(ea.memory.buffer, ca.at[name], ca.sizes[name]);
  const b = new Uint32Array(eb.memory.buffer, cb.at[name], cb.sizes[name]);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

if (!process.argv[2]) throw new Error("usage: node bench/winograd_transforms.mjs old.wasm [new.wasm]");
const mods = [process.argv[2], process.argv[3] ?? new URL("../build/wasmtune.wasm", import.meta.url)].map(load);
const only = process.env.ONLY?.split(",");
for (const spec of CASES.filter((s) => !only || only.includes(s.id))) {
  const chunks = mods.map((e) => chunk(e, spec));
  const row = [];
  for (const [name, [, out]] of Object.entries(chunks[0].kernels)) {
    const fns = chunks.map((ch) => ch.kernels[name][0]);
    fns.forEach((fn) => fn());
    const bits = sameBits(mods[0], chunks[0], mods[1], chunks[1], out) ? "" : ", bits differ";
    const [a, b] = alternate(fns, { rounds: ROUNDS, minTime: MIN_TIME, warmup: 0.1 }).map((seconds) => seconds * 1e3);
    row.push(`${name} ${a.toFixed(3)} → ${b.toFixed(3)} ms (×${(b / a).toFixed(2)}${bits})`);
  }
  console.log(`${spec.id}: ${row.join("; ")}`);
}
