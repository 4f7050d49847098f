// The arithmetic of Winograd F(4×4, 3×3), for the F(4×4, 3×3) kernels of
// winograd.ts, which visit the tiles: with the 6×6 input patch d of each 4×4
// output tile and the 3×3 kernel g,
//   V = Bᵀ d B,  U = G g Gᵀ,  M = U ⊙ V (summed over input channels),  Y = Aᵀ M A.
// The interpolation points are 0, 1, −1, ½, −2 and ∞ rather than Lavin and
// Gray's 0, ±1, ±2, ∞ (or 0, ±1, ±½): simulated in float32 over 32 channels
// (docs/nn.md), the largest relative error of an output is 2.9e-6 against
// 8.3e-6 (7.2e-6), the mean 1.2e-6 against 2.0e-6 (1.9e-6), as Barabasz et
// al. (2020) found for this mix of a point and the inverse of another:
//   Bᵀ = [1 −3⁄2 −2 3⁄2 1 0; 0 −1 ½ 5⁄2 1 0; 0 1 −5⁄2 ½ 1 0;
//         0 −2 −1 2 1 0; 0 ½ −1 −½ 1 0; 0 1 −3⁄2 −2 3⁄2 1],
//   G = [1 0 0; ⅓ ⅓ ⅓; −⅓ ⅓ −⅓; −16⁄15 −8⁄15 −4⁄15; 1⁄15 −2⁄15 4⁄15; 0 0 1],
//   Aᵀ = [1 1 1 1 1 0; 0 1 −1 ½ −2 0; 0 1 1 ¼ 4 0; 0 1 −1 ⅛ −8 1].
// 36 products per output tile instead of F(2×2, 3×3)'s 4 × 16 = 64 over the
// same 16 outputs. Positions ξ = 6·i + j. Every two-dimensional transform is
// a one-dimensional one (bt6, b6, at6, a6) applied to the rows, through a
// scratch of 6×6 vectors, then to its columns, so each is written once and
// the transposed step is the same formula; the sums run in the fixed order
// written, so the bits depend on the shapes only. The passes over rows and
// columns are unrolled by hand (one inlined call per row or column, its index
// a constant): V8 neither unrolls nor hoists, and its loops recomputed every
// row's addresses with multiplies and checked the stack each time; unrolled,
// each transform runs 14–24% faster (docs/performance.md).
//
// Vectors hold four neighbouring tiles of a tile row, as in winograd.ts: the
// four patches of a group start 4 floats apart, so a patch row of the group
// is 20 floats, transposed into its six columns; the four tiles' output rows
// are 16 consecutive floats. A tile row of only two tiles (outputs 5 to 8
// wide) would leave half of every vector empty, so there a group is a pair
// of tile rows, the 2×2 block of tiles that is four consecutive tiles of T
// (`pair`): lanes 0 and 1 read and write the upper tile row's patch rows
// (10 floats), lanes 2 and 3 the lower one's, four rows further down. Each
// lane does the same arithmetic, and the adjoint adds the upper tile row's
// patches in before the lower one's, so a pair gives the bits that two
// single tile rows would (digits' 8×8 conv2: the transforms went from 43% of
// the layer's time to 26%, the layer ×1.4 faster).
import { vconst } from "./consts";
import { laneMask, loadMasked, loadN, storeN } from "./lanes";

// The coefficients, each in all lanes (vconst).
const K = memory.data<f32>([0.5, 1.5, 2, 2.5, 4, 8, 0.25, 0.125]);
@inline function c(i: i32, x: v128): v128 { return f32x4.mul(vconst(K, i), x); }
@inline function half(x: v128): v128 { return c(0, x); }
@inline function x1_5(x: v128): v128 { return c(1, x); }
@inline function x2(x: v128): v128 { return c(2, x); }
@inline function x2_5(x: v128): v128 { return c(3, x); }
@inline function x4(x: v128): v128 { return c(4, x); }
@inline function x8(x: v128): v128 { return c(5, x); }
@inline function quarter(x: v128): v128 { return c(6, x); }
@inline function eighth(x: v128): v128 { return c(7, x); }

