// C[m,n] (+)= A[m,k] · B[n,k]ᵀ with both operands read in place, row by row:
// the convolutions' weight gradients (dU = dM · Vᵀ in the Winograd engine,
// dW = dY · colᵀ in the columns engine), whose two operands are both stored
// contiguous along k. gemmNT (gemm.ts) would pack both with transposes
// first; here every C entry is a dot product of two contiguous rows, so
// nothing is packed and nothing is broadcast.
// accumulate != 0 adds into C, as gemm's does. All pointers are byte offsets.
//
// Register tile: 2 rows of A × 4 rows of B, each of the 8 accumulators an
// f32x4 of partial sums over k ≡ lane (mod 4). Per 4 k's it loads 2 + 4
// vectors for 8 multiplies and adds, the 4×8 GEMM microkernel's ratio of
// loads to products, and like it the loop runs at the mul + add issue rate.
// V8 hoists a loop block's loads to its top, so a block holds 8
// accumulators, 6 operands and a product: 15 xmm registers, all V8 has to
// give (a 3×3 tile, 9 + 6 + 1, spills and measured 10–25% slower; 4×2, the
// same counts with half-vector stores, 2–5% slower). Unrolling
// the loop twice with immediate offsets gained only 2–4% (docs/performance.md).
// The tiles walk C row pair by row pair, so B (n rows of k, 28 KB for Fashion
// conv2) stays in L1 while each pair of A rows is read once.
//
// Order, the same for every C entry whatever m, n, k or its place in a tile:
// lane l sums A[i,p]·B[j,p] over p ≡ l (mod 4) in increasing p from 0 (the
// last k & 3 values as one zero-padded partial vector, as lanes.ts finishes
// a row: their lanes add 0·0 = +0); then s = (l0 + l1) + (l2 + l3), as
// rows.ts's hsum; then C = (accumulate ? C : 0) + s. A tile at the edge of C
// runs the same body with its missing rows of A or B pointed at the last
// real one and stores only the real entries.
import { bodyBytes, loadN, storeN, tailIn } from "./lanes";
import { madd } from "./madd";

export function dotGemmNT(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: i32): void {
  if (m <= 0 || n <= 0 || (k <= 0 && accumulate != 0)) return;
  const row = <usize>k << 2;
  const ldc = <usize>n << 2;
  const last = b + <usize>(n - 1) * row;
  for (let i = 0; i < m; i += 2) {
    const a0 = a + <usize>i * row;
    const a1 = a + <usize>min(i + 1, m - 1) * row;
    const c0 = c + <usize>i * ldc;
    for (let j = 0; j < n; j += 4) {
      const b0 = b + <usize>j * row;
      const b1 = min(b0 + row, last);
      const b2 = min(b0 + 2 * row, last);
      const b3 = min(b0 + 3 * row, last);
      tile(a0, a1, b0, b1, b2, b3, k, c0 + (<usize>j << 2), ldc, i + 1 < m, n - j, accumulate != 0);
    }
  }
}

// The 2×4 entries of C at c (rows c and c + ldc, the second only when `two`;
// `cols` of 4 columns, or all 4) from rows a0, a1 of A and b0..b3 of B.
@inline function tile(a0: usize, a1: usize, b0: usize, b1: usize, b2: usize, b3: usize, k: i32, c: usize, ldc: usize, two: bool, cols: i32, add: bool): void {
  let s00 = f32x4.splat(0);
  let s01 = s00;
  let s02 = s00;
  let s03 = s00;
  let s10 = s00;
  let s11 = s00;
  let s12 = s00;
  let s13 = s00;
  // Two passes of one loop: the rows' whole vectors in place, then (when k & 3
  // is not 0) their tails staged as zero-padded vectors in lanes.ts's scratch
  // (tailIn), so the tail runs the very same lane operation.
  let end = bodyBytes(k);
  let tails = (k & 3) != 0;
  while (true) {
    for (let o: usize = 0; o < end; o += 16) {
      const x0 = v128.load(a0 + o);
      const x1 = v128.load(a1 + o);
      const y0 = v128.load(b0 + o);
      const y1 = v128.load(b1 + o);
      const y2 = v128.load(b2 + o);
      const y3 = v128.load(b3 + o);
      s00 = madd(x0, y0, s00);
      s01 = madd(x0, y1, s01);
      s02 = madd(x0, y2, s02);
      s03 = madd(x0, y3, s03);
      s10 = madd(x1, y0, s10);
      s11 = madd(x1, y1, s11);
      s12 = madd(x1, y2, s12);
      s13 = madd(x1, y3, s13);
    }
    if (!tails) break;
    tails = false;
    a0 = tailIn(0, a0, k);
    a1 = tailIn(1, a1, k);
    b0 = tailIn(2, b0, k);
    b1 = tailIn(3, b1, k);
    b2 = tailIn(4, b2, k);
    b3 = tailIn(5, b3, k);
    end = 16;
  }
  storeSums(c, hsum4(s00, s01, s02, s03), cols, add);
  if (two) storeSums(c + ldc, hsum4(s10, s11, s12, s13), cols, add);
}

// [hsum(p), hsum(q), hsum(r), hsum(s)], each (l0 + l1) + (l2 + l3): rows.ts's
// hsum, four at a time.
@inline function hsum4(p: v128, q: v128, r: v128, s: v128): v128 {
  const pq = f32x4.add(v128.shuffle<f32>(p, q, 0, 2, 4, 6), v128.shuffle<f32>(p, q, 1, 3, 5, 7));
  const rs = f32x4.add(v128.shuffle<f32>(r, s, 0, 2, 4, 6), v128.shuffle<f32>(r, s, 1, 3, 5, 7));
  return f32x4.add(v128.shuffle<f32>(pq, rs, 0, 2, 4, 6), v128.shuffle<f32>(pq, rs, 1, 3, 5, 7));
}

// The first `cols` (of 4) entries of a C row at c = (add ? them : 0) + sums.
@inline function storeSums(c: usize, sums: v128, cols: i32, add: bool): void {
  storeN(c, add ? f32x4.add(loadN(c, cols), sums) : sums, cols);
}
