// Winograd F(2×2, 3×3) and F(4×4, 3×3) transforms of a 3×3, stride-1
// convolution over a whole minibatch (docs/nn.md, "Convolutions"); the
// F(4×4, 3×3) arithmetic is in winograd4.ts, the tile loops here serve both
// (tile size m = 2 or 4, (m + 2)² positions ξ). With the 4×4 input patch d of
// each 2×2 output tile and the 3×3 kernel g,
//   V = Bᵀ d B,  U = G g Gᵀ,  M = U ⊙ V (summed over input channels),  Y = Aᵀ M A,
//   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1],  G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1],
//   Aᵀ = [1 1 1 0; 0 1 −1 −1].
// The product over channels is 16 GEMMs run by the host, one per position ξ
// of the 4×4 transform: the layouts are
//   V [16, c, T] and M [16, cout, T], T = n·tilesH·tilesW tiles numbered
//   (sample, tile row, tile column); U [16, cout, cin] (cin per group).
// The 16 (36) blocks of V and M are `block` floats apart, which the host makes a
// little more than c·T (cout·T): streams exactly a power of two apart would
// share a set of the L1 cache.
// The *Grad kernels are the adjoints, for the backward pass.
//
// Vectors hold four neighbouring tiles of a tile row (F(4×4, 3×3) with two
// tiles a row: the 2×2 block of two tile rows, see winograd4.ts). The last
// group of a row spills over into the next tiles of the same channel's row of
// T tiles in V or M, which the loops (in memory order) write later or whose
// lanes are dropped, so it loads and stores whole vectors unless fewer than
// four tiles are left in that row (lanes.ts's partial vectors). An input plane
// is first padded into scratch [hq, wq] (hq = m·tilesH + 2, wq = paddedWidth),
// zero beyond the convolution's own padded extent [hp, wp], so that every
// patch reads inside it (with zero padding only the first plane is padded
// whole; the next ones copy in their rows over its zeros: the forward's input
// transform 1.6× faster on Fashion-MNIST's and digits' conv2); outputs past
// (oh, ow) are computed but never stored.
// Every sum runs in a fixed order, so the bits depend on the shapes only.
import { vconst } from "./consts";
import { laneMask, loadMasked, loadN, storeN } from "./lanes";
import { padRegion, placePlane, unpadPlane } from "./padding";
import { rowSum } from "./rows";
import { filter4, filter4Grad, input4GradGroup, input4Group, output4GradGroup, output4Group } from "./winograd4";

// Row length of the padded scratch: four tiles' patches of the last group read
// columns up to m·(tiles rounded up to 4) + 1 (F(4×4, 3×3) loads whole vectors: + 3).
@inline function paddedWidth(m: i32, tilesW: i32): i32 {
  return m * ((tilesW + 3) & ~3) + m;
}

/** V [16, c, T] = Bᵀ d B of every tile's 4×4 patch d of x [n, c, h, w] (V's 16 blocks `block` ≥ c·T floats apart; pad: scratch of hq·wq floats). */
export function winogradInput(
  x: usize, v: usize, block: i32, pad: usize, n: i32, c: i32, h: i32, w: i32,
  padTop: i32, padLeft: i32, hp: i32, wp: i32, tilesH: i32, tilesW: i32, reflect: i32,
): void {
  inputTiles(x, v, block, pad, n, c, h, w, padTop, padLeft, hp, wp, tilesH, tilesW, reflect != 0, 2, false);
}

/** F(4×4, 3×3)'s winogradInput: V [36, c, T] of every tile's 6×6 patch. */
export function winograd4Input(
  x: usize, v: usize, block: i32, pad: usize, n: i32, c: i32, h: i32, w: i32,
  padTop: i32, padLeft: i32, hp: i32, wp: i32, tilesH: i32, tilesW: i32, reflect: i32,
): void {
  inputTiles(x, v, block, pad, n, c, h, w, padTop, padLeft, hp, wp, tilesH, tilesW, reflect != 0, 4, false);
}