// Two 6×6 grids of vectors for the passes of one group's transform.
const S: usize = memory.data(36 * 16, 16);
const R: usize = memory.data(36 * 16, 16);

// Bᵀ·(d0..d5) into o + k·step (k = 0..5), the first `count` lanes of each.
@inline function bt6(d0: v128, d1: v128, d2: v128, d3: v128, d4: v128, d5: v128, o: usize, step: usize, count: i32): void {
  const d31 = f32x4.sub(d3, d1), d42 = f32x4.sub(d4, d2);
  storeN(o, f32x4.add(f32x4.add(f32x4.sub(d0, x2(d2)), d4), x1_5(d31)), count);
  storeN(o + step, f32x4.add(f32x4.add(f32x4.sub(d4, d1), half(d2)), x2_5(d3)), count);
  storeN(o + 2 * step, f32x4.add(f32x4.sub(f32x4.add(d4, d1), x2_5(d2)), half(d3)), count);
  storeN(o + 3 * step, f32x4.add(d42, x2(d31)), count);
  storeN(o + 4 * step, f32x4.sub(d42, half(d31)), count);
  storeN(o + 5 * step, f32x4.add(f32x4.sub(f32x4.add(d5, d1), x2(d3)), x1_5(d42)), count);
}

// B·(t0..t5), the adjoint of bt6, into o + k·step.
@inline function b6(t0: v128, t1: v128, t2: v128, t3: v128, t4: v128, t5: v128, o: usize, step: usize): void {
  v128.store(o, t0);
  v128.store(o + step, f32x4.add(f32x4.add(f32x4.sub(f32x4.sub(f32x4.sub(t2, t1), x1_5(t0)), x2(t3)), half(t4)), t5));
  v128.store(o + 2 * step, f32x4.sub(f32x4.sub(f32x4.sub(f32x4.sub(f32x4.sub(half(t1), x2(t0)), x2_5(t2)), t3), t4), x1_5(t5)));
  v128.store(o + 3 * step, f32x4.sub(f32x4.sub(f32x4.add(f32x4.add(f32x4.add(x1_5(t0), x2_5(t1)), half(t2)), x2(t3)), half(t4)), x2(t5)));
  v128.store(o + 4 * step, f32x4.add(f32x4.add(f32x4.add(f32x4.add(f32x4.add(t0, t1), t2), t3), t4), x1_5(t5)));
  v128.store(o + 5 * step, t5);
}

// Aᵀ·(m0..m5) into o + k·step (k = 0..3).
@inline function at6(m0: v128, m1: v128, m2: v128, m3: v128, m4: v128, m5: v128, o: usize, step: usize): void {
  const s12 = f32x4.add(m1, m2), d12 = f32x4.sub(m1, m2);
  v128.store(o, f32x4.add(f32x4.add(m0, s12), f32x4.add(m3, m4)));
  v128.store(o + step, f32x4.sub(f32x4.add(d12, half(m3)), x2(m4)));
  v128.store(o + 2 * step, f32x4.add(f32x4.add(s12, quarter(m3)), x4(m4)));
  v128.store(o + 3 * step, f32x4.add(f32x4.sub(f32x4.add(d12, eighth(m3)), x8(m4)), m5));
}

// A·(y0..y3), the adjoint of at6, into o + k·step (k = 0..5), the first `count` lanes of each.
@inline function a6(y0: v128, y1: v128, y2: v128, y3: v128, o: usize, step: usize, count: i32): void {
  const e = f32x4.add(y0, y2), d = f32x4.add(y1, y3);
  storeN(o, y0, count);
  storeN(o + step, f32x4.add(e, d), count);
  storeN(o + 2 * step, f32x4.sub(e, d), count);
  storeN(o + 3 * step, f32x4.add(f32x4.add(f32x4.add(y0, half(y1)), quarter(y2)), eighth(y3)), count);
  storeN(o + 4 * step, f32x4.sub(f32x4.add(f32x4.sub(y0, x2(y1)), x4(y2)), x8(y3)), count);
  storeN(o + 5 * step, y3, count);
}

