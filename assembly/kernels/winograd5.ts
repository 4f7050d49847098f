// Winograd F(5×5, 3×3) over a whole minibatch, in the layouts of
// winograd.ts (V [49, c, T], M [49, cout, T], U [49, cout, cin], T tiles
// numbered (sample, tile row, tile column), blocks `block` floats apart):
// for outputs whose 5×5 tiles waste less than 4×4 ones (14×14: 9 tiles of
// 49 products against 16 of 36, 0.77× as many; src/nn/conv/winograd.ts
// decides). The interpolation points are 0, 1, −1, ½, −½, −2 and ∞, F(4×4,
// 3×3)'s with −½ added: simulated in float32 over 32 channels the largest
// relative error of an output is 3.8e-6 against F(4×4, 3×3)'s 1.4e-6
// (docs/nn.md). With Bᵀ's rows the monic polynomials ∏_{q ≠ p}(x − q),
//   G = [2 0 0; 2⁄9 2⁄9 2⁄9; 2⁄3 −2⁄3 2⁄3; −16⁄15 −8⁄15 −4⁄15;
//        −16⁄9 8⁄9 −4⁄9; −2⁄45 4⁄45 −8⁄45; 0 0 1],
//   Aᵀ = [1 1 1 1 1 1 0; 0 1 −1 ½ −½ −2 0; 0 1 1 ¼ ¼ 4 0;
//         0 1 −1 ⅛ −⅛ −8 0; 0 1 1 1⁄16 1⁄16 16 1],
// and Bᵀ·d is computed through the factors those polynomials share
// (bt7: 33 operations for 7 outputs, where bt6 takes 26 for 6).
//
// A vector holds four consecutive tiles of T, wherever they lie: a tile row
// of 14×14 has three tiles, so groups run across tile rows and samples and
// every lane is used. The input transform therefore pads all n planes of a
// channel into the scratch first (one [hq, wq] plane per sample) and loads
// each patch row of the four tiles as two vectors, transposed into its seven
// columns; the output transform stores each tile's rows back the same way.
// The input transform's adjoint adds the four tiles' patches into the planes
// one tile after the other, in the order of T, each tile's seven rows in
// turn (so a tile's loads come long after the stores of the tile before,
// which overlap them). Every sum runs in a fixed order, so the bits depend on
// the shapes only.
import { vconst } from "./consts";
import { laneMask, loadMasked, loadN, storeN } from "./lanes";
import { padRegion, placePlane, unpadPlane } from "./padding";
import { rowSum } from "./rows";
import { gather, scatterColumn } from "./winograd4";

// The coefficients, each in all lanes (vconst).
const K = memory.data<f32>([0.25, 0.5, 2, 0.125, 0.0625, 4, 8, 16, 1.25]);
@inline function c(i: i32, x: v128): v128 { return f32x4.mul(vconst(K, i), x); }
@inline function quarter(x: v128): v128 { return c(0, x); }
@inline function half(x: v128): v128 { return c(1, x); }
@inline function x2(x: v128): v128 { return c(2, x); }
@inline function eighth(x: v128): v128 { return c(3, x); }
@inline function sixteenth(x: v128): v128 { return c(4, x); }
@inline function x4(x: v128): v128 { return c(5, x); }
@inline function x8(x: v128): v128 { return c(6, x); }
@inline function x16(x: v128): v128 { return c(7, x); }
@inline function x1_25(x: v128): v128 { return c(8, x); }

// Two 7×7 grids of vectors for the passes of one group's transform, and the
// four tiles' patches of the adjoint, row by row (seven pairs of vectors each).
const S: usize = memory.data(49 * 16, 16);
const R: usize = memory.data(49 * 16, 16);
const PATCHES: usize = memory.data(4 * 14 * 16, 16);

// Bᵀ·(d0..d6) into o + k·step (k = 0..6), the first `count` lanes of each:
// e_k = d_{k+1} + 2·d_k is the factor x + 2 of rows 0 to 4 and 6, then
// x² − 1 and x² − ¼, and x ± 1 or x ± ½.
@inline function bt7(d0: v128, d1: v128, d2: v128, d3: v128, d4: v128, d5: v128, d6: v128, o: usize, step: usize, count: i32): void {
  const e0 = f32x4.add(d1, x2(d0)), e1 = f32x4.add(d2, x2(d1)), e2 = f32x4.add(d3, x2(d2));
  const e3 = f32x4.add(d4, x2(d3)), e4 = f32x4.add(d5, x2(d4)), e5 = f32x4.add(d6, x2(d5));
  const h0 = f32x4.sub(e3, e1), h1 = f32x4.sub(e4, e2);
  const f0 = f32x4.sub(e3, quarter(e1)), f1 = f32x4.sub(e4, quarter(e2));
  storeN(o, f32x4.sub(h1, quarter(f32x4.sub(e2, e0))), count);
  storeN(o + step, f32x4.add(f1, f0), count);
  storeN(o + 2 * step, f32x4.sub(f1, f0), count);
  storeN(o + 3 * step, f32x4.add(h1, half(h0)), count);
  storeN(o + 4 * step, f32x4.sub(h1, half(h0)), count);
  storeN(o + 5 * step, f32x4.sub(f32x4.sub(d5, d3), quarter(f32x4.sub(d3, d1))), count);
  storeN(o + 6 * step, f32x4.sub(f32x4.sub(e5, e3), quarter(h0)), count);
}

