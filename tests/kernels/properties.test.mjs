// Property-based checks (fast-check) of the layer kernels: per-element
// results independent of position and array length, softmax invariants,
// normalisation invariants, and Linear against an f64 matrix product.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { assertClose } from "../helpers.mjs";
import { alloc, get, k, put, reset } from "./harness.mjs";

const finite = (min, max) => fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true, noDefaultInfinity: true });
const RUNS = { numRuns: 60, seed: 20261125 };

const UNARY = [
  ["vecExp", []], ["vecExpm1", []], ["vecLog", []], ["vecLog1p", []], ["vecErf", []], ["sigmoidForward", []],
  ["tanhForward", []], ["geluForward", []], ["geluTanhForward", []], ["eluForward", [0.8]],
  ["softplusForward", [1.5, 10]], ["leakyReluForward", [0.1]], ["reluForward", []],
];

test("unary kernels give each element the same bits at any position and array length", () => {
  fc.assert(
    fc.property(fc.array(finite(-100, 100), { minLength: 1, maxLength: 41 }), fc.constantFrom(...UNARY), (xs, [name, extra]) => {
      reset();
      const y = alloc(xs.length);
      k[name](put(xs), y, ...extra, xs.length);
      const all = get(y, xs.length);
      const one = alloc(1);
      xs.forEach((x, i) => {
        k[name](put([x]), one, ...extra, 1);
        assert.ok(Object.is(get(one, 1)[0], all[i]), `${name}(${x}) at ${i} of ${xs.length}`);
      });
    }),
    RUNS,
  );
});

const matrix = (maxRows, maxCols, min, max) =>
  fc.tuple(fc.integer({ min: 1, max: maxRows }), fc.integer({ min: 1, max: maxCols })).chain(([r, c]) =>
    fc.tuple(fc.constant(r), fc.constant(c), fc.array(finite(min, max), { minLength: r * c, maxLength: r * c })));

test("softmax rows sum to 1, are shift-invariant, and log-softmax is their log", () => {
  fc.assert(
    fc.property(matrix(6, 40, -30, 30), finite(-50, 50), ([rows, cols, xs], shift) => {
      reset();
      const n = rows * cols;
      const sm = alloc(n), shifted = alloc(n), ls = alloc(n);
      k.softmaxForward(put(xs), sm, rows, cols);
      k.softmaxForward(put(xs.map((v) => v + shift)), shifted, rows, cols);
      k.logSoftmaxForward(put(xs), ls, rows, cols);
      const p = get(sm, n);
      for (let i = 0; i < rows; i++) assertClose([p.subarray(i * cols, (i + 1) * cols).reduce((a, b) => a + b, 0)], [1], { rtol: 1e-5 });
      // Adding `shift` rounds the inputs, so the outputs move by about |shift| ulp of the logits.
      assertClose(get(shifted, n), p, { rtol: 1e-4, atol: 1e-6 });
      assertClose(get(ls, n).map(Math.exp), p, { rtol: 1e-5, atol: 1e-7 });
    }),
    RUNS,
  );
});

test("LayerNorm without affine gives rows of mean 0 and variance 1", () => {
  fc.assert(
    fc.property(matrix(5, 50, -20, 20).filter(([r, c, xs]) => c >= 2 && spread(xs, c) > 1e-2), ([rows, d, xs]) => {
      reset();
      const y = alloc(rows * d);
      k.layerNormForward(put(xs), y, alloc(rows), alloc(rows), 0, 0, rows, d, 1e-5);
      const out = get(y, rows * d);
      for (let i = 0; i < rows; i++) {
        const row = Array.from(out.subarray(i * d, (i + 1) * d));
        const m = row.reduce((a, b) => a + b, 0) / d;
        const v = row.reduce((a, b) => a + (b - m) ** 2, 0) / d;
        assertClose([m, v], [0, 1], { rtol: 1e-3, atol: 1e-4, msg: `row ${i}` });
      }
    }),
    RUNS,
  );
});

test("Linear forward and backward kernels match f64 matrix products", () => {
  fc.assert(
    fc.property(matrix(9, 19, -2, 2), fc.integer({ min: 1, max: 11 }), fc.integer({ min: 0, max: 1000 }), ([rows, inF, xs], out, seed) => {
      const w = Array.from({ length: out * inF }, (_, i) => Math.sin(seed + i));
      const b = Array.from({ length: out }, (_, j) => Math.cos(seed + j));
      const gy = Array.from({ length: rows * out }, (_, i) => Math.sin(2 * seed + 3 * i));
      reset();
      const px = put(xs), pw = put(w), pb = put(b), pgy = put(gy);
      const y = alloc(rows * out), gx = alloc(rows * inF), gw = alloc(out * inF), gb = alloc(out);
      k.gemmNT(px, pw, y, rows, inF, out, 0, pb);
      k.gemmTN(pgy, px, gw, out, rows, inF, 1, 0);
      k.colSums(pgy, gb, rows, out, 1);
      k.gemmNN(pgy, pw, gx, rows, out, inF, 0, 0);
      const fw = Float32Array.from(w), fx = Float32Array.from(xs), fgy = Float32Array.from(gy);
      const ref = (m, kk, nn, f) => Array.from({ length: m * nn }, (_, t) => {
        let s = 0;
        for (let p = 0; p < kk; p++) s += f(Math.floor(t / nn), t % nn, p);
        return s;
      });
      const tol = { rtol: 1e-5, atol: 1e-5 };
      assertClose(get(y, rows * out), ref(rows, inF, out, (i, j, p) => fx[i * inF + p] * fw[j * inF + p]).map((v, t) => v + Math.fround(b[t % out])), { ...tol, msg: "Y = X Wᵀ + b" });
      assertClose(get(gw, out * inF), ref(out, rows, inF, (j, c, i) => fgy[i * out + j] * fx[i * inF + c]), { ...tol, msg: "dW = dYᵀ X" });
      assertClose(get(gb, out), ref(1, rows, out, (z, j, i) => fgy[i * out + j]), { ...tol, msg: "db = column sums of dY" });
      assertClose(get(gx, rows * inF), ref(rows, out, inF, (i, c, j) => fgy[i * out + j] * fw[j * inF + c]), { ...tol, msg: "dX = dY W" });
    }),
    RUNS,
  );
});

/** Smallest per-row variance of a row-major matrix with `cols` columns. */
function spread(xs, cols) {
  let min = Infinity;
  for (let i = 0; i < xs.length; i += cols) {
    const row = xs.slice(i, i + cols);
    const m = row.reduce((a, b) => a + b, 0) / cols;
    min = Math.min(min, row.reduce((a, b) => a + (b - m) ** 2, 0) / cols);
  }
  return min;
}
