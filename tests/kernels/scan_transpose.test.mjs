// Validation scans and the batched transpose against plain JS on odd shapes,
// so SIMD bodies, 4×4 blocks and scalar edges are all exercised.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SIZES } from "../helpers.mjs";
import { alloc, get, k, put, randoms, reset } from "./harness.mjs";

test("transposeBatched matches an index-by-index transpose", () => {
  for (const batches of [1, 3]) {
    for (const rows of [1, 3, 4, 5, 8, 17]) {
      for (const cols of [1, 2, 4, 7, 12, 37]) {
        reset();
        const n = batches * rows * cols;
        const src = randoms(n, -5, 5, n);
        const dst = alloc(n);
        k.transposeBatched(put(src), dst, batches, rows, cols);
        const got = get(dst, n);
        for (let b = 0; b < batches; b++) {
          for (let i = 0; i < rows; i++) {
            for (let j = 0; j < cols; j++) {
              const at = b * rows * cols;
              assert.equal(got[at + j * rows + i], src[at + i * cols + j], `b=${b} [${rows}x${cols}] (${i}, ${j})`);
            }
          }
        }
      }
    }
  }
});

test("NaN, non-finite and range scans return the first bad index at every position", () => {
  for (const n of SIZES.filter((s) => s < 100)) {
    reset();
    const clean = put(new Float32Array(n).fill(0.5));
    assert.equal(k.firstNaN(clean, n), -1);
    assert.equal(k.firstNonFinite(clean, n), -1);
    assert.equal(k.firstOutside(clean, n, 0, 1), -1);
    for (let at = 0; at < n; at++) {
      for (const [bad, nan, nonFinite, outside] of [
        [NaN, at, at, at],
        [-Infinity, -1, at, at],
        [1.5, -1, -1, at],
        [1, -1, -1, -1],
      ]) {
        const xs = new Float32Array(n).fill(0.5);
        xs[at] = bad;
        if (at + 1 < n) xs[n - 1] = bad; // a later bad value must not win
        reset();
        const p = put(xs);
        assert.equal(k.firstNaN(p, n), nan, `firstNaN n=${n} at=${at} ${bad}`);
        assert.equal(k.firstNonFinite(p, n), nonFinite, `firstNonFinite n=${n} at=${at} ${bad}`);
        assert.equal(k.firstOutside(p, n, 0, 1), outside, `firstOutside n=${n} at=${at} ${bad}`);
      }
    }
  }
});

test("firstBadClass finds indices outside [0, C) that are not ignoreIndex", () => {
  const i32 = (values) => {
    const p = alloc(values.length);
    new Int32Array(k.memory.buffer, p, values.length).set(values);
    return p;
  };
  for (const n of SIZES.filter((s) => s < 100)) {
    for (let at = 0; at < n; at++) {
      for (const [bad, want] of [[3, at], [-1, at], [-100, -1], [2, -1]]) {
        reset();
        const t = Array.from({ length: n }, (_, i) => i % 3);
        t[at] = bad;
        assert.equal(k.firstBadClass(i32(t), n, 3, -100), want, `n=${n} at=${at} target=${bad}`);
      }
    }
  }
});
