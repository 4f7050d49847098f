// dotGemmNT (assembly/kernels/dot_gemm.ts), C (+)= A·Bᵀ with A [m,k] and B
// [n,k] read in place: against a float64 reference within the error bound of
// its summation order, on odd sizes (every edge of its 2×4 tile and every k
// tail), with accumulate on and off; and bit for bit against a scalar model
// of that documented order, on data where another order gives other bits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { alloc, get, k, put, randoms, reset } from "./harness.mjs";

const EPS32 = 2 ** -24;
const CANARY = 12345.5;
const f32 = Math.fround;

// Operands of the given shape and seed, C's starting values, and room for C plus 8 canaries after it.
function operands(m, kk, n, seed, scale = [1, 1]) {
  reset();
  const A = randoms(m * kk, -scale[0], scale[0], seed);
  const B = randoms(n * kk, -scale[1], scale[1], seed + 1);
  const C0 = randoms(m * n, -1, 1, seed + 2);
  const a = put(A), b = put(B);
  const c = alloc(m * n + 8);
  return { A, B, C0, a, b, c };
}

function run(t, m, kk, n, accumulate) {
  const view = new Float32Array(k.memory.buffer, t.c, m * n + 8);
  view.set(t.C0);
  view.fill(CANARY, m * n);
  k.dotGemmNT(t.a, t.b, t.c, m, kk, n, accumulate);
  assert.ok(get(t.c + m * n * 4, 8).every((v) => v === CANARY), `m=${m} k=${kk} n=${n}: wrote past C`);
  return get(t.c, m * n);
}

// The documented order in scalar float32: lane l sums A[i,p]·B[j,p] over p ≡ l (mod 4)
// from 0 in increasing p (the padded lanes of the last partial vector add 0·0), then
// (l0 + l1) + (l2 + l3), then C + that sum when accumulating.
function model(t, m, kk, n, accumulate) {
  const out = new Float32Array(m * n);
  const padded = Math.ceil(kk / 4) * 4;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const lane = [0, 0, 0, 0];
      for (let p = 0; p < padded; p++) {
        const x = p < kk ? t.A[i * kk + p] : 0, y = p < kk ? t.B[j * kk + p] : 0;
        lane[p & 3] = f32(lane[p & 3] + f32(x * y));
      }
      const s = f32(f32(lane[0] + lane[1]) + f32(lane[2] + lane[3]));
      out[i * n + j] = accumulate ? f32(t.C0[i * n + j] + s) : s;
    }
  }
  return out;
}

const bits = (v) => new Uint32Array(Float32Array.from(v).buffer);

const SIZES = [1, 3, 5, 17, 37];
const DEPTHS = [1, 3, 5, 17, 37, 203, 256];

test("dotGemmNT matches a float64 reference within its rounding bound, every tile edge and k tail, accumulate on and off", () => {
  const shapes = [];
  for (const m of SIZES) for (const n of SIZES) for (const kk of DEPTHS) shapes.push([m, kk, n]);
  shapes.push([203, 37, 5], [6, 210, 203], [64, 224, 32], [2, 1000, 4]);
  let seed = 1;
  for (const [m, kk, n] of shapes) {
    for (const accumulate of [0, 1]) {
      const t = operands(m, kk, n, seed++);
      const got = run(t, m, kk, n, accumulate);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = accumulate ? t.C0[i * n + j] : 0, mag = Math.abs(s);
          for (let p = 0; p < kk; p++) {
            s += t.A[i * kk + p] * t.B[j * kk + p];
            mag += Math.abs(t.A[i * kk + p] * t.B[j * kk + p]);
          }
          // Each lane sums ⌈k/4⌉ products, then two levels of lane sums and C: each term meets at most ⌈k/4⌉ + 3 roundings.
          const tol = (Math.ceil(kk / 4) + 3) * EPS32 * mag * 1.01;
          const e = got[i * n + j];
          if (!(Math.abs(e - s) <= tol)) assert.fail(`m=${m} k=${kk} n=${n} accumulate=${accumulate}: C[${i},${j}] = ${e}, expected ${s} ± ${tol}`);
        }
      }
    }
  }
});

test("dotGemmNT sums in its documented order, bit for bit, where another order gives other bits", () => {
  let seed = 100, sequentialDiffers = 0;
  for (const [m, kk, n] of [[5, 37, 7], [3, 203, 17], [17, 6, 9], [1, 1, 1], [2, 257, 4], [37, 17, 3]]) {
    for (const accumulate of [0, 1]) {
      // Values over eight orders of magnitude, so that rounding depends on the order of the additions.
      const t = operands(m, kk, n, seed++, [1e4, 1e4]);
      for (let i = 0; i < t.A.length; i += 3) t.A[i] *= 1e-4;
      new Float32Array(k.memory.buffer, t.a, t.A.length).set(t.A);
      const got = run(t, m, kk, n, accumulate);
      assert.deepEqual(bits(got), bits(model(t, m, kk, n, accumulate)), `m=${m} k=${kk} n=${n} accumulate=${accumulate}`);
      // The same products added left to right, as gemmNT's microkernel would.
      for (let e = 0; e < m * n; e++) {
        const i = Math.floor(e / n), j = e % n;
        let s = 0;
        for (let p = 0; p < kk; p++) s = f32(s + f32(t.A[i * kk + p] * t.B[j * kk + p]));
        if (f32(accumulate ? t.C0[e] + s : s) !== got[e]) sequentialDiffers++;
      }
    }
  }
  assert.ok(sequentialDiffers > 100, `only ${sequentialDiffers} entries tell the orders apart`);
});

test("dotGemmNT: an entry's bits do not depend on its place in a tile or on the shape around it", () => {
  const m = 7, kk = 45, n = 11;
  const t = operands(m, kk, n, 7);
  const whole = run(t, m, kk, n, 0);
  // Each row of A alone, and A against each row of B alone: the same bits.
  for (let i = 0; i < m; i++) {
    const c = alloc(n);
    k.dotGemmNT(t.a + i * kk * 4, t.b, c, 1, kk, n, 0);
    assert.deepEqual(bits(get(c, n)), bits(whole.subarray(i * n, (i + 1) * n)), `row ${i}`);
  }
  for (let j = 0; j < n; j++) {
    const c = alloc(m);
    k.dotGemmNT(t.a, t.b + j * kk * 4, c, m, kk, 1, 0);
    assert.deepEqual(bits(get(c, m)), bits(Array.from({ length: m }, (_, i) => whole[i * n + j])), `column ${j}`);
  }
});

test("dotGemmNT with k = 0 writes zeros, or leaves C as it was when accumulating; empty C is left alone", () => {
  const t = operands(3, 4, 5, 9);
  assert.deepEqual(Array.from(run(t, 3, 0, 5, 0)), new Array(15).fill(0));
  assert.deepEqual(bits(run(t, 3, 0, 5, 1)), bits(t.C0));
  for (const [m, n] of [[0, 5], [3, 0]]) {
    const view = new Float32Array(k.memory.buffer, t.c, 16).fill(CANARY);
    k.dotGemmNT(t.a, t.b, t.c, m, 4, n, 0);
    assert.ok(view.every((v) => v === CANARY), `m=${m} n=${n} wrote to C`);
  }
});
