// The direct depthwise convolution and the 2×2 max-pool kernels against
// scalar JavaScript references, on output widths 1, 3, 5, 17 and 37 (every
// tail length of the f32x4 loops), with the scratch planes filled with NaN
// so that a lane read past a row's end would show in the results.
import { test } from "node:test";
import assert from "node:assert/strict";
import { alloc, get, k, put, randoms, reset } from "./harness.mjs";

const WIDTHS = [1, 3, 5, 17, 37];
const f32 = Math.fround;

// The input index a padded index reads (-1: a zero), as torch's zero and reflect padding.
function source(i, n, reflect) {
  if (i >= 0 && i < n) return i;
  if (!reflect) return -1;
  return i < 0 ? -i : 2 * (n - 1) - i;
}

/** Geometry of a depthwise case: c input channels, m outputs each, kernel, padding [top, bottom, left, right], stride, dilation. */
function geometry({ n, c, m, h, w, kernel: [kh, kw], pad: [pt, pb, pl, pr], stride: [sh, sw] = [1, 1], dilation: [dh, dw] = [1, 1], reflect = false }) {
  const hp = h + pt + pb, wp = w + pl + pr;
  const oh = Math.floor((hp - (kh - 1) * dh - 1) / sh) + 1, ow = Math.floor((wp - (kw - 1) * dw - 1) / sw) + 1;
  return { n, c, m, h, w, kh, kw, pt, pl, sh, sw, dh, dw, hp, wp, oh, ow, reflect };
}

// Every (output, tap, input position) of the convolution: fn(outIndex, o, t, inIndex or -1).
function forEachTap(g, fn) {
  const { n, c, m, h, w, kh, kw, pt, pl, sh, sw, dh, dw, oh, ow, reflect } = g;
  for (let s = 0; s < n; s++) for (let o = 0; o < c * m; o++) {
    const plane = (s * c + Math.floor(o / m)) * h * w;
    for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
      const out = ((s * c * m + o) * oh + oy) * ow + ox;
      for (let t = 0; t < kh * kw; t++) {
        const iy = source(oy * sh - pt + Math.floor(t / kw) * dh, h, reflect), ix = source(ox * sw - pl + (t % kw) * dw, w, reflect);
        fn(out, o, t, iy < 0 || ix < 0 ? -1 : plane + iy * w + ix);
      }
    }
  }
}

function run(g, x, wt, bias, dy, gw0, gb0) {
  reset();
  const { n, c, m, h, w, kh, kw, pt, pl, sh, sw, dh, dw, hp, wp, oh, ow } = g;
  const nan = (size) => put(new Float32Array(size).fill(NaN));
  const [px, pw, pb, pdy, pgw, pgb, prows] = [x, wt, bias, dy, gw0, gb0, gb0].map(put);
  const y = alloc(n * c * m * oh * ow), gx = nan(n * c * h * w);
  const pad = nan(hp * wp + 3 * sw), gpad = nan(hp * wp);
  const dpad = nan((oh + 2 * (kh - 1) * dh) * (ow + 2 * (kw - 1) * dw) + 3);
  const geo = [n, c, m, h, w, oh, ow, kh, kw, pt, pl, sh, sw, dh, dw, hp, wp, g.reflect ? 1 : 0];
  k.depthwiseForward(px, pw, pb, y, pad, ...geo);
  k.depthwiseWeightGrad(px, pdy, pgw, pgb, pad, 1, 1, ...geo);
  k.depthwiseInputGrad(pdy, pw, gx, gpad, dpad, ...geo);
  // The bias gradient as the other engines take it: row sums per sample (rowSums).
  for (let s = 0; s < n; s++) k.rowSums(pdy + s * c * m * oh * ow * 4, prows, c * m, oh * ow, 1);
  const gw = get(pgw, c * m * kh * kw), gb = get(pgb, c * m), rows = get(prows, c * m);
  // Without accumulateBias the first sample's sums replace what gb held.
  k.depthwiseWeightGrad(px, pdy, pgw, pgb, pad, 1, 0, ...geo);
  for (let s = 0; s < n; s++) k.rowSums(pdy + s * c * m * oh * ow * 4, prows, c * m, oh * ow, s > 0 ? 1 : 0);
  const gbFresh = get(pgb, c * m), rowsFresh = get(prows, c * m);
  return { y: get(y, n * c * m * oh * ow), gw, gx: get(gx, n * c * h * w), gb, rows, gbFresh, rowsFresh };
}

// |got - want| within 1e-5 of the sum of the terms' magnitudes (f32 sums in another order).
function near(got, want, scale, what) {
  for (let i = 0; i < want.length; i++) {
    assert.ok(Math.abs(got[i] - want[i]) <= 1e-5 * scale[i] + 1e-30, `${what}[${i}]: got ${got[i]}, want ${want[i]}`);
  }
}