// B·(t0..t6), the adjoint of bt7 (its steps in reverse), into o + k·step.
@inline function b7(t0: v128, t1: v128, t2: v128, t3: v128, t4: v128, t5: v128, t6: v128, o: usize, step: usize): void {
  const h0 = f32x4.sub(half(f32x4.sub(t3, t4)), quarter(t6)), h1 = f32x4.add(f32x4.add(t0, t3), t4);
  const f0 = f32x4.sub(t1, t2), f1 = f32x4.add(t1, t2);
  const e0 = quarter(t0);
  const e1 = f32x4.neg(f32x4.add(h0, quarter(f0)));
  const e2 = f32x4.neg(f32x4.add(f32x4.add(e0, h1), quarter(f1)));
  const e3 = f32x4.sub(f32x4.add(h0, f0), t6);
  const e4 = f32x4.add(h1, f1);
  v128.store(o, x2(e0));
  v128.store(o + step, f32x4.add(f32x4.add(e0, x2(e1)), quarter(t5)));
  v128.store(o + 2 * step, f32x4.add(e1, x2(e2)));
  v128.store(o + 3 * step, f32x4.sub(f32x4.add(e2, x2(e3)), x1_25(t5)));
  v128.store(o + 4 * step, f32x4.add(e3, x2(e4)));
  v128.store(o + 5 * step, f32x4.add(f32x4.add(e4, x2(t6)), t5));
  v128.store(o + 6 * step, t6);
}

// Aᵀ·(m0..m6) into o + k·step (k = 0..4).
@inline function at7(m0: v128, m1: v128, m2: v128, m3: v128, m4: v128, m5: v128, m6: v128, o: usize, step: usize): void {
  const s1 = f32x4.add(m1, m2), d1 = f32x4.sub(m1, m2), sh = f32x4.add(m3, m4), dh = f32x4.sub(m3, m4);
  v128.store(o, f32x4.add(f32x4.add(f32x4.add(m0, s1), sh), m5));
  v128.store(o + step, f32x4.sub(f32x4.add(d1, half(dh)), x2(m5)));
  v128.store(o + 2 * step, f32x4.add(f32x4.add(s1, quarter(sh)), x4(m5)));
  v128.store(o + 3 * step, f32x4.sub(f32x4.add(d1, eighth(dh)), x8(m5)));
  v128.store(o + 4 * step, f32x4.add(f32x4.add(f32x4.add(s1, sixteenth(sh)), x16(m5)), m6));
}

// A·(y0..y4), the adjoint of at7, into o + k·step (k = 0..6), the first `count` lanes of each.
@inline function a7(y0: v128, y1: v128, y2: v128, y3: v128, y4: v128, o: usize, step: usize, count: i32): void {
  const e = f32x4.add(f32x4.add(y0, y2), y4), d = f32x4.add(y1, y3);
  const eh = f32x4.add(f32x4.add(y0, quarter(y2)), sixteenth(y4)), dh = f32x4.add(half(y1), eighth(y3));
  storeN(o, y0, count);
  storeN(o + step, f32x4.add(e, d), count);
  storeN(o + 2 * step, f32x4.sub(e, d), count);
  storeN(o + 3 * step, f32x4.add(eh, dh), count);
  storeN(o + 4 * step, f32x4.sub(eh, dh), count);
  storeN(o + 5 * step, f32x4.add(f32x4.sub(f32x4.add(f32x4.sub(y0, x2(y1)), x4(y2)), x8(y3)), x16(y4)), count);
  storeN(o + 6 * step, y4, count);
}

// The four tiles of a group: tile t0 + k of lane k, the last tile of T repeated in lanes past it.
@inline function laneTile(t0: i32, k: i32, T: i32): i32 {
  return min(t0 + k, T - 1);
}

