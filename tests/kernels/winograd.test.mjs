// The Winograd F(2×2, 3×3) transforms (assembly/kernels/winograd.ts) against
// scalar float64 references written from the matrices Bᵀ, G and Aᵀ, on odd
// sizes (every tail of a group of four tiles, partial edge tiles, zero and
// reflect padding, 1 and 3 samples), and their adjoints against the
// transposed references. The 16 blocks of V and M are 3 floats further apart
// than their size; result buffers start filled with canary floats, which the
// gaps between blocks and the floats after the end must keep.
import { test } from "node:test";
import assert from "node:assert/strict";
import { alloc, get, k, put, randoms, reset } from "./harness.mjs";

const BT = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]];
const G = [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]];
const AT = [[1, 1, 1, 0], [0, 1, -1, -1]];
const CANARY = 12345.5;

const mul = (a, b) => a.map((r) => b[0].map((_, j) => r.reduce((s, v, i) => s + v * b[i][j], 0)));
const tr = (a) => a[0].map((_, j) => a.map((r) => r[j]));

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

// A V- or M-shaped buffer of 16 blocks of `size` floats, `size + GAP` apart: every entry a canary until set.
const GAP = 3;
const blocks = (size) => new Float64Array(16 * (size + GAP)).fill(CANARY);

function assertNear(actual, expected, scale, what) {
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    assert.ok(Math.abs(actual[i] - e) <= 4e-7 * scale, `${what} index ${i}: got ${actual[i]}, expected ${e}`);
  }
}
const maxAbs = (a) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-30);

const CASES = [];
for (const [n, c] of [[1, 1], [3, 3]]) {
  for (const [h, w] of [[3, 3], [5, 5], [7, 9], [2, 5], [13, 14], [4, 17]]) {
    for (const pad of [0, 1, 2]) {
      for (const reflect of [false, true]) {
        if (h + 2 * pad < 3 || w + 2 * pad < 3 || (reflect && (pad === 0 || pad >= h || pad >= w))) continue;
        CASES.push({ n, c, h, w, pad, reflect });
      }
    }
  }
}

function geometry({ n, c, h, w, pad, reflect }) {
  const hp = h + 2 * pad, wp = w + 2 * pad, oh = hp - 2, ow = wp - 2;
  const tilesH = Math.ceil(oh / 2), tilesW = Math.ceil(ow / 2), T = n * tilesH * tilesW;
  const padScratch = (2 * tilesH + 2) * (2 * Math.ceil(tilesW / 4) * 4 + 2);
  return { n, c, h, w, pad, reflect, hp, wp, oh, ow, tilesH, tilesW, T, padScratch };
}

// The 4×4 patch of tile (s, ty, tx) of plane ci, as the padded input reads it.
function patch(x, g, s, ci, ty, tx) {
  return [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => {
    const py = 2 * ty + i, px = 2 * tx + j;
    if (py >= g.hp || px >= g.wp) return 0;
    const iy = source(py - g.pad, g.h, g.reflect), ix = source(px - g.pad, g.w, g.reflect);
    return iy < 0 || ix < 0 ? 0 : x[((s * g.c + ci) * g.h + iy) * g.w + ix];
  }));
}

const tileIndex = (g, s, ty, tx) => (s * g.tilesH + ty) * g.tilesW + tx;