/** Bᵀ·d·B of the four patches at p (rows `row` bytes apart; with `pair`, two tile rows' two) into V at q (positions xi bytes apart; the first `count` tiles). */
@inline export function input4Group(p: usize, row: usize, q: usize, xi: usize, count: i32, pair: bool): void {
  // d·B row by row into S.
  bt6Row(p, row, 0, pair); bt6Row(p, row, 1, pair); bt6Row(p, row, 2, pair);
  bt6Row(p, row, 3, pair); bt6Row(p, row, 4, pair); bt6Row(p, row, 5, pair);
  // Then Bᵀ down each column j of d·B: V's positions 6·i + j.
  bt6Column(q, xi, count, 0); bt6Column(q, xi, count, 1); bt6Column(q, xi, count, 2);
  bt6Column(q, xi, count, 3); bt6Column(q, xi, count, 4); bt6Column(q, xi, count, 5);
}

// Patch row r of the four tiles (floats 4k + j, j = 0..5, of the 20 at p + r·row;
// with `pair`, tiles 2 and 3 from the row four further down) times B into S + 96·r.
@inline function bt6Row(p: usize, row: usize, r: usize, pair: bool): void {
  // Floats 0..7 at a and at b make columns 0..3 of the four tiles (b: 8 floats on, or the lower row).
  const a = p + r * row, b = pair ? a + 4 * row : a + 32;
  const v0 = v128.load(a), v1 = v128.load(a, 16), v2 = v128.load(b), v3 = v128.load(b, 16);
  const l01 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5), h01 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
  const l23 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5), h23 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
  const c0 = v128.shuffle<f32>(l01, l23, 0, 1, 4, 5), c1 = v128.shuffle<f32>(l01, l23, 2, 3, 6, 7);
  const c2 = v128.shuffle<f32>(h01, h23, 0, 1, 4, 5), c3 = v128.shuffle<f32>(h01, h23, 2, 3, 6, 7);
  let c4: v128, c5: v128;
  if (pair) {
    // Columns 4, 5 of each tile row's two tiles: floats 4, 8 and 5, 9.
    const e0 = v128.shuffle<f32>(v1, v128.load(a, 32), 0, 4, 1, 5), e1 = v128.shuffle<f32>(v3, v128.load(b, 32), 0, 4, 1, 5);
    c4 = v128.shuffle<f32>(e0, e1, 0, 1, 4, 5);
    c5 = v128.shuffle<f32>(e0, e1, 2, 3, 6, 7);
  } else {
    const v4 = v128.load(a, 64);
    c4 = v128.shuffle<f32>(c0, v4, 1, 2, 3, 4);
    c5 = v128.shuffle<f32>(c1, v4, 1, 2, 3, 5);
  }
  bt6(c0, c1, c2, c3, c4, c5, S + r * 96, 16, 4);
}

// Column j of Bᵀ·(d·B) from S into V's positions 6·i + j at q.
@inline function bt6Column(q: usize, xi: usize, count: i32, j: usize): void {
  const c = S + j * 16;
  bt6(v128.load(c), v128.load(c, 96), v128.load(c, 192), v128.load(c, 288), v128.load(c, 384), v128.load(c, 480), q + j * xi, 6 * xi, count);
}

/**
 * B·dV·Bᵀ of the four tiles at q (lanes outside `mask` as zeros) added into
 * the patches at p: columns 0..3 of every tile, with columns 4 and 5 of the
 * tile before in its tile row added in first (the last tile's go after, into
 * the next group's first two columns). With `pair`, the upper tile row's
 * six patch rows, then the lower one's.
 */