/**
 * gx [n, c, h, w] = the adjoint of winogradInput applied to dV [16, c, T]:
 * each tile's B·dV·Bᵀ added into the padded scratch over the overlapping
 * patches (left to right, top to bottom), then cropped into gx, the padding's
 * entries of a reflected plane added into the inputs they mirror.
 */
export function winogradInputGrad(
  dv: usize, block: i32, gx: usize, pad: usize, n: i32, c: i32, h: i32, w: i32,
  padTop: i32, padLeft: i32, hp: i32, wp: i32, tilesH: i32, tilesW: i32, reflect: i32,
): void {
  inputTiles(gx, dv, block, pad, n, c, h, w, padTop, padLeft, hp, wp, tilesH, tilesW, reflect != 0, 2, true);
}

/** F(4×4, 3×3)'s winogradInputGrad: the adjoint of winograd4Input. */
export function winograd4InputGrad(
  dv: usize, block: i32, gx: usize, pad: usize, n: i32, c: i32, h: i32, w: i32,
  padTop: i32, padLeft: i32, hp: i32, wp: i32, tilesH: i32, tilesW: i32, reflect: i32,
): void {
  inputTiles(gx, dv, block, pad, n, c, h, w, padTop, padLeft, hp, wp, tilesH, tilesW, reflect != 0, 4, true);
}

// Visit every input plane of x through the padded scratch and every group of
// four tiles of V in V's order: the input transform, or (grad) its adjoint
// from V into x. `m` and `grad` are constants at every call site, so each
// export keeps only its own branch.
@inline function inputTiles(
  x: usize, v: usize, block: i32, pad: usize, n: i32, c: i32, h: i32, w: i32,
  padTop: i32, padLeft: i32, hp: i32, wp: i32, tilesH: i32, tilesW: i32, reflect: bool, m: i32, grad: bool,
): void {
  const hq = m * tilesH + 2, wq = paddedWidth(m, tilesW);
  const T = n * tilesH * tilesW;
  const xi: usize = <usize>block << 2; // bytes between two positions ξ of V
  const row: usize = <usize>wq << 2;
  for (let ci = 0; ci < c; ci++) {
    for (let s = 0; s < n; s++) {
      const plane = x + ((<usize>(s * c + ci) * <usize>h * <usize>w) << 2);
      if (grad) memory.fill(pad, 0, <usize>hq * row);
      else if (reflect || (ci == 0 && s == 0)) padRegion(plane, pad, h, w, padTop, padLeft, hp, wp, hq, wq, reflect);
      else placePlane(plane, pad, h, w, padTop, padLeft, wq); // the zeros stay from the first plane
      for (let ty = 0; ty < tilesH; ty++) {
        const patches = pad + <usize>(m * ty) * row;
        const tiles = v + ((<usize>ci * <usize>T + <usize>((s * tilesH + ty) * tilesW)) << 2);
        const left = T - (s * tilesH + ty) * tilesW; // tiles from this tile row's first to the end of the channel's T
        if (pairsTileRows(m, tilesW, tilesH, ty)) {
          if (grad) input4GradGroup(patches, row, tiles, xi, 4, laneMask(4), true);
          else input4Group(patches, row, tiles, xi, 4, true);
          ty++;
          continue;
        }
        for (let tx = 0; tx < tilesW; tx += 4) {
          const p = patches + (<usize>(m * tx) << 2), q = tiles + (<usize>tx << 2), count = min(4, left - tx);
          if (m == 4) {
            if (grad) input4GradGroup(p, row, q, xi, count, laneMask(tilesW - tx), false);
            else input4Group(p, row, q, xi, count, false);
          } else if (grad) inputGradGroup(p, row, q, xi, count, laneMask(tilesW - tx));
          else inputGroup(p, row, q, xi, count);
        }
      }
      if (grad) unpadPlane(pad, plane, h, w, padTop, padLeft, hp, wp, reflect, wq);
    }
  }
}

