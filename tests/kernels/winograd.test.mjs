// The Winograd F(2×2, 3×3), F(4×4, 3×3) and F(5×5, 3×3) transforms
// (assembly/kernels/winograd.ts, winograd4.ts, winograd5.ts) against scalar float64
// references written from the matrices Bᵀ, G and Aᵀ of each, on odd
// sizes (every tail of a group of four tiles, partial edge tiles, zero and
// reflect padding, 1 and 3 samples), and their adjoints against the
// transposed references. The 16 (36) blocks of V and M are 3 floats further
// apart than their size; result buffers start filled with canary floats, which
// the gaps between blocks and the floats after the end must keep.
// F(2×2, 3×3)'s results must be within 4e-7 times a small multiple of the
// largest exact value; F(4×4, 3×3)'s transforms have larger coefficients and
// sixths, so each entry's bound is 8 float32 ulps (2⁻²⁴ each) of the same
// transform run on absolute values (|Bᵀ| |d| |B|, the classic forward-error
// bound's scale); F(5×5, 3×3)'s too (its Bᵀ·d goes through shared factors,
// whose rounding that scale still covers).
import { test } from "node:test";
import assert from "node:assert/strict";
import { alloc, get, k, put, randoms, reset } from "./harness.mjs";

const CANARY = 12345.5;
const ULPS = 8 * 2 ** -24;
const abs = (a) => a.map((r) => r.map(Math.abs));

// Each variant: tile size m, its matrices, its kernels' names, and the bound of
// an entry given F(2×2, 3×3)'s scale `f` and the entry's value on absolute inputs `a`.
const VARIANTS = [
  {
    name: "F(2×2, 3×3)", m: 2, prefix: "winograd",
    BT: [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]],
    G: [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]],
    AT: [[1, 1, 1, 0], [0, 1, -1, -1]],
    bound: (f) => 4e-7 * f,
  },
  {
    name: "F(4×4, 3×3)", m: 4, prefix: "winograd4",
    BT: [[1, -1.5, -2, 1.5, 1, 0], [0, -1, 0.5, 2.5, 1, 0], [0, 1, -2.5, 0.5, 1, 0], [0, -2, -1, 2, 1, 0], [0, 0.5, -1, -0.5, 1, 0], [0, 1, -1.5, -2, 1.5, 1]],
    G: [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3], [-1 / 3, 1 / 3, -1 / 3], [-16 / 15, -8 / 15, -4 / 15], [1 / 15, -2 / 15, 4 / 15], [0, 0, 1]],
    AT: [[1, 1, 1, 1, 1, 0], [0, 1, -1, 0.5, -2, 0], [0, 1, 1, 0.25, 4, 0], [0, 1, -1, 0.125, -8, 1]],
    bound: (f, a) => ULPS * a,
  },
  {
    name: "F(5×5, 3×3)", m: 5, prefix: "winograd5",
    BT: [[0.5, 0.25, -2.5, -1.25, 2, 1, 0], [0, -0.5, -0.75, 1.75, 3, 1, 0], [0, 0.5, -0.25, -2.25, 1, 1, 0], [0, -1, -2.5, 0, 2.5, 1, 0],
      [0, 1, -1.5, -2, 1.5, 1, 0], [0, 0.25, 0, -1.25, 0, 1, 0], [0, 0.5, 0.25, -2.5, -1.25, 2, 1]],
    G: [[2, 0, 0], [2 / 9, 2 / 9, 2 / 9], [2 / 3, -2 / 3, 2 / 3], [-16 / 15, -8 / 15, -4 / 15], [-16 / 9, 8 / 9, -4 / 9], [-2 / 45, 4 / 45, -8 / 45], [0, 0, 1]],
    AT: [[1, 1, 1, 1, 1, 1, 0], [0, 1, -1, 0.5, -0.5, -2, 0], [0, 1, 1, 0.25, 0.25, 4, 0], [0, 1, -1, 0.125, -0.125, -8, 0], [0, 1, 1, 1 / 16, 1 / 16, 16, 1]],
    bound: (f, a) => ULPS * a,
    // A padded plane per sample: its groups of four tiles run across tile rows and samples.
    scratch: (g) => g.n * (5 * g.tilesH + 2) * (5 * g.tilesW + 3),
  },
];

const mul = (a, b) => a.map((r) => b[0].map((_, j) => r.reduce((s, v, i) => s + v * b[i][j], 0)));
const tr = (a) => a[0].map((_, j) => a.map((r) => r[j]));
// X·A·Yᵀ exactly, and its scale on absolute values.
const both = (X, a, Y) => [mul(mul(X, a), tr(Y)), mul(mul(abs(X), abs(a)), tr(abs(Y)))];
const range = (n) => [...Array(n).keys()];
const maxAbs = (a) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-30);

