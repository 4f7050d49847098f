// Direct access to the compiled kernels for kernel tests: instantiates
// build/wasmtune.wasm on its own (independent of the host runtime) with a
// bump allocator, so a test can lay out inputs, call a kernel by pointer and
// read the result back.
import { readFileSync } from "node:fs";
import { instantiate } from "../../build/wasmtune.js";

const bytes = readFileSync(new URL("../../build/wasmtune.wasm", import.meta.url));
/** The kernel exports. */
export const k = await instantiate(new WebAssembly.Module(bytes), {});
const memory = k.memory;
const base = Math.ceil(k.heapBase() / 16) * 16;
let top = base;

/** Forget every allocation (call at the start of each test case). */
export function reset() {
  top = base;
}

/** Allocate n f32 slots (16-byte aligned, zeroed) and return the byte offset. */
export function alloc(n) {
  const ptr = top;
  top += Math.max(16, Math.ceil((n * 4) / 16) * 16);
  if (top > memory.buffer.byteLength) memory.grow(Math.ceil((top - memory.buffer.byteLength) / 65536));
  new Uint8Array(memory.buffer, ptr, n * 4).fill(0);
  return ptr;
}

/** Copy numbers into fresh memory and return the byte offset. */
export function put(values) {
  const ptr = alloc(values.length);
  new Float32Array(memory.buffer, ptr, values.length).set(values);
  return ptr;
}

/** Copy n f32 values out of memory. */
export function get(ptr, n) {
  return new Float32Array(memory.buffer.slice(ptr, ptr + n * 4));
}

/** Deterministic pseudo-random floats in [lo, hi), rounded to f32 (a tiny LCG: tests need no Generator). */
export function randoms(n, lo = -1, hi = 1, seed = 1) {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((hi - lo) * s) / 4294967296;
  }
  return out;
}

/** Distance in units in the last place between two f32 values (0 for equal, Infinity across a NaN mismatch). */
export function ulpDiff(a, b) {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  const ia = orderedBits(a);
  const ib = orderedBits(b);
  return Math.abs(ia - ib);
}

const f = new Float32Array(1);
const i = new Int32Array(f.buffer);
function orderedBits(x) {
  f[0] = x;
  return i[0] < 0 ? -2147483648 - i[0] : i[0];
}

/** f64 error function (Taylor series below 3, continued fraction above) for reference values. */
export function erf(x) {
  const a = Math.abs(x);
  let r;
  if (a < 3) {
    let s = 0;
    let term = a;
    for (let n = 0; n < 200 && Math.abs(term) > 1e-30; n++) {
      s += term / (2 * n + 1);
      term *= (-a * a) / (n + 1);
    }
    r = (s * 2) / Math.sqrt(Math.PI);
  } else {
    let cf = 0;
    for (let n = 60; n >= 1; n--) cf = n / 2 / (a + cf);
    r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + cf);
  }
  return x < 0 ? -r : r;
}

/** Run a unary kernel `name(x, out, n)` on values and return the output. */
export function unary(name, values, ...extra) {
  reset();
  const x = put(values);
  const y = alloc(values.length);
  k[name](x, y, ...extra, values.length);
  return get(y, values.length);
}