// Whether tile row ty and the next make one group of four tiles: F(4×4, 3×3)
// with two tiles a row (winograd4.ts, `pair`); an odd last tile row goes alone.
@inline function pairsTileRows(m: i32, tilesW: i32, tilesH: i32, ty: i32): bool {
  return m == 4 && tilesW == 2 && ty + 1 < tilesH;
}

// Bᵀ·d·B of the four patches at p (rows `row` bytes apart) into q.
@inline function inputGroup(p0: usize, row: usize, q: usize, xi: usize, count: i32): void {
  // Patch row r of four tiles: columns 0..3 are the even and odd floats from 2·tx and 2·tx + 2.
  const p1 = p0 + row, p2 = p1 + row, p3 = p2 + row;
  // d·B row by row: (d0 − d2, d1 + d2, d2 − d1, d1 − d3).
  const e00 = even(p0), o00 = odd(p0), e02 = even(p0 + 8), o02 = odd(p0 + 8);
  const e10 = even(p1), o10 = odd(p1), e12 = even(p1 + 8), o12 = odd(p1 + 8);
  const e20 = even(p2), o20 = odd(p2), e22 = even(p2 + 8), o22 = odd(p2 + 8);
  const e30 = even(p3), o30 = odd(p3), e32 = even(p3 + 8), o32 = odd(p3 + 8);
  // Bᵀ·(d·B) column by column: ξ = 4·i + j.
  storeBt(q, xi, f32x4.sub(e00, e02), f32x4.sub(e10, e12), f32x4.sub(e20, e22), f32x4.sub(e30, e32), count);
  storeBt(q + xi, xi, f32x4.add(o00, e02), f32x4.add(o10, e12), f32x4.add(o20, e22), f32x4.add(o30, e32), count);
  storeBt(q + 2 * xi, xi, f32x4.sub(e02, o00), f32x4.sub(e12, o10), f32x4.sub(e22, o20), f32x4.sub(e32, o30), count);
  storeBt(q + 3 * xi, xi, f32x4.sub(o00, o02), f32x4.sub(o10, o12), f32x4.sub(o20, o22), f32x4.sub(o30, o32), count);
}

// B·dV·Bᵀ of four tiles at q (lanes outside `mask` as zeros) added into the patches at p.
@inline function inputGradGroup(p0: usize, row: usize, q: usize, xi: usize, count: i32, mask: v128): void {
  // B·dV column by column (u_r = Σ_i Bᵀ[i][r]·dV_i): u0 = dV0, u1 = dV1 − dV2 + dV3, u2 = dV1 + dV2 − dV0, u3 = −dV3.
  const v00 = loadMasked(q, count, mask), v01 = loadMasked(q + xi, count, mask), v02 = loadMasked(q + 2 * xi, count, mask), v03 = loadMasked(q + 3 * xi, count, mask);
  const v10 = loadMasked(q + 4 * xi, count, mask), v11 = loadMasked(q + 5 * xi, count, mask), v12 = loadMasked(q + 6 * xi, count, mask), v13 = loadMasked(q + 7 * xi, count, mask);
  const v20 = loadMasked(q + 8 * xi, count, mask), v21 = loadMasked(q + 9 * xi, count, mask), v22 = loadMasked(q + 10 * xi, count, mask), v23 = loadMasked(q + 11 * xi, count, mask);
  const v30 = loadMasked(q + 12 * xi, count, mask), v31 = loadMasked(q + 13 * xi, count, mask), v32 = loadMasked(q + 14 * xi, count, mask), v33 = loadMasked(q + 15 * xi, count, mask);
  const p1 = p0 + row, p2 = p1 + row, p3 = p2 + row;
  addBRow(p0, v00, v01, v02, v03);
  addBRow(p1, bMid1(v10, v20, v30), bMid1(v11, v21, v31), bMid1(v12, v22, v32), bMid1(v13, v23, v33));
  addBRow(p2, bMid2(v00, v10, v20), bMid2(v01, v11, v21), bMid2(v02, v12, v22), bMid2(v03, v13, v23));
  addBRow(p3, f32x4.neg(v30), f32x4.neg(v31), f32x4.neg(v32), f32x4.neg(v33));
}