function source(i, n, reflect) {
  if (i >= 0 && i < n) return i;
  if (!reflect) return -1;
  return i < 0 ? -i : 2 * (n - 1) - i;
}

// Room for n floats plus 8, all canaries; check() asserts the 8 after the end are intact.
function output(n) {
  const p = alloc(n + 8);
  new Float32Array(k.memory.buffer, p, n + 8).fill(CANARY);
  return { p, check: (what) => assert.ok(get(p + n * 4, 8).every((v) => v === CANARY), `${what} wrote past its end`) };
}

// A V- or M-shaped buffer of P blocks of `size` floats, `size + GAP` apart: every entry a canary until set.
const GAP = 3;
const blocks = (P, size) => new Float64Array(P * (size + GAP)).fill(CANARY);

// |actual − expected| within W.bound(f, the entry's scale on absolute values); canaries exactly.
function assertNear(W, actual, expected, absolute, f, what) {
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const bound = e === CANARY ? 0 : W.bound(f, absolute[i]);
    assert.ok(Math.abs(actual[i] - e) <= bound, `${what} index ${i}: got ${actual[i]}, expected ${e}`);
  }
}

const CASES = [];
for (const [n, c] of [[1, 1], [3, 3]]) {
  for (const [h, w] of [[3, 3], [5, 5], [7, 9], [2, 5], [13, 14], [4, 17], [11, 15]]) {
    for (const pad of [0, 1, 2]) {
      for (const reflect of [false, true]) {
        if (h + 2 * pad < 3 || w + 2 * pad < 3 || (reflect && (pad === 0 || pad >= h || pad >= w))) continue;
        CASES.push({ n, c, h, w, pad, reflect });
      }
    }
  }
}

function geometry(W, { n, c, h, w, pad, reflect }) {
  const m = W.m, r = m + 2, P = r * r;
  const hp = h + 2 * pad, wp = w + 2 * pad, oh = hp - 2, ow = wp - 2;
  const tilesH = Math.ceil(oh / m), tilesW = Math.ceil(ow / m), T = n * tilesH * tilesW;
  const g = { n, c, h, w, pad, reflect, m, r, P, hp, wp, oh, ow, tilesH, tilesW, T };
  return { ...g, padScratch: W.scratch?.(g) ?? (m * tilesH + 2) * (m * Math.ceil(tilesW / 4) * 4 + m) };
}

// The r×r patch of tile (s, ty, tx) of plane ci, as the padded input reads it.
function patch(x, g, s, ci, ty, tx) {
  return range(g.r).map((i) => range(g.r).map((j) => {
    const py = g.m * ty + i, px = g.m * tx + j;
    if (py >= g.hp || px >= g.wp) return 0;
    const iy = source(py - g.pad, g.h, g.reflect), ix = source(px - g.pad, g.w, g.reflect);
    return iy < 0 || ix < 0 ? 0 : x[((s * g.c + ci) * g.h + iy) * g.w + ix];
  }));
}

const tileIndex = (g, s, ty, tx) => (s * g.tilesH + ty) * g.tilesW + tx;

// Every tile of every plane of an n × planes grid: fn(sample, plane, tile row, tile column, tile index).
function eachTile(g, planes, fn) {
  for (let s = 0; s < g.n; s++) for (let ci = 0; ci < planes; ci++) for (let ty = 0; ty < g.tilesH; ty++) for (let tx = 0; tx < g.tilesW; tx++) fn(s, ci, ty, tx, tileIndex(g, s, ty, tx));
}