for (const cs of CASES) {
  const g = geometry(cs);
  const name = `n ${g.n} c ${g.c} ${g.h}×${g.w} padding ${g.pad}${g.reflect ? " reflect" : ""}`;
  const args = [g.n, g.c, g.h, g.w, g.pad, g.pad, g.hp, g.wp, g.tilesH, g.tilesW, g.reflect ? 1 : 0];
  const vBlock = g.c * g.T + GAP;

  test(`winogradInput and winogradInputGrad: ${name}`, () => {
    reset();
    const x = randoms(g.n * g.c * g.h * g.w, -1, 1, 7);
    const V = 16 * vBlock;
    const v = output(V), padScratch = alloc(g.padScratch);
    k.winogradInput(put(x), v.p, vBlock, padScratch, ...args);
    v.check("winogradInput");
    const expected = blocks(g.c * g.T);
    for (let s = 0; s < g.n; s++) for (let ci = 0; ci < g.c; ci++) for (let ty = 0; ty < g.tilesH; ty++) for (let tx = 0; tx < g.tilesW; tx++) {
      const t = mul(mul(BT, patch(x, g, s, ci, ty, tx)), tr(BT));
      for (let xi = 0; xi < 16; xi++) expected[xi * vBlock + ci * g.T + tileIndex(g, s, ty, tx)] = t[xi >> 2][xi & 3];
    }
    assertNear(get(v.p, V), expected, 1, "V");

    // The adjoint: gx = Σ over tiles of B·dV·Bᵀ scattered back through the padding.
    const dv = randoms(V, -1, 1, 11); // the gaps hold values too, which the adjoint must not read
    const gx = output(x.length);
    k.winogradInputGrad(put(dv), vBlock, gx.p, padScratch, ...args);
    gx.check("winogradInputGrad");
    const want = new Float64Array(x.length);
    for (let s = 0; s < g.n; s++) for (let ci = 0; ci < g.c; ci++) for (let ty = 0; ty < g.tilesH; ty++) for (let tx = 0; tx < g.tilesW; tx++) {
      const d = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => dv[(4 * i + j) * vBlock + ci * g.T + tileIndex(g, s, ty, tx)]));
      const u = mul(mul(tr(BT), d), BT);
      for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) {
        const py = 2 * ty + i, px = 2 * tx + j;
        if (py >= g.hp || px >= g.wp) continue;
        const iy = source(py - g.pad, g.h, g.reflect), ix = source(px - g.pad, g.w, g.reflect);
        if (iy >= 0 && ix >= 0) want[((s * g.c + ci) * g.h + iy) * g.w + ix] += u[i][j];
      }
    }
    assertNear(get(gx.p, x.length), want, maxAbs(want), "gx");
  });

  test(`winogradOutput and winogradOutputGrad: ${name}`, () => {
    reset();
    const cout = g.c + 2, mBlock = cout * g.T + GAP, M = 16 * mBlock, Y = g.n * cout * g.oh * g.ow;
    const m = randoms(M, -1, 1, 3), bias = randoms(cout, -1, 1, 5);
    const y = output(Y);
    k.winogradOutput(put(m), mBlock, put(bias), y.p, g.n, cout, g.oh, g.ow, g.tilesH, g.tilesW);
    y.check("winogradOutput");
    const expected = new Float64Array(Y), dy = randoms(Y, -1, 1, 9), wantDm = blocks(cout * g.T);
    for (let s = 0; s < g.n; s++) for (let co = 0; co < cout; co++) for (let ty = 0; ty < g.tilesH; ty++) for (let tx = 0; tx < g.tilesW; tx++) {
      const t = tileIndex(g, s, ty, tx);
      const mt = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => m[(4 * i + j) * mBlock + co * g.T + t]));
      const yt = mul(mul(AT, mt), tr(AT));
      const dyt = [0, 1].map((a) => [0, 1].map((b) => {
        const oy = 2 * ty + a, ox = 2 * tx + b;
        return oy < g.oh && ox < g.ow ? dy[((s * cout + co) * g.oh + oy) * g.ow + ox] : 0;
      }));
      const dmt = mul(mul(tr(AT), dyt), AT);
      for (let xi = 0; xi < 16; xi++) wantDm[xi * mBlock + co * g.T + t] = dmt[xi >> 2][xi & 3];
      for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) {
        const oy = 2 * ty + a, ox = 2 * tx + b;
        if (oy < g.oh && ox < g.ow) expected[((s * cout + co) * g.oh + oy) * g.ow + ox] = yt[a][b] + bias[co];
      }
    }
    assertNear(get(y.p, Y), expected, 4, "y");
    const dm = output(M);
    k.winogradOutputGrad(put(dy), dm.p, mBlock, g.n, cout, g.oh, g.ow, g.tilesH, g.tilesW);
    dm.check("winogradOutputGrad");
    assertNear(get(dm.p, M), wantDm, 2, "dM");
  });
}

test("winogradFilter and winogradFilterGrad (with and without accumulation)", () => {
  for (const [cout, cin] of [[1, 1], [3, 5], [9, 17]]) {
    reset();
    const wts = randoms(cout * cin * 9, -1, 1, 13), U = 16 * cout * cin;
    const u = output(U);
    k.winogradFilter(put(wts), u.p, cout, cin);
    u.check("winogradFilter");
    const du = randoms(U, -1, 1, 17), prior = randoms(cout * cin * 9, -1, 1, 19);
    const expected = new Float64Array(U), wantGw = new Float64Array(cout * cin * 9);
    for (let p = 0; p < cout * cin; p++) {
      const gk = [0, 1, 2].map((i) => [0, 1, 2].map((j) => wts[p * 9 + 3 * i + j]));
      const t = mul(mul(G, gk), tr(G));
      const d = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => du[(4 * i + j) * cout * cin + p]));
      const back = mul(mul(tr(G), d), G);
      for (let xi = 0; xi < 16; xi++) expected[xi * cout * cin + p] = t[xi >> 2][xi & 3];
      for (let i = 0; i < 9; i++) wantGw[p * 9 + i] = back[Math.floor(i / 3)][i % 3];
    }
    assertNear(get(u.p, U), expected, 2, `U ${cout}×${cin}`);
    const gw = output(wts.length);
    k.winogradFilterGrad(put(du), gw.p, cout, cin, 0);
    gw.check("winogradFilterGrad");
    assertNear(get(gw.p, wts.length), wantGw, 4, `dg ${cout}×${cin}`);
    const acc = put(prior);
    k.winogradFilterGrad(put(du), acc, cout, cin, 1);
    assertNear(get(acc, wts.length), wantGw.map((v, i) => v + prior[i]), 6, `dg accumulated ${cout}×${cin}`);
  }
});