// Byte offset of tile t's top-left entry in a stack of per-sample planes
// `plane` bytes each, rows `row` bytes apart, a tile every 5 rows and columns.
@inline function tileOffset(t: i32, perSample: i32, tilesW: i32, plane: usize, row: usize): usize {
  const s = t / perSample, r = t - s * perSample, ty = r / tilesW, tx = r - ty * tilesW;
  return <usize>s * plane + <usize>(5 * ty) * row + (<usize>(5 * tx) << 2);
}

/** F(5×5, 3×3)'s winogradInput: V [49, c, T] = Bᵀ d B of every tile's 7×7 patch d of x [n, c, h, w]; pad: scratch of n·hq·wq floats (hq = 5·tilesH + 2, wq = 5·tilesW + 3). */
export function winograd5Input(
  x: usize, v: usize, block: i32, pad: usize, n: i32, c: i32, h: i32, w: i32,
  padTop: i32, padLeft: i32, hp: i32, wp: i32, tilesH: i32, tilesW: i32, reflect: i32,
): void {
  inputTiles(x, v, block, pad, n, c, h, w, padTop, padLeft, hp, wp, tilesH, tilesW, reflect != 0, false);
}

/**
 * F(5×5, 3×3)'s winogradInputGrad: gx [n, c, h, w] = the adjoint of
 * winograd5Input applied to dV [49, c, T]: each tile's B·dV·Bᵀ added into its
 * sample's padded plane in the order of T, then cropped into gx, the
 * padding's entries of a reflected plane added into the inputs they mirror.
 */
export function winograd5InputGrad(
  dv: usize, block: i32, gx: usize, pad: usize, n: i32, c: i32, h: i32, w: i32,
  padTop: i32, padLeft: i32, hp: i32, wp: i32, tilesH: i32, tilesW: i32, reflect: i32,
): void {
  inputTiles(gx, dv, block, pad, n, c, h, w, padTop, padLeft, hp, wp, tilesH, tilesW, reflect != 0, true);
}

// Every input plane of x in the stack of padded planes and every group of
// four tiles of V in V's order: the input transform, or (grad) its adjoint
// from V into x. `grad` is a constant at both call sites.
@inline function inputTiles(
  x: usize, v: usize, block: i32, pad: usize, n: i32, c: i32, h: i32, w: i32,
  padTop: i32, padLeft: i32, hp: i32, wp: i32, tilesH: i32, tilesW: i32, reflect: bool, grad: bool,
): void {
  const hq = 5 * tilesH + 2, wq = 5 * tilesW + 3, perSample = tilesH * tilesW, T = n * perSample;
  const row: usize = <usize>wq << 2, plane: usize = <usize>hq * row;
  const xi: usize = <usize>block << 2;
  for (let ci = 0; ci < c; ci++) {
    if (grad) memory.fill(pad, 0, <usize>n * plane);
    else {
      for (let s = 0; s < n; s++) {
        const src = x + ((<usize>(s * c + ci) * <usize>h * <usize>w) << 2), dst = pad + <usize>s * plane;
        if (reflect || ci == 0) padRegion(src, dst, h, w, padTop, padLeft, hp, wp, hq, wq, reflect);
        else placePlane(src, dst, h, w, padTop, padLeft, wq); // the zeros stay from the first channel
      }
    }
    const tiles = v + ((<usize>ci * <usize>T) << 2);
    for (let t = 0; t < T; t += 4) {
      const count = min(4, T - t), q = tiles + (<usize>t << 2);
      if (grad) {
        // Count 4 written out for all but a channel's last group: straight-line whole-vector
        // loads and stores (winograd.ts's outputGroupOf); likewise below.
        if (count == 4) input5GradGroup(q, xi, 4, laneMask(4));
        else input5GradGroup(q, xi, count, laneMask(count));
        for (let k = 0; k < count; k++) addPatch(pad + tileOffset(t + k, perSample, tilesW, plane, row), row, PATCHES + <usize>k * 224);
        continue;
      }
      const p0 = pad + tileOffset(t, perSample, tilesW, plane, row), p1 = pad + tileOffset(laneTile(t, 1, T), perSample, tilesW, plane, row);
      const p2 = pad + tileOffset(laneTile(t, 2, T), perSample, tilesW, plane, row), p3 = pad + tileOffset(laneTile(t, 3, T), perSample, tilesW, plane, row);
      if (count == 4) input5Group(p0, p1, p2, p3, row, q, xi, 4);
      else input5Group(p0, p1, p2, p3, row, q, xi, count);
    }
    if (!grad) continue;
    for (let s = 0; s < n; s++) {
      unpadPlane(pad + <usize>s * plane, x + ((<usize>(s * c + ci) * <usize>h * <usize>w) << 2), h, w, padTop, padLeft, hp, wp, reflect, wq);
    }
  }
}