@inline export function input4GradGroup(p: usize, row: usize, q: usize, xi: usize, count: i32, mask: v128, pair: bool): void {
  // B·dV row by row into S, its columns times Bᵀ into R, R's rows added into the patches.
  b6Row(q, xi, count, mask, 0); b6Row(q, xi, count, mask, 1); b6Row(q, xi, count, mask, 2);
  b6Row(q, xi, count, mask, 3); b6Row(q, xi, count, mask, 4); b6Row(q, xi, count, mask, 5);
  b6Column(0); b6Column(1); b6Column(2); b6Column(3); b6Column(4); b6Column(5);
  addPatchRow(p, 0, pair, false); addPatchRow(p + row, 1, pair, false); addPatchRow(p + 2 * row, 2, pair, false);
  addPatchRow(p + 3 * row, 3, pair, false); addPatchRow(p + 4 * row, 4, pair, false); addPatchRow(p + 5 * row, 5, pair, false);
  if (pair) {
    const lower = p + 4 * row;
    addPatchRow(lower, 0, true, true); addPatchRow(lower + row, 1, true, true); addPatchRow(lower + 2 * row, 2, true, true);
    addPatchRow(lower + 3 * row, 3, true, true); addPatchRow(lower + 4 * row, 4, true, true); addPatchRow(lower + 5 * row, 5, true, true);
  }
}

// Row i of dV's positions (6·i + j at q + (6·i + j)·xi, lanes outside `mask` as zeros) times Bᵀ into S + 96·i.
@inline function b6Row(q: usize, xi: usize, count: i32, mask: v128, i: usize): void {
  const a = q + 6 * i * xi;
  b6(loadMasked(a, count, mask), loadMasked(a + xi, count, mask), loadMasked(a + 2 * xi, count, mask), loadMasked(a + 3 * xi, count, mask), loadMasked(a + 4 * xi, count, mask), loadMasked(a + 5 * xi, count, mask), S + i * 96, 16);
}

// Column j of B·(dV·Bᵀ) from S into R (rows 96 bytes apart).
@inline function b6Column(j: usize): void {
  const c = S + j * 16;
  b6(v128.load(c), v128.load(c, 96), v128.load(c, 192), v128.load(c, 288), v128.load(c, 384), v128.load(c, 480), R + j * 16, 96);
}

// Add patch row r of the four tiles (R + 96·r) into the padded row at a; with
// `pair`, of the upper tile row's two tiles (lanes 0, 1) or the `lower` one's (2, 3).
@inline function addPatchRow(a: usize, r: usize, pair: bool, lower: bool): void {
  const zero = f32x4.splat(0);
  const c = R + r * 96;
  const c4 = v128.load(c, 64), c5 = v128.load(c, 80);
  // Columns 4, 5 of the tile before (none for the first tile of a tile row) into columns 0, 1.
  const c0 = f32x4.add(v128.load(c), pair ? v128.shuffle<f32>(zero, c4, 0, 4, 0, 6) : v128.shuffle<f32>(zero, c4, 0, 4, 5, 6));
  const c1 = f32x4.add(v128.load(c, 16), pair ? v128.shuffle<f32>(zero, c5, 0, 4, 0, 6) : v128.shuffle<f32>(zero, c5, 0, 4, 5, 6));
  const c2 = v128.load(c, 32), c3 = v128.load(c, 48);
  const l01 = v128.shuffle<f32>(c0, c1, 0, 4, 1, 5), h01 = v128.shuffle<f32>(c0, c1, 2, 6, 3, 7);
  const l23 = v128.shuffle<f32>(c2, c3, 0, 4, 1, 5), h23 = v128.shuffle<f32>(c2, c3, 2, 6, 3, 7);
  if (pair) {
    // Tiles 0, 1 (or 2, 3), then the second one's columns 4 and 5.
    const t01 = lower ? h01 : l01, t23 = lower ? h23 : l23, last = v128.shuffle<f32>(c4, c5, 1, 5, 3, 7);
    v128.store(a, f32x4.add(v128.load(a), v128.shuffle<f32>(t01, t23, 0, 1, 4, 5)));
    v128.store(a, f32x4.add(v128.load(a, 16), v128.shuffle<f32>(t01, t23, 2, 3, 6, 7)), 16);
    v128.store(a, f32x4.add(v128.load(a, 32), lower ? v128.shuffle<f32>(last, zero, 2, 3, 4, 5) : v128.shuffle<f32>(last, zero, 0, 1, 4, 5)), 32);
    return;
  }
  v128.store(a, f32x4.add(v128.load(a), v128.shuffle<f32>(l01, l23, 0, 1, 4, 5)));
  v128.store(a, f32x4.add(v128.load(a, 16), v128.shuffle<f32>(l01, l23, 2, 3, 6, 7)), 16);
  v128.store(a, f32x4.add(v128.load(a, 32), v128.shuffle<f32>(h01, h23, 0, 1, 4, 5)), 32);
  v128.store(a, f32x4.add(v128.load(a, 48), v128.shuffle<f32>(h01, h23, 2, 3, 6, 7)), 48);
  v128.store(a, f32x4.add(v128.load(a, 64), v128.shuffle<f32>(v128.shuffle<f32>(c4, c5, 3, 7, 3, 7), zero, 0, 1, 4, 5)), 64);
}