/** y [n, cout, oh, ow] = Aᵀ M A of every tile of M [16, cout, T] (blocks `block` ≥ cout·T floats apart), plus bias [cout] unless 0. */
export function winogradOutput(m: usize, block: i32, bias: usize, y: usize, n: i32, cout: i32, oh: i32, ow: i32, tilesH: i32, tilesW: i32): void {
  outputTiles(m, block, bias, y, n, cout, oh, ow, tilesH, tilesW, 2, false, 0);
}

/** F(4×4, 3×3)'s winogradOutput: y = Aᵀ M A of every 4×4 tile of M [36, cout, T]. */
export function winograd4Output(m: usize, block: i32, bias: usize, y: usize, n: i32, cout: i32, oh: i32, ow: i32, tilesH: i32, tilesW: i32): void {
  outputTiles(m, block, bias, y, n, cout, oh, ow, tilesH, tilesW, 4, false, 0);
}

/**
 * dM [16, cout, T] (blocks `block` floats apart) = A dY Aᵀ of every 2×2 tile
 * of dy [n, cout, oh, ow] (outputs past the edge count as zeros): the adjoint
 * of winogradOutput. Unless gb is 0, also gb [cout] (+)= the bias gradient
 * (accumulateBias != 0 adds into gb): each sample's plane sum (rowSum: the
 * bits of rowSums per sample, as the columns engine takes it) added in sample
 * order, taken right after the plane's transform while it is in cache instead
 * of in a second pass over dy.
 */
export function winogradOutputGrad(dy: usize, dm: usize, block: i32, n: i32, cout: i32, oh: i32, ow: i32, tilesH: i32, tilesW: i32, gb: usize, accumulateBias: i32): void {
  outputTiles(dm, block, gb, dy, n, cout, oh, ow, tilesH, tilesW, 2, true, accumulateBias);
}

/** F(4×4, 3×3)'s winogradOutputGrad: dM [36, cout, T] = A dY Aᵀ of every 4×4 tile, the adjoint of winograd4Output; gb as there. */
export function winograd4OutputGrad(dy: usize, dm: usize, block: i32, n: i32, cout: i32, oh: i32, ow: i32, tilesH: i32, tilesW: i32, gb: usize, accumulateBias: i32): void {
  outputTiles(dm, block, gb, dy, n, cout, oh, ow, tilesH, tilesW, 4, true, accumulateBias);
}