// Bᵀ·d·B of the four patches at p0..p3 (rows `row` bytes apart) into V at q (positions xi bytes apart; the first `count` tiles).
@inline function input5Group(p0: usize, p1: usize, p2: usize, p3: usize, row: usize, q: usize, xi: usize, count: i32): void {
  bt7Row(p0, p1, p2, p3, 0, 0); bt7Row(p0, p1, p2, p3, row, 1); bt7Row(p0, p1, p2, p3, 2 * row, 2);
  bt7Row(p0, p1, p2, p3, 3 * row, 3); bt7Row(p0, p1, p2, p3, 4 * row, 4); bt7Row(p0, p1, p2, p3, 5 * row, 5);
  bt7Row(p0, p1, p2, p3, 6 * row, 6);
  bt7Column(q, xi, count, 0); bt7Column(q, xi, count, 1); bt7Column(q, xi, count, 2); bt7Column(q, xi, count, 3);
  bt7Column(q, xi, count, 4); bt7Column(q, xi, count, 5); bt7Column(q, xi, count, 6);
}

// Patch row r (at byte offset o = r·row) of the four tiles, transposed into its seven columns, times B into S + 112·r.
@inline function bt7Row(p0: usize, p1: usize, p2: usize, p3: usize, o: usize, r: usize): void {
  const a0 = v128.load(p0 + o), a1 = v128.load(p1 + o), a2 = v128.load(p2 + o), a3 = v128.load(p3 + o);
  const b0 = v128.load(p0 + o, 16), b1 = v128.load(p1 + o, 16), b2 = v128.load(p2 + o, 16), b3 = v128.load(p3 + o, 16);
  const l01 = v128.shuffle<f32>(a0, a1, 0, 4, 1, 5), h01 = v128.shuffle<f32>(a0, a1, 2, 6, 3, 7);
  const l23 = v128.shuffle<f32>(a2, a3, 0, 4, 1, 5), h23 = v128.shuffle<f32>(a2, a3, 2, 6, 3, 7);
  const m01 = v128.shuffle<f32>(b0, b1, 0, 4, 1, 5), n01 = v128.shuffle<f32>(b0, b1, 2, 6, 3, 7);
  const m23 = v128.shuffle<f32>(b2, b3, 0, 4, 1, 5), n23 = v128.shuffle<f32>(b2, b3, 2, 6, 3, 7);
  bt7(
    v128.shuffle<f32>(l01, l23, 0, 1, 4, 5), v128.shuffle<f32>(l01, l23, 2, 3, 6, 7),
    v128.shuffle<f32>(h01, h23, 0, 1, 4, 5), v128.shuffle<f32>(h01, h23, 2, 3, 6, 7),
    v128.shuffle<f32>(m01, m23, 0, 1, 4, 5), v128.shuffle<f32>(m01, m23, 2, 3, 6, 7),
    v128.shuffle<f32>(n01, n23, 0, 1, 4, 5),
    S + r * 112, 16, 4,
  );
}

// Column j of Bᵀ·(d·B) from S into V's positions 7·i + j at q.
@inline function bt7Column(q: usize, xi: usize, count: i32, j: usize): void {
  const c = S + j * 16;
  bt7(v128.load(c), v128.load(c, 112), v128.load(c, 224), v128.load(c, 336), v128.load(c, 448), v128.load(c, 560), v128.load(c, 672), q + j * xi, 7 * xi, count);
}

// B·dV·Bᵀ of the four tiles at q (lanes outside `mask` as zeros) into PATCHES, tile by tile.
@inline function input5GradGroup(q: usize, xi: usize, count: i32, mask: v128): void {
  b7Row(q, xi, count, mask, 0); b7Row(q, xi, count, mask, 1); b7Row(q, xi, count, mask, 2); b7Row(q, xi, count, mask, 3);
  b7Row(q, xi, count, mask, 4); b7Row(q, xi, count, mask, 5); b7Row(q, xi, count, mask, 6);
  b7Column(0); b7Column(1); b7Column(2); b7Column(3); b7Column(4); b7Column(5); b7Column(6);
  patchRow(0); patchRow(1); patchRow(2); patchRow(3); patchRow(4); patchRow(5); patchRow(6);
}

// Row i of dV's positions (7·i + j at q + (7·i + j)·xi, lanes outside `mask` as zeros) times Bᵀ into S + 112·i.
@inline function b7Row(q: usize, xi: usize, count: i32, mask: v128, i: usize): void {
  const a = q + 7 * i * xi;
  b7(
    loadMasked(a, count, mask), loadMasked(a + xi, count, mask), loadMasked(a + 2 * xi, count, mask), loadMasked(a + 3 * xi, count, mask),
    loadMasked(a + 4 * xi, count, mask), loadMasked(a + 5 * xi, count, mask), loadMasked(a + 6 * xi, count, mask), S + i * 112, 16,
  );
}

