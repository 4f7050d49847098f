// Reductions and softmax kernels against f64 JS references on odd shapes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose, SIZES } from "../helpers.mjs";
import { alloc, get, k, put, randoms, reset } from "./harness.mjs";

const SHAPES = [[1, 1], [3, 5], [5, 37], [2, 100], [7, 3], [4, 17]];

function rowsOf(x, rows, cols) {
  return Array.from({ length: rows }, (_, i) => Array.from(x.subarray(i * cols, (i + 1) * cols)));
}

test("sum and max over whole arrays", () => {
  for (const n of SIZES) {
    reset();
    const x = randoms(n, -5, 5, n);
    const p = put(x);
    assertClose([k.reduceSum(p, n)], [x.reduce((a, b) => a + b, 0)], { atol: 1e-5, msg: `sum n=${n}` });
    assert.equal(k.reduceMax(p, n), Math.max(...x));
  }
  reset();
  assert.ok(Number.isNaN(k.reduceMax(put([1, NaN, 2, 3, 4]), 5)), "max propagates NaN from the body");
  assert.ok(Number.isNaN(k.reduceMax(put([1, 2, 3, 4, NaN]), 5)), "max propagates NaN from the tail");
});

test("row sums and column sums, overwriting and accumulating", () => {
  for (const [rows, cols] of SHAPES) {
    reset();
    const x = randoms(rows * cols, -2, 2, rows + cols);
    const m = rowsOf(x, rows, cols);
    const px = put(x);
    const rs = put(new Array(rows).fill(1));
    k.rowSums(px, rs, rows, cols, 1);
    assertClose(get(rs, rows), m.map((r) => 1 + r.reduce((a, b) => a + b, 0)), { msg: `rowSums ${rows}x${cols}` });
    const cs = put(new Array(cols + 1).fill(3));
    k.colSums(px, cs, rows, cols, 0);
    const expected = Array.from({ length: cols }, (_, j) => m.reduce((a, r) => a + r[j], 0));
    assertClose(get(cs, cols + 1), [...expected, 3], { msg: `colSums ${rows}x${cols}` });
    k.colSums(px, cs, rows, cols, 1);
    assertClose(get(cs, cols), expected.map((v) => 2 * v), { msg: `colSums accumulate ${rows}x${cols}` });
  }
});

function softmaxRef(row) {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

test("softmax and log-softmax forward, stable for large logits", () => {
  for (const [rows, cols] of SHAPES) {
    reset();
    // Logits around 500 would overflow exp without the max subtraction.
    const x = randoms(rows * cols, 490, 510, rows * cols);
    const px = put(x);
    const y = alloc(rows * cols);
    k.softmaxForward(px, y, rows, cols);
    const ref = rowsOf(x, rows, cols).map(softmaxRef);
    assertClose(get(y, rows * cols), ref.flat(), { rtol: 2e-6, atol: 1e-9, msg: `softmax ${rows}x${cols}` });
    k.logSoftmaxForward(px, y, rows, cols);
    assertClose(get(y, rows * cols), ref.flat().map(Math.log), { rtol: 2e-6, atol: 2e-6, msg: `logSoftmax ${rows}x${cols}` });
  }
});

test("softmax and log-softmax backward match the Jacobian-vector product", () => {
  for (const [rows, cols] of SHAPES) {
    reset();
    const x = randoms(rows * cols, -4, 4, 11 * rows + cols);
    const g = randoms(rows * cols, -1, 1, 13 * rows + cols);
    const sm = rowsOf(x, rows, cols).map(softmaxRef);
    const gm = rowsOf(g, rows, cols);
    const y = put(sm.flat());
    const gx = alloc(rows * cols);
    k.softmaxBackward(y, put(g), gx, rows, cols);
    const expected = sm.map((s, i) => {
      const dot = s.reduce((a, v, j) => a + v * gm[i][j], 0);
      return s.map((v, j) => v * (gm[i][j] - dot));
    });
    assertClose(get(gx, rows * cols), expected.flat(), { rtol: 1e-5, atol: 1e-7, msg: `softmax backward ${rows}x${cols}` });
    k.logSoftmaxBackward(put(sm.flat().map(Math.log)), put(g), gx, rows, cols);
    const expectedLog = sm.map((s, i) => {
      const total = gm[i].reduce((a, b) => a + b, 0);
      return s.map((v, j) => gm[i][j] - v * total);
    });
    assertClose(get(gx, rows * cols), expectedLog.flat(), { rtol: 1e-5, atol: 1e-6, msg: `logSoftmax backward ${rows}x${cols}` });
  }
});

test("a NaN logit makes its row NaN and leaves other rows alone", () => {
  reset();
  const x = put([NaN, 1, 2, 0, 1, 2]);
  const y = alloc(6);
  k.softmaxForward(x, y, 2, 3);
  const out = get(y, 6);
  assert.ok(out.slice(0, 3).every(Number.isNaN));
  assertClose(out.slice(3), softmaxRef([0, 1, 2]), { rtol: 2e-6 });
});

/** Softmax of a row-major [outer, d, inner] array along its middle axis, in f64. */
function stridedRef(x, outer, d, inner, log) {
  const out = new Array(x.length);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const idx = Array.from({ length: d }, (_, t) => (o * d + t) * inner + j);
      const p = softmaxRef(idx.map((i) => x[i]));
      idx.forEach((i, t) => (out[i] = log ? Math.log(p[t]) : p[t]));
    }
  }
  return out;
}

test("strided softmax and log-softmax (a dimension other than the last), forward and backward", () => {
  for (const [outer, d, inner] of [[1, 3, 2], [2, 5, 3], [3, 4, 5], [1, 37, 7], [4, 2, 9], [2, 1, 6], [5, 6, 4]]) {
    reset();
    const n = outer * d * inner;
    const x = randoms(n, -6, 6, n + d);
    const g = randoms(n, -1, 1, n + inner);
    const y = alloc(n), gx = alloc(n);
    const p = stridedRef(x, outer, d, inner, false);
    k.softmaxForwardStrided(put(x), y, outer, d, inner);
    assertClose(get(y, n), p, { rtol: 2e-6, atol: 1e-9, msg: `softmax ${outer}x${d}x${inner}` });
    k.logSoftmaxForwardStrided(put(x), y, outer, d, inner);
    assertClose(get(y, n), stridedRef(x, outer, d, inner, true), { rtol: 2e-6, atol: 2e-6, msg: `logSoftmax ${outer}x${d}x${inner}` });
    // Backward references: the same Jacobian-vector products, gathered along the strided axis.
    const dot = new Array(n), total = new Array(n);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        const idx = Array.from({ length: d }, (_, t) => (o * d + t) * inner + j);
        const dd = idx.reduce((a, i) => a + g[i] * p[i], 0);
        const tt = idx.reduce((a, i) => a + g[i], 0);
        idx.forEach((i) => ((dot[i] = dd), (total[i] = tt)));
      }
    }
    k.softmaxBackwardStrided(put(p), put(g), gx, outer, d, inner);
    assertClose(get(gx, n), p.map((v, i) => v * (g[i] - dot[i])), { rtol: 1e-5, atol: 1e-7, msg: `softmax backward ${outer}x${d}x${inner}` });
    k.logSoftmaxBackwardStrided(put(p.map(Math.log)), put(g), gx, outer, d, inner);
    assertClose(get(gx, n), p.map((v, i) => g[i] - v * total[i]), { rtol: 1e-5, atol: 1e-6, msg: `logSoftmax backward ${outer}x${d}x${inner}` });
  }
});