/**
 * Aᵀ·M·A + b of the four tiles at q into their output rows at o (rows `row`
 * bytes apart; the first `rows` rows and `cols` columns). With `pair`, the
 * upper tile row's four rows at o and the lower one's first `rows` four rows
 * further down.
 */
@inline export function output4Group(q: usize, xi: usize, count: i32, o: usize, row: usize, cols: i32, rows: i32, b: v128, pair: bool): void {
  // M·A row by row into S.
  at6Row(q, xi, count, 0); at6Row(q, xi, count, 1); at6Row(q, xi, count, 2);
  at6Row(q, xi, count, 3); at6Row(q, xi, count, 4); at6Row(q, xi, count, 5);
  // Aᵀ down each column b of M·A: output (a, b) of the four tiles at R + 16·(4·a + b).
  at6Column(0); at6Column(1); at6Column(2); at6Column(3);
  if (pair) {
    const lower = o + 4 * row;
    storeOutputRow(o, 0, cols, b, true, lower, rows > 0); storeOutputRow(o + row, 1, cols, b, true, lower + row, rows > 1);
    storeOutputRow(o + 2 * row, 2, cols, b, true, lower + 2 * row, rows > 2); storeOutputRow(o + 3 * row, 3, cols, b, true, lower + 3 * row, rows > 3);
    return;
  }
  storeOutputRow(o, 0, cols, b, false, 0, false);
  if (rows > 1) storeOutputRow(o + row, 1, cols, b, false, 0, false);
  if (rows > 2) storeOutputRow(o + 2 * row, 2, cols, b, false, 0, false);
  if (rows > 3) storeOutputRow(o + 3 * row, 3, cols, b, false, 0, false);
}

// Row i of M·A (M's positions 6·i + j at q + (6·i + j)·xi) into S + 64·i.
@inline function at6Row(q: usize, xi: usize, count: i32, i: usize): void {
  const a = q + 6 * i * xi;
  at6(loadN(a, count), loadN(a + xi, count), loadN(a + 2 * xi, count), loadN(a + 3 * xi, count), loadN(a + 4 * xi, count), loadN(a + 5 * xi, count), S + i * 64, 16);
}

// Column j of Aᵀ·(M·A) from S into R.
@inline function at6Column(j: usize): void {
  const c = S + j * 16;
  at6(v128.load(c), v128.load(c, 64), v128.load(c, 128), v128.load(c, 192), v128.load(c, 256), v128.load(c, 320), R + j * 16, 64);
}

// Output row r of the four tiles (+ b) at a, the first `cols` columns; with
// `pair`, tiles 2 and 3 at `lower` instead (when `live`; cols > 4 then).
@inline function storeOutputRow(a: usize, r: usize, cols: i32, b: v128, pair: bool, lower: usize, live: bool): void {
  const c = R + r * 64;
  const y0 = v128.load(c), y1 = v128.load(c, 16), y2 = v128.load(c, 32), y3 = v128.load(c, 48);
  const l01 = v128.shuffle<f32>(y0, y1, 0, 4, 1, 5), h01 = v128.shuffle<f32>(y0, y1, 2, 6, 3, 7);
  const l23 = v128.shuffle<f32>(y2, y3, 0, 4, 1, 5), h23 = v128.shuffle<f32>(y2, y3, 2, 6, 3, 7);
  storeN(a, f32x4.add(v128.shuffle<f32>(l01, l23, 0, 1, 4, 5), b), cols);
  if (cols > 4) storeN(a + 16, f32x4.add(v128.shuffle<f32>(l01, l23, 2, 3, 6, 7), b), cols - 4);
  if (pair) {
    if (!live) return;
    v128.store(lower, f32x4.add(v128.shuffle<f32>(h01, h23, 0, 1, 4, 5), b));
    storeN(lower + 16, f32x4.add(v128.shuffle<f32>(h01, h23, 2, 3, 6, 7), b), cols - 4);
    return;
  }
  if (cols > 8) storeN(a + 32, f32x4.add(v128.shuffle<f32>(h01, h23, 0, 1, 4, 5), b), cols - 8);
  if (cols > 12) storeN(a + 48, f32x4.add(v128.shuffle<f32>(h01, h23, 2, 3, 6, 7), b), cols - 12);
}