// Visit every group of four tiles of M and their outputs in y in memory
// order: the output transform, or (grad) its adjoint from y into M, with
// `bias` then the bias gradient (accumulated into when accumulateBias ≠ 0).
// `tile` (m) and `grad` are constants at every call site, so each export
// keeps only its own branch.
@inline function outputTiles(m: usize, block: i32, bias: usize, y: usize, n: i32, cout: i32, oh: i32, ow: i32, tilesH: i32, tilesW: i32, tile: i32, grad: bool, accumulateBias: i32): void {
  const T = n * tilesH * tilesW;
  const xi: usize = <usize>block << 2;
  const row: usize = <usize>ow << 2;
  const end = y + ((<usize>n * <usize>cout * <usize>oh * <usize>ow) << 2);
  for (let co = 0; co < cout; co++) {
    const b = bias != 0 && !grad ? v128.load32_splat(bias + (<usize>co << 2)) : f32x4.splat(0);
    for (let s = 0; s < n; s++) {
      const plane = y + ((<usize>(s * cout + co) * <usize>oh * <usize>ow) << 2);
      for (let ty = 0; ty < tilesH; ty++) {
        const tiles = m + ((<usize>co * <usize>T + <usize>((s * tilesH + ty) * tilesW)) << 2);
        const top = plane + <usize>(tile * ty) * row;
        const rows = min(tile, oh - tile * ty);
        const left = T - (s * tilesH + ty) * tilesW; // tiles from this tile row's first to the end of the channel's T
        if (pairsTileRows(tile, tilesW, tilesH, ty)) {
          // The lower tile row's rows; the whole-vector reads end 8 floats into its last row.
          const lower = min(4, oh - 4 * (ty + 1));
          if (grad) output4GradGroup(tiles, xi, 4, top, row, ow, lower, top + <usize>(3 + lower) * row + 32 <= end, true);
          else output4Group(tiles, xi, 4, top, row, ow, lower, b, true);
          ty++;
          continue;
        }
        for (let tx = 0; tx < tilesW; tx += 4) {
          const q = tiles + (<usize>tx << 2), count = min(4, left - tx);
          const o = top + (<usize>(tile * tx) << 2), cols = ow - tile * tx;
          // Count 4 written out for the output transform (see outputGroupOf); its adjoint ran no faster so.
          if (count == 4 && !grad) outputGroupOf(tile, grad, q, xi, 4, o, row, cols, rows, b, false);
          // F(4×4, 3×3)'s adjoint reads dY's rows as four whole vectors, the lanes past `cols` masked off,
          // wherever they end inside dy (all but the last rows of the last plane): V8 had recomputed
          // loadN's addresses in every branch of its tests (×0.82–0.87 on Fashion-MNIST's conv2).
          else if (grad && tile == 4 && o + <usize>(rows - 1) * row + 64 <= end) outputGroupOf(tile, grad, q, xi, count, o, row, cols, rows, b, true);
          else outputGroupOf(tile, grad, q, xi, count, o, row, cols, rows, b, false);
        }
      }
      if (grad && bias != 0) {
        const at = bias + (<usize>co << 2), sum = rowSum(plane, oh * ow);
        store<f32>(at, s > 0 || accumulateBias != 0 ? load<f32>(at) + sum : sum);
      }
    }
  }
}

// One group of outputTiles. The output transform calls it with count 4
// written out for all but a channel's last group, so that V8 gets
// straight-line whole-vector loads without loadN's tests, which it kept in
// registers poorly (F(2×2, 3×3)'s output transform spilled its 16 loaded vectors).
@inline function outputGroupOf(tile: i32, grad: bool, q: usize, xi: usize, count: i32, o: usize, row: usize, cols: i32, rows: i32, b: v128, whole: bool): void {
  if (tile == 4) {
    if (grad) output4GradGroup(q, xi, count, o, row, cols, rows, whole, false);
    else output4Group(q, xi, count, o, row, cols, rows, b, false);
  } else if (grad) outputGradGroup(q, xi, count, o, row, cols, rows > 1);
  else outputGroup(q, xi, count, o, row, cols, rows > 1, b);
}

// Aᵀ·M·A + b of four tiles at q into the output rows at o and o + row (the
// first `cols` columns; the second row only when `lower`).
@inline function outputGroup(q: usize, xi: usize, count: i32, o: usize, row: usize, cols: i32, lower: bool, b: v128): void {
  // M·A row by row: (m0 + m1 + m2, m1 − m2 − m3), each of M's 16 vectors loaded once.
  const q1 = q + 4 * xi, q2 = q + 8 * xi, q3 = q + 12 * xi;
  const m00 = loadN(q, count), m01 = loadN(q + xi, count), m02 = loadN(q + 2 * xi, count), m03 = loadN(q + 3 * xi, count);
  const m10 = loadN(q1, count), m11 = loadN(q1 + xi, count), m12 = loadN(q1 + 2 * xi, count), m13 = loadN(q1 + 3 * xi, count);
  const m20 = loadN(q2, count), m21 = loadN(q2 + xi, count), m22 = loadN(q2 + 2 * xi, count), m23 = loadN(q2 + 3 * xi, count);
  const m30 = loadN(q3, count), m31 = loadN(q3 + xi, count), m32 = loadN(q3 + 2 * xi, count), m33 = loadN(q3 + 3 * xi, count);
  const a0 = aRow0(m00, m01, m02), b0 = aRow1(m01, m02, m03), a1 = aRow0(m10, m11, m12), b1 = aRow1(m11, m12, m13);
  const a2 = aRow0(m20, m21, m22), b2 = aRow1(m21, m22, m23), a3 = aRow0(m30, m31, m32), b3 = aRow1(m31, m32, m33);
  storePairs(o, f32x4.add(f32x4.add(f32x4.add(a0, a1), a2), b), f32x4.add(f32x4.add(f32x4.add(b0, b1), b2), b), cols);
  if (lower) storePairs(o + row, f32x4.add(f32x4.sub(f32x4.sub(a1, a2), a3), b), f32x4.add(f32x4.sub(f32x4.sub(b1, b2), b3), b), cols);
}