for (const W of VARIANTS) {
  for (const cs of CASES) {
    const g = geometry(W, cs);
    const name = `${W.name} n ${g.n} c ${g.c} ${g.h}×${g.w} padding ${g.pad}${g.reflect ? " reflect" : ""}`;
    const args = [g.n, g.c, g.h, g.w, g.pad, g.pad, g.hp, g.wp, g.tilesH, g.tilesW, g.reflect ? 1 : 0];
    const vBlock = g.c * g.T + GAP;

    test(`${W.prefix}Input and ${W.prefix}InputGrad: ${name}`, () => {
      reset();
      const x = randoms(g.n * g.c * g.h * g.w, -1, 1, 7);
      const V = g.P * vBlock;
      const v = output(V), padScratch = alloc(g.padScratch);
      k[`${W.prefix}Input`](put(x), v.p, vBlock, padScratch, ...args);
      v.check(`${W.prefix}Input`);
      const expected = blocks(g.P, g.c * g.T), absolute = blocks(g.P, g.c * g.T);
      eachTile(g, g.c, (s, ci, ty, tx, t) => {
        const [e, a] = both(W.BT, patch(x, g, s, ci, ty, tx), W.BT);
        for (let xi = 0; xi < g.P; xi++) {
          expected[xi * vBlock + ci * g.T + t] = e[Math.floor(xi / g.r)][xi % g.r];
          absolute[xi * vBlock + ci * g.T + t] = a[Math.floor(xi / g.r)][xi % g.r];
        }
      });
      assertNear(W, get(v.p, V), expected, absolute, 1, "V");

      // The adjoint: gx = Σ over tiles of B·dV·Bᵀ scattered back through the padding.
      const dv = randoms(V, -1, 1, 11); // the gaps hold values too, which the adjoint must not read
      const gx = output(x.length);
      k[`${W.prefix}InputGrad`](put(dv), vBlock, gx.p, padScratch, ...args);
      gx.check(`${W.prefix}InputGrad`);
      const want = new Float64Array(x.length), wantAbs = new Float64Array(x.length);
      eachTile(g, g.c, (s, ci, ty, tx, t) => {
        const d = range(g.r).map((i) => range(g.r).map((j) => dv[(g.r * i + j) * vBlock + ci * g.T + t]));
        const [u, a] = both(tr(W.BT), d, tr(W.BT));
        for (let i = 0; i < g.r; i++) for (let j = 0; j < g.r; j++) {
          const py = g.m * ty + i, px = g.m * tx + j;
          if (py >= g.hp || px >= g.wp) continue;
          const iy = source(py - g.pad, g.h, g.reflect), ix = source(px - g.pad, g.w, g.reflect);
          if (iy < 0 || ix < 0) continue;
          const at = ((s * g.c + ci) * g.h + iy) * g.w + ix;
          want[at] += u[i][j];
          wantAbs[at] += a[i][j];
        }
      });
      // Overlapping patches add up: the bound grows with the number of terms (at most 3×3 patches, 2×2 for F(4×4, 3×3)).
      assertNear(W, get(gx.p, x.length), want, wantAbs.map((a) => 2 * a), maxAbs(want), "gx");
    });

    test(`${W.prefix}Output and ${W.prefix}OutputGrad: ${name}`, () => {
      reset();
      const cout = g.c + 2, mBlock = cout * g.T + GAP, M = g.P * mBlock, Y = g.n * cout * g.oh * g.ow;
      const m = randoms(M, -1, 1, 3), bias = randoms(cout, -1, 1, 5);
      const y = output(Y);
      k[`${W.prefix}Output`](put(m), mBlock, put(bias), y.p, g.n, cout, g.oh, g.ow, g.tilesH, g.tilesW);
      y.check(`${W.prefix}Output`);
      const expected = new Float64Array(Y), expectedAbs = new Float64Array(Y), dy = randoms(Y, -1, 1, 9);
      const wantDm = blocks(g.P, cout * g.T), wantDmAbs = blocks(g.P, cout * g.T);
      eachTile(g, cout, (s, co, ty, tx, t) => {
        const mt = range(g.r).map((i) => range(g.r).map((j) => m[(g.r * i + j) * mBlock + co * g.T + t]));
        const [yt, ya] = both(W.AT, mt, W.AT);
        const dyt = range(g.m).map((a) => range(g.m).map((b) => {
          const oy = g.m * ty + a, ox = g.m * tx + b;
          return oy < g.oh && ox < g.ow ? dy[((s * cout + co) * g.oh + oy) * g.ow + ox] : 0;
        }));
        const [dmt, dma] = both(tr(W.AT), dyt, tr(W.AT));
        for (let xi = 0; xi < g.P; xi++) {
          wantDm[xi * mBlock + co * g.T + t] = dmt[Math.floor(xi / g.r)][xi % g.r];
          wantDmAbs[xi * mBlock + co * g.T + t] = dma[Math.floor(xi / g.r)][xi % g.r];
        }
        for (let a = 0; a < g.m; a++) for (let b = 0; b < g.m; b++) {
          const oy = g.m * ty + a, ox = g.m * tx + b;
          if (oy >= g.oh || ox >= g.ow) continue;
          expected[((s * cout + co) * g.oh + oy) * g.ow + ox] = yt[a][b] + bias[co];
          expectedAbs[((s * cout + co) * g.oh + oy) * g.ow + ox] = ya[a][b] + Math.abs(bias[co]);
        }
      });
      assertNear(W, get(y.p, Y), expected, expectedAbs, 4, "y");
      const dm = output(M);
      k[`${W.prefix}OutputGrad`](put(dy), dm.p, mBlock, g.n, cout, g.oh, g.ow, g.tilesH, g.tilesW);
      dm.check(`${W.prefix}OutputGrad`);
      assertNear(W, get(dm.p, M), wantDm, wantDmAbs, 2, "dM");
    });

    // The bias gradient taken with the output gradient: the bits of rowSums over each sample's planes in sample order, onto gb or not; dM the same as without it.
    test(`${W.prefix}OutputGrad's bias gradient (with and without accumulation): ${name}`, () => {
      reset();
      const cout = g.c + 2, L = g.oh * g.ow, mBlock = cout * g.T + GAP, M = g.P * mBlock;
      const dy = put(randoms(g.n * cout * L, -1, 1, 9)), start = randoms(cout, -1, 1, 11);
      const plain = output(M);
      k[`${W.prefix}OutputGrad`](dy, plain.p, mBlock, g.n, cout, g.oh, g.ow, g.tilesH, g.tilesW, 0, 0);
      for (const accumulate of [0, 1]) {
        const gb = put(start), want = put(start), dm = output(M);
        k[`${W.prefix}OutputGrad`](dy, dm.p, mBlock, g.n, cout, g.oh, g.ow, g.tilesH, g.tilesW, gb, accumulate);
        for (let s = 0; s < g.n; s++) k.rowSums(dy + s * cout * L * 4, want, cout, L, s > 0 ? 1 : accumulate);
        assert.deepEqual(new Uint32Array(get(gb, cout).buffer), new Uint32Array(get(want, cout).buffer), "gb");
        assert.deepEqual(new Uint32Array(get(dm.p, M + 8).buffer), new Uint32Array(get(plain.p, M + 8).buffer), "dM");
      }
    });
  }

  test(`${W.prefix}Filter and ${W.prefix}FilterGrad (with and without accumulation)`, () => {
    const r = W.m + 2, P = r * r;
    for (const [cout, cin] of [[1, 1], [3, 5], [9, 17]]) {
      reset();
      const wts = randoms(cout * cin * 9, -1, 1, 13), U = P * cout * cin;
      const u = output(U);
      k[`${W.prefix}Filter`](put(wts), u.p, cout, cin);
      u.check(`${W.prefix}Filter`);
      const du = randoms(U, -1, 1, 17), prior = randoms(cout * cin * 9, -1, 1, 19);
      const expected = new Float64Array(U), expectedAbs = new Float64Array(U);
      const wantGw = new Float64Array(cout * cin * 9), wantGwAbs = new Float64Array(cout * cin * 9);
      for (let p = 0; p < cout * cin; p++) {
        const gk = range(3).map((i) => range(3).map((j) => wts[p * 9 + 3 * i + j]));
        const [t, ta] = both(W.G, gk, W.G);
        const d = range(r).map((i) => range(r).map((j) => du[(r * i + j) * cout * cin + p]));
        const [back, ba] = both(tr(W.G), d, tr(W.G));
        for (let xi = 0; xi < P; xi++) {
          expected[xi * cout * cin + p] = t[Math.floor(xi / r)][xi % r];
          expectedAbs[xi * cout * cin + p] = ta[Math.floor(xi / r)][xi % r];
        }
        for (let i = 0; i < 9; i++) {
          wantGw[p * 9 + i] = back[Math.floor(i / 3)][i % 3];
          wantGwAbs[p * 9 + i] = ba[Math.floor(i / 3)][i % 3];
        }
      }
      assertNear(W, get(u.p, U), expected, expectedAbs, 2, `U ${cout}×${cin}`);
      const gw = output(wts.length);
      k[`${W.prefix}FilterGrad`](put(du), gw.p, cout, cin, 0);
      gw.check(`${W.prefix}FilterGrad`);
      assertNear(W, get(gw.p, wts.length), wantGw, wantGwAbs, 4, `dg ${cout}×${cin}`);
      const acc = put(prior);
      k[`${W.prefix}FilterGrad`](put(du), acc, cout, cin, 1);
      assertNear(W, get(acc, wts.length), wantGw.map((v, i) => v + prior[i]), wantGwAbs.map((v, i) => v + Math.abs(prior[i])), 6, `dg accumulated ${cout}×${cin}`);
    }
  });
}