/**
 * A·dY·Aᵀ of the four tiles whose dY rows start at o (zeros past `cols`
 * columns and `rows` rows) into dM at q: the adjoint of output4Group. With
 * `whole`, the live rows are read as whole vectors and masked (the caller
 * knows that all 16 floats of each lie inside dy), else float by float past
 * `cols`. With `pair`, the upper tile row's four rows at o and the lower
 * one's first `rows` four rows further down (the caller knows for `whole`
 * that 8 floats of each lie inside dy).
 */
@inline export function output4GradGroup(q: usize, xi: usize, count: i32, o: usize, row: usize, cols: i32, rows: i32, whole: bool, pair: bool): void {
  // dY·Aᵀ row by row into S, then A down its columns into dM.
  const lower = o + 4 * row;
  if (whole) {
    const m0 = laneMask(cols), m1 = laneMask(cols - 4), m2 = laneMask(cols - 8), m3 = laneMask(cols - 12);
    a6WholeRow(o, lower, m0, m1, m2, m3, rows, 0, pair); a6WholeRow(o + row, lower + row, m0, m1, m2, m3, rows, 1, pair);
    a6WholeRow(o + 2 * row, lower + 2 * row, m0, m1, m2, m3, rows, 2, pair); a6WholeRow(o + 3 * row, lower + 3 * row, m0, m1, m2, m3, rows, 3, pair);
  } else {
    a6Row(o, lower, cols, rows, 0, pair); a6Row(o + row, lower + row, cols, rows, 1, pair);
    a6Row(o + 2 * row, lower + 2 * row, cols, rows, 2, pair); a6Row(o + 3 * row, lower + 3 * row, cols, rows, 3, pair);
  }
  a6Column(q, xi, count, 0); a6Column(q, xi, count, 1); a6Column(q, xi, count, 2);
  a6Column(q, xi, count, 3); a6Column(q, xi, count, 4); a6Column(q, xi, count, 5);
}

// dY row r of the four tiles at a (zeros past `cols` columns, and from row
// `rows` on) times Aᵀ into S + 96·r; with `pair`, tiles 2 and 3 from `lower`
// (the upper tile row's rows all live).
@inline function a6Row(a: usize, lower: usize, cols: i32, rows: i32, r: i32, pair: bool): void {
  const zero = f32x4.splat(0), live = r < rows;
  if (pair) {
    a6Tiles(loadN(a, cols), loadN(a + 16, cols - 4), live ? loadN(lower, cols) : zero, live ? loadN(lower + 16, cols - 4) : zero, <usize>r);
    return;
  }
  const v0 = live ? loadN(a, cols) : zero, v1 = live && cols > 4 ? loadN(a + 16, cols - 4) : zero;
  const v2 = live && cols > 8 ? loadN(a + 32, cols - 8) : zero, v3 = live && cols > 12 ? loadN(a + 48, cols - 12) : zero;
  a6Tiles(v0, v1, v2, v3, <usize>r);
}