// A·dY·Aᵀ of four tiles whose dY rows are at o and o + row (zeros past `cols`
// columns, and for the second row unless `lower`), into q.
@inline function outputGradGroup(q: usize, xi: usize, count: i32, o: usize, row: usize, cols: i32, lower: bool): void {
  // dY of four tiles: row a, column b as y<a><b>.
  const lo0 = loadN(o, cols), hi0 = cols > 4 ? loadN(o + 16, cols - 4) : f32x4.splat(0);
  const y00 = v128.shuffle<f32>(lo0, hi0, 0, 2, 4, 6), y01 = v128.shuffle<f32>(lo0, hi0, 1, 3, 5, 7);
  let y10 = f32x4.splat(0), y11 = f32x4.splat(0);
  if (lower) {
    const lo1 = loadN(o + row, cols), hi1 = cols > 4 ? loadN(o + row + 16, cols - 4) : f32x4.splat(0);
    y10 = v128.shuffle<f32>(lo1, hi1, 0, 2, 4, 6);
    y11 = v128.shuffle<f32>(lo1, hi1, 1, 3, 5, 7);
  }
  // Rows (e0, e0 + e1, e0 − e1, −e1) of the rows e_a = (y_a0, y_a0 + y_a1, y_a0 − y_a1, −y_a1).
  const s0 = f32x4.add(y00, y10), d0 = f32x4.sub(y00, y10), s1 = f32x4.add(y01, y11), d1 = f32x4.sub(y01, y11);
  storeARow(q, xi, y00, y01, count);
  storeARow(q + 4 * xi, xi, s0, s1, count);
  storeARow(q + 8 * xi, xi, d0, d1, count);
  storeARow(q + 12 * xi, xi, f32x4.neg(y10), f32x4.neg(y11), count);
}

/** U [16, cout, cin] = G g Gᵀ of every 3×3 kernel g of weight [cout, cin, 3, 3]. */
export function winogradFilter(weight: usize, u: usize, cout: i32, cin: i32): void {
  const pairs = cout * cin;
  const xi: usize = <usize>pairs << 2;
  const t = TRANSFORM;
  for (let k = 0; k < pairs; k++) {
    const g = weight + <usize>k * 36;
    // G·g into t [4, 3], then (G·g)·Gᵀ.
    for (let j = 0; j < 3; j++) {
      const g0 = load<f32>(g + (<usize>j << 2)), g1 = load<f32>(g + (<usize>j << 2), 12), g2 = load<f32>(g + (<usize>j << 2), 24);
      store<f32>(t + (<usize>j << 2), g0);
      store<f32>(t + (<usize>j << 2), (g0 + g1 + g2) * 0.5, 12);
      store<f32>(t + (<usize>j << 2), (g0 - g1 + g2) * 0.5, 24);
      store<f32>(t + (<usize>j << 2), g2, 36);
    }
    const o = u + (<usize>k << 2);
    for (let i = 0; i < 4; i++) {
      const r = t + <usize>i * 12;
      const r0 = load<f32>(r), r1 = load<f32>(r, 4), r2 = load<f32>(r, 8);
      const e = o + <usize>(4 * i) * xi;
      store<f32>(e, r0);
      store<f32>(e + xi, (r0 + r1 + r2) * 0.5);
      store<f32>(e + 2 * xi, (r0 - r1 + r2) * 0.5);
      store<f32>(e + 3 * xi, r2);
    }
  }
}