// Column j of B·(dV·Bᵀ) from S into R (rows 112 bytes apart).
@inline function b7Column(j: usize): void {
  const c = S + j * 16;
  b7(v128.load(c), v128.load(c, 112), v128.load(c, 224), v128.load(c, 336), v128.load(c, 448), v128.load(c, 560), v128.load(c, 672), R + j * 16, 112);
}

// Patch row r of R (a vector a column, a lane a tile) transposed into the
// four tiles' rows in PATCHES (224 bytes a tile): columns 0..3, then 4..6
// and −0, which adds nothing to the entry after the patch (x + −0 is x).
@inline function patchRow(r: usize): void {
  const c = R + r * 112, o = PATCHES + r * 32;
  const c0 = v128.load(c), c1 = v128.load(c, 16), c2 = v128.load(c, 32), c3 = v128.load(c, 48);
  const c4 = v128.load(c, 64), c5 = v128.load(c, 80), c6 = v128.load(c, 96), none = vconst(NEGATIVE_ZERO);
  const l01 = v128.shuffle<f32>(c0, c1, 0, 4, 1, 5), h01 = v128.shuffle<f32>(c0, c1, 2, 6, 3, 7);
  const l23 = v128.shuffle<f32>(c2, c3, 0, 4, 1, 5), h23 = v128.shuffle<f32>(c2, c3, 2, 6, 3, 7);
  const m01 = v128.shuffle<f32>(c4, c5, 0, 4, 1, 5), n01 = v128.shuffle<f32>(c4, c5, 2, 6, 3, 7);
  const m23 = v128.shuffle<f32>(c6, none, 0, 4, 1, 5), n23 = v128.shuffle<f32>(c6, none, 2, 6, 3, 7);
  v128.store(o, v128.shuffle<f32>(l01, l23, 0, 1, 4, 5)); v128.store(o, v128.shuffle<f32>(m01, m23, 0, 1, 4, 5), 16);
  v128.store(o, v128.shuffle<f32>(l01, l23, 2, 3, 6, 7), 224); v128.store(o, v128.shuffle<f32>(m01, m23, 2, 3, 6, 7), 240);
  v128.store(o, v128.shuffle<f32>(h01, h23, 0, 1, 4, 5), 448); v128.store(o, v128.shuffle<f32>(n01, n23, 0, 1, 4, 5), 464);
  v128.store(o, v128.shuffle<f32>(h01, h23, 2, 3, 6, 7), 672); v128.store(o, v128.shuffle<f32>(n01, n23, 2, 3, 6, 7), 688);
}

// Add one tile's patch (seven rows of eight floats at u) into the padded plane at p.
@inline function addPatch(p: usize, row: usize, u: usize): void {
  addPatchRow(p, u); addPatchRow(p + row, u + 32); addPatchRow(p + 2 * row, u + 64); addPatchRow(p + 3 * row, u + 96);
  addPatchRow(p + 4 * row, u + 128); addPatchRow(p + 5 * row, u + 160); addPatchRow(p + 6 * row, u + 192);
}
@inline function addPatchRow(p: usize, u: usize): void {
  v128.store(p, f32x4.add(v128.load(p), v128.load(u)));
  v128.store(p, f32x4.add(v128.load(p, 16), v128.load(u, 16)), 16);
}

// The bits of −0 as an f32.
const NEGATIVE_ZERO = memory.data<u32>([0x80000000]);

/** F(5×5, 3×3)'s winogradOutput: y [n, cout, oh, ow] = Aᵀ M A of every 5×5 tile of M [49, cout, T], plus bias [cout] unless 0. */
export function winograd5Output(m: usize, block: i32, bias: usize, y: usize, n: i32, cout: i32, oh: i32, ow: i32, tilesH: i32, tilesW: i32): void {
  const perSample = tilesH * tilesW, T = n * perSample;
  const xi: usize = <usize>block << 2, row: usize = <usize>ow << 2, plane: usize = <usize>oh * row;
  for (let co = 0; co < cout; co++) {
    const b = bias != 0 ? v128.load32_splat(bias + (<usize>co << 2)) : f32x4.splat(0);
    const tiles = m + ((<usize>co * <usize>T) << 2), first = y + <usize>co * plane, sample = <usize>cout * plane;
    for (let t = 0; t < T; t += 4) {
      const count = min(4, T - t);
      if (count == 4) output5Group(tiles + (<usize>t << 2), xi, 4);
      else output5Group(tiles + (<usize>t << 2), xi, count);
      laneTiles(t, count, perSample, tilesW, oh, ow, first, sample, row);
      storeRow(0, row, b); storeRow(1, row, b); storeRow(2, row, b); storeRow(3, row, b); storeRow(4, row, b);
    }
  }
}