// a6Row with the live rows read as whole vectors, the lanes outside masks m0..m3 (the columns past `cols`) zeroed.
@inline function a6WholeRow(a: usize, lower: usize, m0: v128, m1: v128, m2: v128, m3: v128, rows: i32, r: usize, pair: bool): void {
  const zero = f32x4.splat(0), live = <i32>r < rows;
  if (pair) {
    a6Tiles(v128.and(v128.load(a), m0), v128.and(v128.load(a, 16), m1), live ? v128.and(v128.load(lower), m0) : zero, live ? v128.and(v128.load(lower, 16), m1) : zero, r);
    return;
  }
  const v0 = live ? v128.and(v128.load(a), m0) : zero, v1 = live ? v128.and(v128.load(a, 16), m1) : zero;
  const v2 = live ? v128.and(v128.load(a, 32), m2) : zero, v3 = live ? v128.and(v128.load(a, 48), m3) : zero;
  a6Tiles(v0, v1, v2, v3, r);
}

// The 16 floats v0..v3 of a dY row (four tiles' four columns) transposed to one vector a column, times Aᵀ into S + 96·r.
@inline function a6Tiles(v0: v128, v1: v128, v2: v128, v3: v128, r: usize): void {
  const l01 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5), h01 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
  const l23 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5), h23 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
  a6(v128.shuffle<f32>(l01, l23, 0, 1, 4, 5), v128.shuffle<f32>(l01, l23, 2, 3, 6, 7), v128.shuffle<f32>(h01, h23, 0, 1, 4, 5), v128.shuffle<f32>(h01, h23, 2, 3, 6, 7), S + r * 96, 16, 4);
}

// Column j of A·(dY·Aᵀ) from S into dM's positions 6·i + j at q.
@inline function a6Column(q: usize, xi: usize, count: i32, j: usize): void {
  const c = S + j * 16;
  a6(v128.load(c), v128.load(c, 96), v128.load(c, 192), v128.load(c, 288), q + j * xi, 6 * xi, count);
}

/** U [36, cout, cin] = G g Gᵀ of every 3×3 kernel g of weight [cout, cin, 3, 3]. */
export function filter4(weight: usize, u: usize, cout: i32, cin: i32): void {
  const pairs = cout * cin;
  const xi: usize = <usize>pairs << 2;
  // Four kernels at a time, one a lane: U's four neighbouring entries are one vector store.
  for (let k = 0; k < pairs; k += 4) {
    const count = min(4, pairs - k), g = weight + <usize>k * 36;
    // G·g column by column into FILTER [6, 3] (vectors), then each row of it times Gᵀ.
    for (let j: usize = 0; j < 3; j++) g6(gather(g + (j << 2), count), gather(g + (j << 2) + 12, count), gather(g + (j << 2) + 24, count), FILTER + (j << 4), 48, 4);
    const o = u + (<usize>k << 2);
    for (let i: usize = 0; i < 6; i++) {
      const r = FILTER + i * 48;
      g6(v128.load(r), v128.load(r, 16), v128.load(r, 32), o + 6 * i * xi, xi, count);
    }
  }
}

/** gw [cout, cin, 3, 3] (+)= Gᵀ dU G of dU [36, cout, cin] (added when accumulate ≠ 0): the adjoint of filter4. */
export function filter4Grad(du: usize, gw: usize, cout: i32, cin: i32, accumulate: i32): void {
  const pairs = cout * cin;
  const xi: usize = <usize>pairs << 2;
  // Four kernels at a time, one a lane, as in filter4.
  for (let k = 0; k < pairs; k += 4) {
    const count = min(4, pairs - k), d = du + (<usize>k << 2);
    // dU·G row by row into FILTER [6, 3] (vectors), then Gᵀ down its columns.
    for (let i: usize = 0; i < 6; i++) {
      const e = d + 6 * i * xi;
      gt6(loadN(e, count), loadN(e + xi, count), loadN(e + 2 * xi, count), loadN(e + 3 * xi, count), loadN(e + 4 * xi, count), loadN(e + 5 * xi, count), FILTER + i * 48, 16);
    }
    const g = gw + <usize>k * 36;
    for (let j: usize = 0; j < 3; j++) {
      const c = FILTER + (j << 4);
      gt6(v128.load(c), v128.load(c, 48), v128.load(c, 96), v128.load(c, 144), v128.load(c, 192), v128.load(c, 240), COLUMN, 16);
      scatterColumn(g, j, COLUMN, count, accumulate);
    }
  }
}

