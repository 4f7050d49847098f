// Elementwise kernels and activations against plain f64 JS references on odd
// and even sizes, so SIMD bodies and tails are both exercised.
import { test } from "node:test";
import { assertClose, SIZES } from "../helpers.mjs";
import { alloc, erf, get, k, put, randoms, reset } from "./harness.mjs";

function binary(name, a, b) {
  reset();
  const out = alloc(a.length);
  k[name](put(a), put(b), out, a.length);
  return get(out, a.length);
}

test("add, sub, mul, scale, axpy, fill, copy match scalar arithmetic", () => {
  for (const n of SIZES) {
    const a = randoms(n, -3, 3, n);
    const b = randoms(n, -3, 3, n + 7);
    assertClose(binary("vecAdd", a, b), Array.from(a, (v, i) => v + b[i]), { msg: `add n=${n}` });
    assertClose(binary("vecSub", a, b), Array.from(a, (v, i) => v - b[i]), { msg: `sub n=${n}` });
    assertClose(binary("vecMul", a, b), Array.from(a, (v, i) => v * b[i]), { msg: `mul n=${n}` });
    reset();
    const out = alloc(n);
    k.vecScale(put(a), -1.5, out, n);
    assertClose(get(out, n), Array.from(a, (v) => -1.5 * v), { msg: `scale n=${n}` });
    const y = put(b);
    k.vecAxpy(0.25, put(a), y, n);
    assertClose(get(y, n), Array.from(a, (v, i) => b[i] + 0.25 * v), { msg: `axpy n=${n}` });
    // A guard element after the row must survive fill and copy.
    const dst = put([...a, 42]);
    k.vecFill(dst, 7, n);
    assertClose(get(dst, n + 1), [...new Array(n).fill(7), 42], { msg: `fill n=${n}` });
    k.vecCopy(put(b), dst, n);
    assertClose(get(dst, n + 1), [...b, 42], { msg: `copy n=${n}` });
  }
});

function checkActivation(name, ref, { extra = [], lo = -6, hi = 6, rtol = 2e-6, atol = 1e-7 } = {}) {
  for (const n of SIZES) {
    const x = randoms(n, lo, hi, 3 * n + 1);
    reset();
    const px = put(x);
    const py = alloc(n + 1);
    k[name](px, py, ...extra, n);
    assertClose(get(py, n + 1), [...Array.from(x, ref), 0], { rtol, atol, msg: `${name} n=${n}` });
  }
}

function checkGradient(name, ref, { fromOutput = null, extra = [], lo = -6, hi = 6, rtol = 5e-6, atol = 1e-7 } = {}) {
  for (const n of SIZES) {
    const x = randoms(n, lo, hi, 5 * n + 2);
    const g = randoms(n, -2, 2, 5 * n + 3);
    const saved = fromOutput ? Float32Array.from(x, fromOutput) : x;
    reset();
    const gx = alloc(n + 1);
    k[name](put(saved), put(g), gx, ...extra, n);
    assertClose(get(gx, n + 1), [...Array.from(x, (v, i) => g[i] * ref(v, saved[i])), 0], { rtol, atol, msg: `${name} n=${n}` });
  }
}

const sigmoid = (v) => 1 / (1 + Math.exp(-v));
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const BETA = Math.sqrt(2 / Math.PI);
const geluTanh = (v) => 0.5 * v * (1 + Math.tanh(BETA * (v + 0.044715 * v ** 3)));
const softplus = (beta, th) => (v) => (v * beta > th ? v : Math.log1p(Math.exp(beta * v)) / beta);

test("activation forwards match their definitions", () => {
  checkActivation("reluForward", (v) => Math.max(v, 0));
  checkActivation("leakyReluForward", (v) => (v > 0 ? v : 0.2 * v), { extra: [0.2] });
  checkActivation("sigmoidForward", sigmoid, { lo: -20, hi: 20 });
  checkActivation("tanhForward", Math.tanh);
  checkActivation("geluForward", (v) => 0.5 * v * (1 + erf(v / Math.SQRT2)), { atol: 1e-6 });
  checkActivation("geluTanhForward", geluTanh, { atol: 1e-6 });
  checkActivation("eluForward", (v) => (v <= 0 ? 0.7 * Math.expm1(v) : v), { extra: [0.7] });
  checkActivation("softplusForward", softplus(1, 20), { extra: [1, 20], lo: -30, hi: 30 });
  // beta * x crosses the threshold inside the range: the linear branch is exact.
  checkActivation("softplusForward", softplus(2, 3), { extra: [2, 3] });
});

// The default tolerance allows a few ulp; GELU's gradients near x = -6 are
// tiny and only absolutely accurate, as in PyTorch.
test("activation backwards match the analytic derivatives", () => {
  checkGradient("reluBackward", (v) => (v > 0 ? 1 : 0), { fromOutput: (v) => Math.max(v, 0) });
  checkGradient("leakyReluBackward", (v) => (v > 0 ? 1 : 0.2), { extra: [0.2] });
  checkGradient("sigmoidBackward", (v, y) => y * (1 - y), { fromOutput: (v) => Math.fround(sigmoid(v)) });
  checkGradient("tanhBackward", (v, y) => 1 - y * y, { fromOutput: (v) => Math.fround(Math.tanh(v)), atol: 1e-6 });
  checkGradient("geluBackward", (v) => 0.5 * (1 + erf(v / Math.SQRT2)) + (v * Math.exp(-0.5 * v * v)) / SQRT_2PI, { atol: 1e-6 });
  const h = 1e-6;
  checkGradient("geluTanhBackward", (v) => (geluTanh(v + h) - geluTanh(v - h)) / (2 * h), { atol: 1e-6, rtol: 1e-5 });
  checkGradient("eluBackward", (v) => (v <= 0 ? 0.7 * Math.exp(v) : 1), { extra: [0.7] });
  checkGradient("softplusBackward", (v) => (v * 2 > 3 ? 1 : sigmoid(2 * v)), { extra: [2, 3] });
});
