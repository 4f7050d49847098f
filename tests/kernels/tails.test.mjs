// Kernels that finish their rows with lanes.ts's partial vectors (the GEMM's
// edges and C's starting value, gradient clipping), on odd sizes against
// float32 scalar references that follow the kernels' documented operation
// order, so the comparison is bit for bit; and nothing past a row is written.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { Tensor } = wt;
const { k: kernels } = await wt.init();

const ODD = [1, 3, 5, 17, 37];
const f = Math.fround;
const SENTINEL = 0x7fc0beef; // a NaN payload no kernel produces

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return f((s / 2 ** 32 - 0.5) * 4);
  };
}

/** `values` in linear memory followed by 8 sentinel words, which no kernel may touch. */
function guarded(values) {
  const t = Tensor.empty([values.length + 8]);
  t.data.set(values);
  new Uint32Array(t.data.buffer, t.ptr + 4 * values.length, 8).fill(SENTINEL);
  return t;
}

function assertGuard(t, n, what) {
  assert.deepEqual(Array.from(new Uint32Array(t.data.buffer, t.ptr + 4 * n, 8)), Array(8).fill(SENTINEL), `${what}: wrote past the row`);
}

const bits = (v) => Array.from(new Uint32Array(Float32Array.from(v).buffer));

/**
 * C in the GEMM's order (assembly/kernels/gemm.ts): C starts as (C or 0) +
 * bias; each 256-deep slice of k sums its products left to right from 0 in
 * float32 and is then added to C.
 */
function gemmReference(layout, A, B, C0, bias, m, k, n, accumulate) {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let c = accumulate ? C0[i * n + j] : 0;
      let add = accumulate !== 0;
      if (bias || (k <= 0 && !add)) {
        c = f(c + (bias ? bias[j] : 0));
        add = true;
      }
      for (let p0 = 0; p0 < k; p0 += 256) {
        let s = 0;
        for (let p = p0; p < Math.min(k, p0 + 256); p++) {
          const x = layout[0] === "T" ? A[p * m + i] : A[i * k + p];
          const y = layout[1] === "T" ? B[j * k + p] : B[p * n + j];
          s = f(s + f(x * y));
        }
        c = add ? f(c + s) : s;
        add = true;
      }
      out[i * n + j] = c;
    }
  }
  return out;
}

for (const layout of ["NN", "NT", "TN"]) {
  test(`gemm${layout} on odd sizes equals the float32 reference bit for bit`, () => {
    const rand = rng(layout.charCodeAt(1));
    for (const m of ODD) for (const n of ODD) for (const k of [0, ...ODD, 261]) {
      const A = Float32Array.from({ length: m * k }, rand);
      const B = Float32Array.from({ length: k * n }, rand);
      const C0 = Float32Array.from({ length: m * n }, rand);
      const bias = Float32Array.from({ length: n }, rand);
      const [a, b, bt] = [Tensor.from(A.length ? A : [0]), Tensor.from(B.length ? B : [0]), Tensor.from(bias)];
      for (const accumulate of [0, 1]) {
        for (const useBias of [false, true]) {
          const c = guarded(C0);
          kernels[`gemm${layout}`](a.ptr, b.ptr, c.ptr, m, k, n, accumulate, useBias ? bt.ptr : 0);
          const what = `gemm${layout} m=${m} k=${k} n=${n} accumulate=${accumulate} bias=${useBias}`;
          assert.deepEqual(bits(c.data.subarray(0, m * n)), bits(gemmReference(layout, A, B, C0, useBias ? bias : undefined, m, k, n, accumulate)), what);
          assertGuard(c, m * n, what);
          c.dispose();
        }
      }
      for (const t of [a, b, bt]) t.dispose();
    }
  });
}

test("clipping kernels on odd sizes equal scalar references bit for bit", () => {
  const rand = rng(7);
  for (const n of ODD) {
    const x = Float32Array.from({ length: n }, rand);
    x[n - 1] = -x[n - 1] * 3; // the largest magnitude sits in the tail when n is odd
    const t = guarded(x);
    const what = `n=${n}`;
    // Sums of |x| and x² in f64, in two lanes: lane 0 takes elements 0 and 2 of each vector, lane 1 elements 1 and 3.
    for (const p of [1, 2]) {
      const lane = [0, 0];
      for (let i = 0; i < n; i += 4) {
        const term = (j) => (i + j < n ? (p === 2 ? x[i + j] * x[i + j] : Math.abs(x[i + j])) : 0);
        lane[0] += term(0) + term(2);
        lane[1] += term(1) + term(3);
      }
      assert.equal(kernels.clipSumAbsOrSquares(t.ptr, n, p), lane[0] + lane[1], `${what} p=${p}`);
    }
    assert.equal(kernels.clipMaxAbs(t.ptr, n), Math.max(...x.map(Math.abs)), what);
    kernels.clipScale(t.ptr, n, 0.37);
    assert.deepEqual(bits(t.data.subarray(0, n)), bits(x.map((v) => f(v * f(0.37)))), what);
    assertGuard(t, n, `clipScale ${what}`);
    kernels.clipClamp(t.ptr, n, -0.5, 0.25);
    assert.deepEqual(bits(t.data.subarray(0, n)), bits(x.map((v) => Math.min(Math.max(f(v * f(0.37)), -0.5), 0.25))), what);
    assertGuard(t, n, `clipClamp ${what}`);
    t.dispose();
  }
});
