// Accuracy of the in-WASM transcendentals against f64 Math (the reference is
// correctly rounded to f32 in all but rare cases), and bit-identity between
// the SIMD body and the tail.
import { test } from "node:test";
import assert from "node:assert/strict";
import { erf, ulpDiff, unary } from "./harness.mjs";

const grid = (lo, hi, n, log = false) => Float32Array.from({ length: n }, (_, i) => (log ? lo * (hi / lo) ** (i / n) : lo + ((hi - lo) * i) / n));

const CASES = [
  ["vecExp", Math.exp, [grid(-104, 89, 40000), grid(-1, 1, 20000)], 1],
  ["vecExpm1", Math.expm1, [grid(-30, 30, 40000), grid(-1e-3, 1e-3, 20000)], 1],
  ["vecLog", Math.log, [grid(1e-44, 3e38, 40000, true), grid(0.5, 2, 20000)], 1],
  ["vecLog1p", Math.log1p, [grid(-0.999, 1e6, 40000), grid(-1e-3, 1e-3, 20000)], 1],
  ["tanhForward", Math.tanh, [grid(-12, 12, 40000), grid(-1, 1, 20000)], 1],
  ["sigmoidForward", (x) => 1 / (1 + Math.exp(-x)), [grid(-87, 100, 40000)], 2],
  ["vecErf", erf, [grid(-6, 6, 40000), grid(-1.2, 1.2, 20000)], 1],
];

for (const [name, ref, grids, bound] of CASES) {
  test(`${name} is within ${bound} ulp of the f64 reference`, () => {
    let worst = 0;
    let at = 0;
    for (const xs of grids) {
      const ys = unary(name, xs);
      for (let i = 0; i < xs.length; i++) {
        const d = ulpDiff(ys[i], Math.fround(ref(xs[i])));
        if (d > worst) [worst, at] = [d, xs[i]];
      }
    }
    assert.ok(worst <= bound, `${name}: ${worst} ulp at x = ${at}`);
  });
}

test("special values follow C99", () => {
  const specials = [NaN, Infinity, -Infinity, 0, -0, 1e-45, -1];
  const pick = (name) => Array.from(unary(name, specials));
  assert.deepEqual(pick("vecExp"), [NaN, Infinity, 0, 1, 1, 1, Math.fround(Math.exp(-1))]);
  assert.deepEqual(pick("vecLog").slice(0, 5), [NaN, Infinity, NaN, -Infinity, -Infinity]);
  assert.ok(Number.isNaN(pick("vecLog")[6]));
  assert.deepEqual(pick("vecLog1p").slice(0, 3), [NaN, Infinity, NaN]);
  assert.equal(pick("vecLog1p")[6], -Infinity);
  assert.deepEqual(pick("tanhForward").slice(0, 5), [NaN, 1, -1, 0, -0]);
  assert.deepEqual(pick("sigmoidForward").slice(0, 4), [NaN, 1, 0, 0.5]);
  assert.deepEqual(pick("vecErf").slice(0, 5), [NaN, 1, -1, 0, -0]);
  assert.deepEqual(pick("vecExpm1").slice(0, 4), [NaN, Infinity, -1, 0]);
});

test("an element gets the same bits in the SIMD body and in the tail", () => {
  const values = [-87.5, -3.3, -0.7, -1e-5, 0.3, 0.61, 1.7, 25.1, 88.6];
  for (const name of ["vecExp", "vecExpm1", "vecLog1p", "tanhForward", "sigmoidForward", "vecErf", "geluForward", "eluForward"]) {
    const extra = name === "eluForward" ? [1.3] : [];
    for (const v of values) {
      // Five copies: lanes 0-3 go through the body, the fifth through the tail.
      const ys = unary(name, new Float32Array(5).fill(v), ...extra);
      for (let i = 1; i < 5; i++) assert.ok(Object.is(ys[i], ys[0]), `${name}(${v}) lane ${i}: ${ys[i]} vs ${ys[0]}`);
    }
  }
});