// Aᵀ·M·A of the four tiles at q into R: output (a, b) of the four tiles at R + 16·(5·a + b).
@inline function output5Group(q: usize, xi: usize, count: i32): void {
  at7Row(q, xi, count, 0); at7Row(q, xi, count, 1); at7Row(q, xi, count, 2); at7Row(q, xi, count, 3);
  at7Row(q, xi, count, 4); at7Row(q, xi, count, 5); at7Row(q, xi, count, 6);
  at7Column(0); at7Column(1); at7Column(2); at7Column(3); at7Column(4);
}

// Row i of M·A (M's positions 7·i + j at q + (7·i + j)·xi) into S + 80·i.
@inline function at7Row(q: usize, xi: usize, count: i32, i: usize): void {
  const a = q + 7 * i * xi;
  at7(loadN(a, count), loadN(a + xi, count), loadN(a + 2 * xi, count), loadN(a + 3 * xi, count), loadN(a + 4 * xi, count), loadN(a + 5 * xi, count), loadN(a + 6 * xi, count), S + i * 80, 16);
}

// Column j of Aᵀ·(M·A) from S into R.
@inline function at7Column(j: usize): void {
  const c = S + j * 16;
  at7(v128.load(c), v128.load(c, 80), v128.load(c, 160), v128.load(c, 240), v128.load(c, 320), v128.load(c, 400), v128.load(c, 480), R + j * 16, 80);
}

// Where the group's four tiles t .. t + 3 lie in a stack of [oh, ow] planes
// (sample s's at first + s·sample, rows `row` bytes apart): for each lane,
// at LANES + 16·k, the address of its top-left output, its rows and columns
// inside the plane (up to 5; none for lanes past `count`).
@inline function laneTiles(t: i32, count: i32, perSample: i32, tilesW: i32, oh: i32, ow: i32, first: usize, sample: usize, row: usize): void {
  for (let k = 0; k < 4; k++) {
    const l = LANES + (<usize>k << 4);
    if (k >= count) {
      store<i32>(l, 0, 4);
      continue;
    }
    const s = (t + k) / perSample, r = t + k - s * perSample, ty = r / tilesW, tx = r - ty * tilesW;
    store<usize>(l, first + <usize>s * sample + <usize>(5 * ty) * row + (<usize>(5 * tx) << 2));
    store<i32>(l, min(5, oh - 5 * ty), 4);
    store<i32>(l, min(5, ow - 5 * tx), 8);
  }
}
const LANES: usize = memory.data(4 * 16, 16);

// Output row a of the four tiles (R's vectors (a, 0..4), a lane a tile) + b, each tile's into its place.
@inline function storeRow(a: usize, row: usize, b: v128): void {
  const c = R + a * 80;
  const c0 = v128.load(c), c1 = v128.load(c, 16), c2 = v128.load(c, 32), c3 = v128.load(c, 48), c4 = f32x4.add(v128.load(c, 64), b);
  const l01 = v128.shuffle<f32>(c0, c1, 0, 4, 1, 5), h01 = v128.shuffle<f32>(c0, c1, 2, 6, 3, 7);
  const l23 = v128.shuffle<f32>(c2, c3, 0, 4, 1, 5), h23 = v128.shuffle<f32>(c2, c3, 2, 6, 3, 7);
  storeLane(0, a, row, f32x4.add(v128.shuffle<f32>(l01, l23, 0, 1, 4, 5), b), f32x4.extract_lane(c4, 0));
  storeLane(1, a, row, f32x4.add(v128.shuffle<f32>(l01, l23, 2, 3, 6, 7), b), f32x4.extract_lane(c4, 1));
  storeLane(2, a, row, f32x4.add(v128.shuffle<f32>(h01, h23, 0, 1, 4, 5), b), f32x4.extract_lane(c4, 2));
  storeLane(3, a, row, f32x4.add(v128.shuffle<f32>(h01, h23, 2, 3, 6, 7), b), f32x4.extract_lane(c4, 3));
}

// Row a of lane k's tile: columns 0..3 (w) and 4 (e), those inside the plane.
@inline function storeLane(k: usize, a: usize, row: usize, w: v128, e: f32): void {
  const l = LANES + (k << 4);
  if (<i32>a >= load<i32>(l, 4)) return;
  const p = load<usize>(l) + a * row, cols = load<i32>(l, 8);
  storeN(p, w, cols);
  if (cols > 4) store<f32>(p, e, 16);
}