// The 6×3 intermediate of four kernels' transforms, a vector each, and a column of their gradients.
const FILTER: usize = memory.data(18 * 16, 16);
const COLUMN: usize = memory.data(3 * 16, 16);
// The divisors and other factors of G, each in all lanes (vconst).
const G = memory.data<f32>([3, 15, 16]);

// Entry e of four kernels 36 bytes apart from p (the first `count`; zeros beyond), one a lane (winograd5.ts's too).
@inline export function gather(p: usize, count: i32): v128 {
  let v = f32x4.replace_lane(f32x4.splat(0), 0, load<f32>(p));
  if (count > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 36));
  if (count > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 72));
  if (count > 3) v = f32x4.replace_lane(v, 3, load<f32>(p, 108));
  return v;
}

// Column j of four kernels' gradients, the three vectors at `column` (rows 0, 1, 2), into the
// kernels at g (scatter; winograd5.ts's too).
@inline export function scatterColumn(g: usize, j: usize, column: usize, count: i32, accumulate: i32): void {
  scatter(g + (j << 2), v128.load(column), count, accumulate);
  scatter(g + (j << 2) + 12, v128.load(column, 16), count, accumulate);
  scatter(g + (j << 2) + 24, v128.load(column, 32), count, accumulate);
}

// The first `count` lanes of w into four kernels' entries 36 bytes apart from p, added to what is there when accumulate ≠ 0.
@inline function scatter(p: usize, w: v128, count: i32, accumulate: i32): void {
  put(p, f32x4.extract_lane(w, 0), accumulate);
  if (count > 1) put(p + 36, f32x4.extract_lane(w, 1), accumulate);
  if (count > 2) put(p + 72, f32x4.extract_lane(w, 2), accumulate);
  if (count > 3) put(p + 108, f32x4.extract_lane(w, 3), accumulate);
}
@inline function put(p: usize, x: f32, accumulate: i32): void {
  store<f32>(p, accumulate != 0 ? load<f32>(p) + x : x);
}

// G·(g0, g1, g2) into o + k·step (k = 0..5), the first `count` lanes; the thirds and fifteenths are divisions, correctly rounded.
@inline function g6(g0: v128, g1: v128, g2: v128, o: usize, step: usize, count: i32): void {
  const s = f32x4.add(g0, g2), three = vconst(G, 0), fifteen = vconst(G, 1);
  storeN(o, g0, count);
  storeN(o + step, f32x4.div(f32x4.add(s, g1), three), count);
  storeN(o + 2 * step, f32x4.div(f32x4.neg(f32x4.sub(s, g1)), three), count);
  storeN(o + 3 * step, f32x4.div(f32x4.neg(x4(f32x4.add(f32x4.add(x4(g0), x2(g1)), g2))), fifteen), count);
  storeN(o + 4 * step, f32x4.div(f32x4.add(f32x4.sub(g0, x2(g1)), x4(g2)), fifteen), count);
  storeN(o + 5 * step, g2, count);
}

// Gᵀ·(u0..u5), the adjoint of g6, into o + k·step (k = 0..2).
@inline function gt6(u0: v128, u1: v128, u2: v128, u3: v128, u4: v128, u5: v128, o: usize, step: usize): void {
  const three = vconst(G, 0), fifteen = vconst(G, 1);
  const d12 = f32x4.div(f32x4.sub(u1, u2), three);
  const w0 = f32x4.add(f32x4.add(u0, d12), f32x4.div(f32x4.sub(u4, f32x4.mul(u3, vconst(G, 2))), fifteen));
  const w1 = f32x4.sub(f32x4.div(f32x4.add(u1, u2), three), f32x4.div(f32x4.add(x8(u3), x2(u4)), fifteen));
  const w2 = f32x4.add(f32x4.add(d12, f32x4.div(x4(f32x4.sub(u4, u3)), fifteen)), u5);
  v128.store(o, w0);
  v128.store(o + step, w1);
  v128.store(o + 2 * step, w2);
}
