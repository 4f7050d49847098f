// BatchNorm and LayerNorm kernels against f64 JS references on odd shapes
// (feature counts that leave 1, 2 and 3 tail lanes).
import { test } from "node:test";
import { assertClose } from "../helpers.mjs";
import { alloc, get, k, put, randoms, reset } from "./harness.mjs";

const SHAPES = [[2, 1], [3, 5], [5, 37], [4, 6], [7, 3], [9, 17], [2, 100]];

/** Column `j` of a row-major [n, c] array. */
const col = (x, n, c, j) => Array.from({ length: n }, (_, i) => x[i * c + j]);
const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
const biasedVar = (a) => mean(a.map((v) => (v - mean(a)) ** 2));

/** Reference normalisation of groups (columns or rows) with optional affine parameters. */
function normRef(groups, w, b, eps, g) {
  return groups.map((xs, gi) => {
    const m = mean(xs);
    const rs = 1 / Math.sqrt(biasedVar(xs) + eps);
    const xhat = xs.map((v) => (v - m) * rs);
    const gg = g[gi].map((v, t) => v * w(gi, t));
    const m1 = mean(gg);
    const m2 = mean(gg.map((v, t) => v * xhat[t]));
    return {
      y: xhat.map((v, t) => v * w(gi, t) + b(gi, t)),
      gx: gg.map((v, t) => rs * (v - m1 - xhat[t] * m2)),
      gw: g[gi].map((v, t) => v * xhat[t]),
    };
  });
}

test("batchNorm statistics, forward and backward (train and eval, with and without affine)", () => {
  for (const [n, c] of SHAPES) {
    for (const affine of [true, false]) {
      reset();
      const x = randoms(n * c, -3, 5, n * c);
      const gy = randoms(n * c, -1, 1, n + c);
      const w = randoms(c, 0.5, 1.5, c);
      const b = randoms(c, -1, 1, c + 1);
      const px = put(x), pgy = put(gy);
      const pm = alloc(c), pv = alloc(c), pis = alloc(c), py = alloc(n * c), pgx = alloc(n * c);
      const pw = affine ? put(w) : 0, pb = affine ? put(b) : 0;
      const scratch = alloc(k.batchNormScratchFloats(c));
      k.batchNormStats(px, pm, pv, scratch, n, c);
      const cols = Array.from({ length: c }, (_, j) => col(x, n, c, j));
      assertClose(get(pm, c), cols.map(mean), { msg: `mean ${n}x${c}` });
      assertClose(get(pv, c), cols.map(biasedVar), { msg: `var ${n}x${c}` });
      k.batchNormInvStd(pv, pis, 1e-5, c);
      k.batchNormForward(px, py, pm, pis, pw, pb, n, c);
      const ref = normRef(cols, (j) => (affine ? w[j] : 1), (j) => (affine ? b[j] : 0), 1e-5,
        Array.from({ length: c }, (_, j) => col(gy, n, c, j)));
      const byRow = (key) => Array.from({ length: n * c }, (_, t) => ref[t % c][key][Math.floor(t / c)]);
      assertClose(get(py, n * c), byRow("y"), { rtol: 1e-5, atol: 1e-5, msg: `bn forward ${n}x${c}` });
      const gw = affine ? put(new Array(c).fill(0.5)) : 0;
      const gb = affine ? put(new Array(c).fill(0.5)) : 0;
      k.batchNormBackward(px, pgy, pm, pis, pw, pgx, gw, gb, scratch, n, c, 1);
      assertClose(get(pgx, n * c), byRow("gx"), { rtol: 1e-5, atol: 1e-5, msg: `bn backward ${n}x${c}` });
      if (affine) {
        assertClose(get(gw, c), ref.map((r) => 0.5 + r.gw.reduce((s, v) => s + v, 0)), { rtol: 1e-5, atol: 1e-5, msg: `bn dw ${n}x${c}` });
        assertClose(get(gb, c), cols.map((_, j) => 0.5 + col(gy, n, c, j).reduce((s, v) => s + v, 0)), { msg: `bn db ${n}x${c}` });
      }
      // Eval: statistics are constants, so the gradient is gy * invstd * w.
      k.batchNormBackward(px, pgy, pm, pis, pw, pgx, 0, 0, scratch, n, c, 0);
      const is = get(pis, c);
      assertClose(get(pgx, n * c), Array.from(gy, (g, t) => g * is[t % c] * (affine ? w[t % c] : 1)), { msg: `bn eval backward ${n}x${c}` });
    }
  }
});

test("batchNorm running statistics use momentum and the unbiased variance", () => {
  reset();
  const c = 7;
  const rm = put(randoms(c, -1, 1, 1)), rv = put(randoms(c, 0.5, 2, 2));
  const m = randoms(c, -1, 1, 3), v = randoms(c, 0.1, 1, 4);
  const before = [get(rm, c), get(rv, c)];
  k.batchNormUpdateRunning(rm, rv, put(m), put(v), 0.1, 5 / 4, c);
  assertClose(get(rm, c), Array.from(m, (x, j) => 0.9 * before[0][j] + 0.1 * x));
  assertClose(get(rv, c), Array.from(v, (x, j) => 0.9 * before[1][j] + 0.1 * x * 1.25));
});

test("layerNorm forward and backward, with and without affine", () => {
  for (const [rows, d] of SHAPES) {
    for (const affine of [true, false]) {
      reset();
      const x = randoms(rows * d, -2, 6, rows * d + 5);
      const gy = randoms(rows * d, -1, 1, rows + d);
      const w = randoms(d, 0.5, 1.5, d + 2);
      const b = randoms(d, -1, 1, d + 3);
      const px = put(x), pgy = put(gy), py = alloc(rows * d), pgx = alloc(rows * d), pm = alloc(rows), pr = alloc(rows);
      const pw = affine ? put(w) : 0, pb = affine ? put(b) : 0;
      k.layerNormForward(px, py, pm, pr, pw, pb, rows, d, 1e-5);
      const rowsOf = (a) => Array.from({ length: rows }, (_, i) => Array.from(a.subarray(i * d, (i + 1) * d)));
      const ref = normRef(rowsOf(x), (i, t) => (affine ? w[t] : 1), (i, t) => (affine ? b[t] : 0), 1e-5, rowsOf(gy));
      assertClose(get(py, rows * d), ref.flatMap((r) => r.y), { rtol: 1e-5, atol: 1e-5, msg: `ln forward ${rows}x${d}` });
      const gw = affine ? put(new Array(d).fill(0.25)) : 0;
      const gb = affine ? put(new Array(d).fill(0.25)) : 0;
      k.layerNormBackward(px, pgy, pm, pr, pw, pgx, gw, gb, rows, d);
      assertClose(get(pgx, rows * d), ref.flatMap((r) => r.gx), { rtol: 1e-5, atol: 1e-5, msg: `ln backward ${rows}x${d}` });
      if (affine) {
        const sumRows = (f) => Array.from({ length: d }, (_, t) => 0.25 + ref.reduce((s, r, i) => s + f(r, i, t), 0));
        assertClose(get(gw, d), sumRows((r, i, t) => r.gw[t]), { rtol: 1e-5, atol: 1e-5, msg: `ln dw ${rows}x${d}` });
        assertClose(get(gb, d), sumRows((r, i, t) => gy[i * d + t]), { rtol: 1e-5, atol: 1e-5, msg: `ln db ${rows}x${d}` });
      }
    }
  }
});