/**
 * F(5×5, 3×3)'s winogradOutputGrad: dM [49, cout, T] = A dY Aᵀ of every 5×5
 * tile of dy [n, cout, oh, ow] (outputs past the edge count as zeros), the
 * adjoint of winograd5Output. Unless gb is 0, also gb [cout] (+)= the bias
 * gradient as winogradOutputGrad takes it (each sample's plane sum, rowSum,
 * added in sample order; accumulateBias != 0 adds into gb).
 */
export function winograd5OutputGrad(dy: usize, dm: usize, block: i32, n: i32, cout: i32, oh: i32, ow: i32, tilesH: i32, tilesW: i32, gb: usize, accumulateBias: i32): void {
  const perSample = tilesH * tilesW, T = n * perSample;
  const xi: usize = <usize>block << 2, row: usize = <usize>ow << 2, plane: usize = <usize>oh * row;
  for (let co = 0; co < cout; co++) {
    const tiles = dm + ((<usize>co * <usize>T) << 2), first = dy + <usize>co * plane, sample = <usize>cout * plane;
    for (let t = 0; t < T; t += 4) {
      const count = min(4, T - t);
      laneTiles(t, count, perSample, tilesW, oh, ow, first, sample, row);
      if (count == 4) output5GradGroup(tiles + (<usize>t << 2), xi, 4, row);
      else output5GradGroup(tiles + (<usize>t << 2), xi, count, row);
    }
    if (gb == 0) continue;
    const at = gb + (<usize>co << 2);
    for (let s = 0; s < n; s++) {
      const sum = rowSum(first + <usize>s * sample, oh * ow);
      store<f32>(at, s > 0 || accumulateBias != 0 ? load<f32>(at) + sum : sum);
    }
  }
}

// A·dY·Aᵀ of the four tiles of LANES into dM at q.
@inline function output5GradGroup(q: usize, xi: usize, count: i32, row: usize): void {
  a7Row(0, row); a7Row(1, row); a7Row(2, row); a7Row(3, row); a7Row(4, row);
  a7Column(q, xi, count, 0); a7Column(q, xi, count, 1); a7Column(q, xi, count, 2); a7Column(q, xi, count, 3);
  a7Column(q, xi, count, 4); a7Column(q, xi, count, 5); a7Column(q, xi, count, 6);
}

// dY row a of the four tiles (zeros outside their planes), transposed to a vector a column, times Aᵀ into S + 112·a.
@inline function a7Row(a: usize, row: usize): void {
  const r0 = loadLane(0, a, row), r1 = loadLane(1, a, row), r2 = loadLane(2, a, row), r3 = loadLane(3, a, row);
  const l01 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), h01 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const l23 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5), h23 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  const c4 = f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(lastOf(0, a, row)), 1, lastOf(1, a, row)), 2, lastOf(2, a, row)), 3, lastOf(3, a, row));
  a7(
    v128.shuffle<f32>(l01, l23, 0, 1, 4, 5), v128.shuffle<f32>(l01, l23, 2, 3, 6, 7),
    v128.shuffle<f32>(h01, h23, 0, 1, 4, 5), v128.shuffle<f32>(h01, h23, 2, 3, 6, 7), c4, S + a * 112, 16, 4,
  );
}

// Columns 0..3 (loadLane) and 4 (lastOf) of row a of lane k's tile, zeros outside its plane.
@inline function loadLane(k: usize, a: usize, row: usize): v128 {
  const l = LANES + (k << 4);
  return <i32>a < load<i32>(l, 4) ? loadN(load<usize>(l) + a * row, load<i32>(l, 8)) : f32x4.splat(0);
}
@inline function lastOf(k: usize, a: usize, row: usize): f32 {
  const l = LANES + (k << 4);
  return <i32>a < load<i32>(l, 4) && load<i32>(l, 8) > 4 ? load<f32>(load<usize>(l) + a * row, 16) : 0;
}

// Column j of A·(dY·Aᵀ) from S into dM's positions 7·i + j at q.
@inline function a7Column(q: usize, xi: usize, count: i32, j: usize): void {
  const c = S + j * 16;
  a7(v128.load(c), v128.load(c, 112), v128.load(c, 224), v128.load(c, 336), v128.load(c, 448), q + j * xi, 7 * xi, count);
}