/** gw [cout, cin, 3, 3] (+)= Gᵀ dU G of dU [16, cout, cin] (added when accumulate ≠ 0): the adjoint of winogradFilter. */
export function winogradFilterGrad(du: usize, gw: usize, cout: i32, cin: i32, accumulate: i32): void {
  const pairs = cout * cin;
  const xi: usize = <usize>pairs << 2;
  const t = TRANSFORM;
  for (let k = 0; k < pairs; k++) {
    const d = du + (<usize>k << 2);
    // dU·G into t [4, 3] (columns (d0 + ½(d1 + d2), ½(d1 − d2), ½(d1 + d2) + d3)), then Gᵀ·(dU·G).
    for (let i = 0; i < 4; i++) {
      const e = d + <usize>(4 * i) * xi;
      const d0 = load<f32>(e), d1 = load<f32>(e + xi), d2 = load<f32>(e + 2 * xi), d3 = load<f32>(e + 3 * xi);
      const r = t + <usize>i * 12;
      store<f32>(r, d0 + (d1 + d2) * 0.5);
      store<f32>(r, (d1 - d2) * 0.5, 4);
      store<f32>(r, (d1 + d2) * 0.5 + d3, 8);
    }
    const g = gw + <usize>k * 36;
    for (let j = 0; j < 3; j++) {
      const c = t + (<usize>j << 2);
      const t0 = load<f32>(c), t1 = load<f32>(c, 12), t2 = load<f32>(c, 24), t3 = load<f32>(c, 36);
      const o = g + (<usize>j << 2);
      const w0 = t0 + (t1 + t2) * 0.5, w1 = (t1 - t2) * 0.5, w2 = (t1 + t2) * 0.5 + t3;
      store<f32>(o, accumulate != 0 ? load<f32>(o) + w0 : w0);
      store<f32>(o, accumulate != 0 ? load<f32>(o, 12) + w1 : w1, 12);
      store<f32>(o, accumulate != 0 ? load<f32>(o, 24) + w2 : w2, 24);
    }
  }
}

/** F(4×4, 3×3)'s winogradFilter: U [36, cout, cin] = G g Gᵀ (winograd4.ts). */
export function winograd4Filter(weight: usize, u: usize, cout: i32, cin: i32): void {
  filter4(weight, u, cout, cin);
}

/** F(4×4, 3×3)'s winogradFilterGrad: gw (+)= Gᵀ dU G of dU [36, cout, cin], the adjoint of winograd4Filter. */
export function winograd4FilterGrad(du: usize, gw: usize, cout: i32, cin: i32, accumulate: i32): void {
  filter4Grad(du, gw, cout, cin, accumulate);
}

// The 4×3 intermediate of one kernel's transform.
const TRANSFORM: usize = memory.data(12 * 4, 16);

// Columns 0, 2, 4, 6 (even) or 1, 3, 5, 7 (odd) of the eight floats at p.
@inline function even(p: usize): v128 {
  return v128.shuffle<f32>(v128.load(p), v128.load(p, 16), 0, 2, 4, 6);
}
@inline function odd(p: usize): v128 {
  return v128.shuffle<f32>(v128.load(p), v128.load(p, 16), 1, 3, 5, 7);
}

// Column j of Bᵀ·r for the column r0..r3 of d·B, at o and three ξ-planes further on every fourth (ξ = 4·i + j).
@inline function storeBt(o: usize, xi: usize, r0: v128, r1: v128, r2: v128, r3: v128, count: i32): void {
  storeN(o, f32x4.sub(r0, r2), count);
  storeN(o + 4 * xi, f32x4.add(r1, r2), count);
  storeN(o + 8 * xi, f32x4.sub(r2, r1), count);
  storeN(o + 12 * xi, f32x4.sub(r1, r3), count);
}