const CASES = [
  ...WIDTHS.map((w) => ({ name: `3×3 padding 1, width ${w}`, n: 2, c: 3, m: 1, h: 4, w, kernel: [3, 3], pad: [1, 1, 1, 1] })),
  ...WIDTHS.filter((w) => w > 1).map((w) => ({ name: `3×3 reflect, multiplier 2, width ${w}`, n: 2, c: 2, m: 2, h: 3, w, kernel: [3, 3], pad: [1, 1, 1, 1], reflect: true })),
  ...WIDTHS.map((w) => ({ name: `2×3 stride 2 dilation (1, 2), width ${w}`, n: 1, c: 2, m: 1, h: 5, w, kernel: [2, 3], pad: [1, 1, 2, 2], stride: [2, 2], dilation: [1, 2] })),
  ...WIDTHS.map((w) => ({ name: `one input channel, 4×2 kernel "same", width ${w}`, n: 3, c: 1, m: 3, h: 4, w, kernel: [4, 2], pad: [1, 2, 0, 1] })),
  { name: "3×3 stride (1, 2) reflect", n: 2, c: 2, m: 1, h: 6, w: 9, kernel: [3, 3], pad: [1, 1, 1, 1], stride: [1, 2], reflect: true },
];

for (const spec of CASES) {
  test(`depthwise kernels equal the scalar reference: ${spec.name}`, () => {
    const g = geometry(spec);
    const { n, c, m, h, w, kh, kw, oh, ow } = g;
    const x = randoms(n * c * h * w, -1, 1, 1), wt = randoms(c * m * kh * kw, -1, 1, 2), bias = randoms(c * m, -1, 1, 3);
    const dy = randoms(n * c * m * oh * ow, -1, 1, 4), gw0 = randoms(c * m * kh * kw, -1, 1, 5), gb0 = randoms(c * m, -1, 1, 6);
    const got = run(g, x, wt, bias, dy, gw0, gb0);
    // Forward: bias + the taps in row-major order from +0, in f32: the same bits.
    const acc = new Float64Array(n * c * m * oh * ow);
    forEachTap(g, (out, o, t, i) => { acc[out] = f32(acc[out] + f32(wt[o * kh * kw + t] * (i < 0 ? 0 : x[i]))); });
    const y = acc.map((v, out) => f32(bias[Math.floor(out / (oh * ow)) % (c * m)] + v));
    assert.deepEqual(Array.from(got.y), Array.from(y), "forward");
    // Gradients in f64.
    const gw = Float64Array.from(gw0), gwScale = gw0.map(Math.abs), gx = new Float64Array(n * c * h * w), gxScale = new Float64Array(gx.length);
    forEachTap(g, (out, o, t, i) => {
      if (i < 0) return;
      const wi = o * kh * kw + t;
      gw[wi] += dy[out] * x[i];
      gwScale[wi] += Math.abs(dy[out] * x[i]);
      gx[i] += dy[out] * wt[wi];
      gxScale[i] += Math.abs(dy[out] * wt[wi]);
    });
    near(got.gw, gw, gwScale, "weight gradient (accumulated)");
    near(got.gx, gx, gxScale, "input gradient");
    // Bias gradient: the bits of the row sums the other engines use, accumulated and fresh.
    assert.deepEqual(Array.from(got.gb), Array.from(got.rows), "bias gradient (accumulated)");
    assert.deepEqual(Array.from(got.gbFresh), Array.from(got.rowsFresh), "bias gradient (fresh)");
    const gb = Float64Array.from(gb0);
    for (let i = 0; i < dy.length; i++) gb[Math.floor(i / (oh * ow)) % (c * m)] += dy[i];
    near(got.gb, gb, gb.map(() => n * oh * ow), "bias gradient against the sum");
  });
}

// torch's max-pool scan over one window: the first maximum wins, a NaN wins over everything.
function maxPoolRef(x, planes, h, w, oh, ow) {
  const y = [], idx = [];
  for (let p = 0; p < planes; p++) for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
    let max = -Infinity, best = 2 * oy * w + 2 * ox;
    for (const [dy, dx] of [[0, 0], [0, 1], [1, 0], [1, 1]]) {
      const at = (2 * oy + dy) * w + 2 * ox + dx, v = x[p * h * w + at];
      if (v > max || Number.isNaN(v)) [max, best] = [v, at];
    }
    y.push(max);
    idx.push(best);
  }
  return { y, idx };
}

for (const ow of WIDTHS) {
  for (const extra of [0, 1]) {
    test(`2×2 stride-2 max pool equals torch's scan: output width ${ow}, input width ${2 * ow + extra}`, () => {
      reset();
      const planes = 3, oh = 3, h = 2 * oh + extra, w = 2 * ow + extra;
      // Few distinct values, so windows tie; some NaNs; one window all -Infinity.
      const x = Array.from(randoms(planes * h * w, 0, 3, 7 + ow), (v) => Math.floor(v));
      for (let i = 5; i < x.length; i += 23) x[i] = NaN;
      x[0] = x[1] = x[w] = x[w + 1] = -Infinity;
      const px = put(x), py = alloc(planes * oh * ow), pi = alloc(planes * oh * ow);
      k.maxPool2dForward(px, py, pi, planes, h, w, oh, ow, 2, 2, 2, 2, 0, 0, 1, 1);
      const want = maxPoolRef(x, planes, h, w, oh, ow);
      assert.deepEqual(Array.from(get(py, planes * oh * ow)), want.y, "values");
      assert.deepEqual(Array.from(new Int32Array(get(pi, planes * oh * ow).buffer)), want.idx, "indices");
    });
  }
}