/** F(5×5, 3×3)'s winogradFilter: U [49, cout, cin] = G g Gᵀ of every 3×3 kernel g of weight [cout, cin, 3, 3]. */
export function winograd5Filter(weight: usize, u: usize, cout: i32, cin: i32): void {
  const pairs = cout * cin;
  const xi: usize = <usize>pairs << 2;
  // Four kernels at a time, one a lane, as in filter4.
  for (let k = 0; k < pairs; k += 4) {
    const count = min(4, pairs - k), g = weight + <usize>k * 36;
    // G·g column by column into KERNEL [7, 3] (vectors), then each row of it times Gᵀ.
    for (let j: usize = 0; j < 3; j++) g7(gather(g + (j << 2), count), gather(g + (j << 2) + 12, count), gather(g + (j << 2) + 24, count), KERNEL + (j << 4), 48, 4);
    const o = u + (<usize>k << 2);
    for (let i: usize = 0; i < 7; i++) {
      const r = KERNEL + i * 48;
      g7(v128.load(r), v128.load(r, 16), v128.load(r, 32), o + 7 * i * xi, xi, count);
    }
  }
}

/** F(5×5, 3×3)'s winogradFilterGrad: gw [cout, cin, 3, 3] (+)= Gᵀ dU G of dU [49, cout, cin] (added when accumulate ≠ 0), the adjoint of winograd5Filter. */
export function winograd5FilterGrad(du: usize, gw: usize, cout: i32, cin: i32, accumulate: i32): void {
  const pairs = cout * cin;
  const xi: usize = <usize>pairs << 2;
  for (let k = 0; k < pairs; k += 4) {
    const count = min(4, pairs - k), d = du + (<usize>k << 2);
    // dU·G row by row into KERNEL [7, 3] (vectors), then Gᵀ down its columns.
    for (let i: usize = 0; i < 7; i++) {
      const e = d + 7 * i * xi;
      gt7(loadN(e, count), loadN(e + xi, count), loadN(e + 2 * xi, count), loadN(e + 3 * xi, count), loadN(e + 4 * xi, count), loadN(e + 5 * xi, count), loadN(e + 6 * xi, count), KERNEL + i * 48, 16);
    }
    const g = gw + <usize>k * 36;
    for (let j: usize = 0; j < 3; j++) {
      const c = KERNEL + (j << 4);
      gt7(v128.load(c), v128.load(c, 48), v128.load(c, 96), v128.load(c, 144), v128.load(c, 192), v128.load(c, 240), v128.load(c, 288), COLUMN, 16);
      scatterColumn(g, j, COLUMN, count, accumulate);
    }
  }
}

// The 7×3 intermediate of four kernels' transforms, a vector each, and a column of their gradients.
const KERNEL: usize = memory.data(21 * 16, 16);
const COLUMN: usize = memory.data(3 * 16, 16);
// The divisors of G, each in all lanes (vconst).
const D = memory.data<f32>([3, 9, 15, 45]);

// G·(g0, g1, g2) into o + k·step (k = 0..6), the first `count` lanes: each entry one sum divided once, correctly rounded.
@inline function g7(g0: v128, g1: v128, g2: v128, o: usize, step: usize, count: i32): void {
  const s = f32x4.add(g0, g2);
  storeN(o, x2(g0), count);
  storeN(o + step, f32x4.div(x2(f32x4.add(s, g1)), vconst(D, 1)), count);
  storeN(o + 2 * step, f32x4.div(x2(f32x4.sub(s, g1)), vconst(D, 0)), count);
  storeN(o + 3 * step, f32x4.div(f32x4.neg(x4(f32x4.add(f32x4.add(x4(g0), x2(g1)), g2))), vconst(D, 2)), count);
  storeN(o + 4 * step, f32x4.div(f32x4.neg(x4(f32x4.add(f32x4.sub(x4(g0), x2(g1)), g2))), vconst(D, 1)), count);
  storeN(o + 5 * step, f32x4.div(f32x4.neg(x2(f32x4.add(f32x4.sub(g0, x2(g1)), x4(g2)))), vconst(D, 3)), count);
  storeN(o + 6 * step, g2, count);
}

// Gᵀ·(u0..u6), the adjoint of g7, into o + k·step (k = 0..2).
@inline function gt7(u0: v128, u1: v128, u2: v128, u3: v128, u4: v128, u5: v128, u6: v128, o: usize, step: usize): void {
  const a = f32x4.div(x2(u1), vconst(D, 1)), b = f32x4.div(x2(u2), vconst(D, 0));
  const c = f32x4.div(u3, vconst(D, 2)), d = f32x4.div(u4, vconst(D, 1)), e = f32x4.div(u5, vconst(D, 3));
  v128.store(o, f32x4.sub(f32x4.sub(f32x4.sub(f32x4.add(f32x4.add(x2(u0), a), b), x16(c)), x16(d)), x2(e)));
  v128.store(o + step, f32x4.add(f32x4.add(f32x4.sub(f32x4.sub(a, b), x8(c)), x8(d)), x4(e)));
  v128.store(o + 2 * step, f32x4.add(f32x4.sub(f32x4.sub(f32x4.sub(f32x4.add(a, b), x4(c)), x4(d)), x8(e)), u6));
}