// Rows 1 and 2 of B·dV (see winogradInputGrad).
@inline function bMid1(v1: v128, v2: v128, v3: v128): v128 {
  return f32x4.add(f32x4.sub(v1, v2), v3);
}
@inline function bMid2(v0: v128, v1: v128, v2: v128): v128 {
  return f32x4.sub(f32x4.add(v1, v2), v0);
}

// Add the patch row (u·Bᵀ) of four tiles into the padded row at p: columns
// (u0, u1 − u2 + u3, u1 + u2 − u0, −u3) of tile k land at 2k..2k + 3, so
// columns 0, 1 of all four tiles go in first, then columns 2, 3. The row's
// ten floats are loaded once and both adds done in registers (as two
// read-modify-writes of vectors 8 bytes apart, each load waited for the
// stores before it: no store forwarding across a partial overlap); −0 fills
// the lanes of the second add that have nothing to add, as x + (−0) is x for
// every x (+0 would turn a −0 into +0).
@inline function addBRow(p: usize, u0: v128, u1: v128, u2: v128, u3: v128): void {
  const c0 = u0, c1 = bMid1(u1, u2, u3), c2 = bMid2(u0, u1, u2), c3 = f32x4.neg(u3);
  const x0 = f32x4.add(v128.load(p), v128.shuffle<f32>(c0, c1, 0, 4, 1, 5));
  const x1 = f32x4.add(v128.load(p, 16), v128.shuffle<f32>(c0, c1, 2, 6, 3, 7));
  const q0 = v128.shuffle<f32>(c2, c3, 0, 4, 1, 5), q1 = v128.shuffle<f32>(c2, c3, 2, 6, 3, 7), none = vconst(NEGATIVE_ZERO);
  v128.store(p, f32x4.add(x0, v128.shuffle<f32>(none, q0, 0, 1, 4, 5)));
  v128.store(p, f32x4.add(x1, v128.shuffle<f32>(q0, q1, 2, 3, 4, 5)), 16);
  v128.store64_lane(p, f32x4.add(v128.load64_zero(p, 32), v128.shuffle<f32>(q1, none, 2, 3, 4, 5)), 0, 32);
}

// The bits of −0 as an f32.
const NEGATIVE_ZERO = memory.data<u32>([0x80000000]);

// (a0, b0, a1, b1, …) at p, its first `cols` floats only.
@inline function storePairs(p: usize, a: v128, b: v128, cols: i32): void {
  storeN(p, v128.shuffle<f32>(a, b, 0, 4, 1, 5), cols);
  if (cols > 4) storeN(p + 16, v128.shuffle<f32>(a, b, 2, 6, 3, 7), cols - 4);
}

// Entries 0 and 1 of (row of M)·A for four tiles: m0 + m1 + m2 and m1 − m2 − m3.
@inline function aRow0(m0: v128, m1: v128, m2: v128): v128 {
  return f32x4.add(f32x4.add(m0, m1), m2);
}
@inline function aRow1(m1: v128, m2: v128, m3: v128): v128 {
  return f32x4.sub(f32x4.sub(m1, m2), m3);
}

// Row i of A·dY·Aᵀ from (dY·Aᵀ)'s row entries e0 = y0, e1 = y1 (as in winogradOutputGrad): (y0, y0 + y1, y0 − y1, −y1).
@inline function storeARow(q: usize, xi: usize, y0: v128, y1: v128, count: i32): void {
  storeN(q, y0, count);
  storeN(q + xi, f32x4.add(y0, y1), count);
  storeN(q + 2 * xi, f32x4.sub(y0, y1), count);
  storeN(q + 3 * xi, f32x4.neg(y1), count);
}
