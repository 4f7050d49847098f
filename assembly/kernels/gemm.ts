// Single-precision GEMM in the three row-major layouts backprop needs.
//   gemmNN: C[m,n] (+)= A[m,k] · B[k,n]      (Linear input grad: dX = dY · W)
//   gemmNT: C[m,n] (+)= A[m,k] · B[n,k]ᵀ     (Linear forward:   Y = X · Wᵀ)
//   gemmTN: C[m,n] (+)= A[k,m]ᵀ · B[k,n]     (Linear weight grad: dW = dYᵀ · X)
// accumulate != 0 adds into C (gradient accumulation, as PyTorch's .grad does);
// bias != 0 adds bias[n] to every row. All pointers are byte offsets.
//
// Goto/BLIS structure: a KC-deep slice of B is packed into NR-wide column
// panels and a slice of A into MR-tall row panels, so the MR×NR register-tiled
// microkernel reads both operands contiguously whatever the layout; the
// transposed layouts differ only in how they pack. gemmPackedA takes A packed
// beforehand (gemmPackA) and reads B's rows in place.
//
// Determinism: every C[i,j] is computed in the same order whatever m, n, the
// layout or the element's position in a tile: C starts as (C or 0) + bias
// (gemmPackedA: as the row bias, or C + row bias), then for each KC-slice of
// k in increasing order the products are summed left to right from 0 and
// that partial sum is added to C. Edge tiles use the same microkernel on
// zero-padded panels. So a row of C does not depend on the batch size, and
// the three layouts give the same bits for the same maths.
//
// Rows that do not fill whole vectors end as every kernel's do (lanes.ts): a
// partial vector, zero-padded on load and stored lane by lane.
import { bodyBytes, loadN, storeN } from "./lanes";
import { madd } from "./madd";

const MR = 4; // rows of the register tile
const NR = 8; // columns of the register tile (two f32x4)
const KC = 256; // depth of a packed slice (a B micropanel is KC*NR*4 = 8 KB, L1-resident)
const MC = 128; // rows of A packed at once (MC*KC*4 = 128 KB, L2-resident); a multiple of MR
const NC = 512; // columns of B packed at once (KC*NC*4 = 512 KB); a multiple of NR

// Static scratch below __heap_base: the host allocator never hands it out.
const PACK_A: usize = memory.data(MC * KC * 4, 16);
const PACK_B: usize = memory.data(KC * NC * 4, 16);
const TILE: usize = memory.data(MR * NR * 4, 16);

export function gemmNN(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: i32, bias: usize): void {
  gemm(a, k, ROWS, b, n, ROWS, c, m, k, n, accumulate, bias);
}

export function gemmNT(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: i32, bias: usize): void {
  gemm(a, k, ROWS, b, k, COLS, c, m, k, n, accumulate, bias);
}

export function gemmTN(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: i32, bias: usize): void {
  gemm(a, m, COLS, b, n, ROWS, c, m, k, n, accumulate, bias);
}

// How gemm() gets an operand's panels. A: ROWS stored [m,k], COLS stored
// [k,m], READY already packed by gemmPackA. B: ROWS stored [k,n], COLS stored
// [n,k], READY stored [k,n] and read in place: the microkernel loads a panel's
// rows straight from B, ldb floats apart, but for the edge panel narrower than
// NR, which is packed.
const ROWS = 0;
const COLS = 1;
const READY = 2;

// Products with the same A and many B, as the convolution engines run (the
// weights or the Winograd U against each sample's or chunk's columns): A is
// packed once by gemmPackA for all of them and B, stored [k,n], is read in
// place (a panel of B serves only m/4 tiles there, so packing it costs more
// than it saves). C[m,n] = (accumulate ? C : 0) + rowBias[i] + A·B, the
// row bias folded into the first slice's store: the same sums in the same
// order as C starting at the bias, so the same bits as gemmNN/gemmTN after
// filling C's rows with the bias. B is packed all the same when its rows are
// a multiple of 1024 floats (4 KB) apart, which would put a panel's rows in
// one L1 set.
export function gemmPackedA(ap: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: i32, rowBias: usize): void {
  gemm(ap, 0, READY, b, n, (n & 1023) != 0 ? READY : ROWS, c, m, k, n, accumulate, 0, rowBias);
}

// Pack A for gemmPackedA: A stored [m,k], or [k,m] when transposed != 0, into
// dst (gemmPackedASize(m, k) floats): for each KC-slice of k in order, the
// MR-row panels gemm() would pack, rows past m zero.
export function gemmPackA(a: usize, m: i32, k: i32, transposed: i32, dst: usize): void {
  const mp = packedRows(m);
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    for (let r = 0; r < m; r += MR) {
      const d = dst + ((<usize>pc * <usize>mp + <usize>r * <usize>kc) << 2);
      if (transposed != 0) packN(a, m, r, min(MR, m - r), pc, kc, d, MR);
      else packT(a, k, r, min(MR, m - r), pc, kc, d, MR);
    }
  }
}

// Floats gemmPackA writes for an m×k A.
export function gemmPackedASize(m: i32, k: i32): i32 {
  return packedRows(m) * max(k, 0);
}

@inline function packedRows(m: i32): i32 {
  return (max(m, 0) + MR - 1) / MR * MR;
}

// lda/ldb are row lengths in elements of A and B as stored; aKind/bKind say
// how their panels are got (ROWS, COLS, READY above). bias != 0 adds bias[j]
// to column j of C, rowBias != 0 rowBias[i] to row i (callers give one or
// neither).
function gemm(a: usize, lda: i32, aKind: i32, b: usize, ldb: i32, bKind: i32, c: usize, m: i32, k: i32, n: i32, accumulate: i32, bias: usize, rowBias: usize = 0): void {
  if (m <= 0 || n <= 0) return;
  const ldc = <usize>n << 2;
  // C's starting value; when it is plain 0 the first slice stores instead of
  // adding (or adds the row bias, when given).
  let addToC = accumulate != 0;
  if (rowBias != 0 && (addToC || k <= 0)) {
    for (let i = 0; i < m; i++) initRowBias(c + <usize>i * ldc, n, addToC, rowBias + (<usize>i << 2));
    rowBias = 0;
    addToC = true;
  }
  if (bias != 0 || (k <= 0 && !addToC)) {
    for (let i = 0; i < m; i++) initRow(c + <usize>i * ldc, n, addToC, bias);
    addToC = true;
  }
  const mp = packedRows(m);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    let add = addToC;
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      for (let jr = bKind == READY ? nc & ~(NR - 1) : 0; jr < nc; jr += NR) {
        const dst = PACK_B + ((<usize>jr * <usize>kc) << 2);
        if (bKind == COLS) packT(b, ldb, jc + jr, min(NR, nc - jr), pc, kc, dst, NR);
        else packN(b, ldb, jc + jr, min(NR, nc - jr), pc, kc, dst, NR);
      }
      // The row bias goes with the first slice's store.
      const rb: usize = add ? 0 : rowBias;
      const aStep = <usize>kc << 4; // an MR-row A panel
      const cStep = ldc << 2; // MR rows of C
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        const aBlock = aKind == READY ? a + ((<usize>pc * <usize>mp + <usize>ic * <usize>kc) << 2) : PACK_A;
        if (aKind != READY) {
          for (let ir = 0; ir < mc; ir += MR) {
            const dst = PACK_A + ((<usize>ir * <usize>kc) << 2);
            if (aKind == COLS) packN(a, lda, ic + ir, min(MR, mc - ir), pc, kc, dst, MR);
            else packT(a, lda, ic + ir, min(MR, mc - ir), pc, kc, dst, MR);
          }
        }
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const inPlace = bKind == READY && nr == NR;
          const bp = inPlace ? b + ((<usize>pc * <usize>ldb + <usize>(jc + jr)) << 2) : PACK_B + ((<usize>jr * <usize>kc) << 2);
          const bStep: usize = inPlace ? <usize>ldb << 2 : NR << 2;
          // The tiles down this panel, A panels, C rows and row biases advancing by MR rows.
          let ap = aBlock;
          let ct = c + <usize>ic * ldc + (<usize>(jc + jr) << 2);
          let rbt: usize = rb != 0 ? rb + (<usize>ic << 2) : 0;
          const rbStep: usize = rb != 0 ? <usize>(MR << 2) : 0;
          let ir = 0;
          if (nr == NR) {
            for (; ir + MR <= mc; ir += MR) {
              micro(ap, bp, bStep, kc, ct, ldc, add, rbt);
              ap += aStep;
              ct += cStep;
              rbt += rbStep;
            }
          }
          for (; ir < mc; ir += MR) {
            micro(ap, bp, bStep, kc, TILE, NR << 2, false, 0);
            mergeTile(ct, ldc, min(MR, mc - ir), nr, add, rbt);
            ap += aStep;
            ct += cStep;
            rbt += rbStep;
          }
        }
      }
      add = true;
    }
  }
}

// C row = add ? C row + r : r, r the value at rowBias, as filling the row
// with r and accumulating would.
function initRowBias(c: usize, n: i32, add: bool, rowBias: usize): void {
  const r = v128.load32_splat(rowBias);
  for (let j = 0; j < n; j += 4) storeN(c + (<usize>j << 2), add ? f32x4.add(loadN(c + (<usize>j << 2), n - j), r) : r, n - j);
}

// C row = (add ? C row : 0) + bias (when given).
function initRow(c: usize, n: i32, add: bool, bias: usize): void {
  const body = bodyBytes(n);
  for (let o: usize = 0; o < body; o += 16) initLanes(c + o, bias, o, 4, add);
  if ((n & 3) != 0) initLanes(c + body, bias, body, n & 3, add);
}

// The first `count` lanes at c = (add ? them : 0) + bias lanes at byte offset o.
@inline function initLanes(c: usize, bias: usize, o: usize, count: i32, add: bool): void {
  let v = add ? loadN(c, count) : f32x4.splat(0);
  if (bias != 0) v = f32x4.add(v, loadN(bias + o, count));
  storeN(c, v, count);
}

// Pack w (≤ W) consecutive columns c0.. of rows k0..k0+kc of a row-major
// matrix: dst[p*W + j] = src[(k0+p)*ld + c0 + j], zero-padded to W columns.
function packN(src: usize, ld: i32, c0: i32, w: i32, k0: i32, kc: i32, dst: usize, W: i32): void {
  const row = <usize>ld << 2;
  let s = src + <usize>k0 * row + (<usize>c0 << 2);
  const step = <usize>W << 2;
  if (w == W) {
    for (let p = 0; p < kc; p++) {
      for (let j = 0; j < W; j += 4) v128.store(dst + (<usize>j << 2), v128.load(s + (<usize>j << 2)));
      s += row;
      dst += step;
    }
    return;
  }
  for (let p = 0; p < kc; p++) {
    for (let j = 0; j < W; j += 4) v128.store(dst + (<usize>j << 2), j < w ? loadN(s + (<usize>j << 2), w - j) : f32x4.splat(0));
    s += row;
    dst += step;
  }
}

// Pack w (≤ W) consecutive rows r0.. of a row-major matrix, columns k0..k0+kc,
// transposed: dst[p*W + r] = src[(r0+r)*ld + k0 + p], zero-padded to W rows.
// Groups of 4 rows × 4 columns go through an f32x4 4×4 transpose; a group
// with fewer rows or columns loads partial vectors (missing rows as zeros)
// and stores only the columns that exist.
function packT(src: usize, ld: i32, r0: i32, w: i32, k0: i32, kc: i32, dst: usize, W: i32): void {
  const row = <usize>ld << 2;
  const base = src + <usize>r0 * row + (<usize>k0 << 2);
  const step = <usize>W << 2;
  const zero = f32x4.splat(0);
  for (let r = 0; r < W; r += 4) {
    const rows = w - r; // rows of this group that exist: 4 or more is a whole group, 0 or less pure padding
    const s0 = base + <usize>r * row;
    const s1 = s0 + row;
    const s2 = s1 + row;
    const s3 = s2 + row;
    let d = dst + (<usize>r << 2);
    let p = 0;
    if (rows >= 4) {
      for (; p + 4 <= kc; p += 4) {
        const o = <usize>p << 2;
        transposeStore(d, step, v128.load(s0 + o), v128.load(s1 + o), v128.load(s2 + o), v128.load(s3 + o), 4);
        d += 4 * step;
      }
    }
    for (; p < kc; p += 4) {
      const o = <usize>p << 2;
      const cols = min(4, kc - p);
      transposeStore(d, step, rows > 0 ? loadN(s0 + o, cols) : zero, rows > 1 ? loadN(s1 + o, cols) : zero,
        rows > 2 ? loadN(s2 + o, cols) : zero, rows > 3 ? loadN(s3 + o, cols) : zero, cols);
      d += 4 * step;
    }
  }
}

// Rows x0..x3 (4 columns each) transposed: column q goes to d + q*step, for
// the first `cols` columns.
@inline function transposeStore(d: usize, step: usize, x0: v128, x1: v128, x2: v128, x3: v128, cols: i32): void {
  const t0 = f32x4.shuffle(x0, x1, 0, 4, 1, 5);
  const t1 = f32x4.shuffle(x2, x3, 0, 4, 1, 5);
  const t2 = f32x4.shuffle(x0, x1, 2, 6, 3, 7);
  const t3 = f32x4.shuffle(x2, x3, 2, 6, 3, 7);
  v128.store(d, f32x4.shuffle(t0, t1, 0, 1, 4, 5));
  if (cols > 1) v128.store(d + step, f32x4.shuffle(t0, t1, 2, 3, 6, 7));
  if (cols > 2) v128.store(d + 2 * step, f32x4.shuffle(t2, t3, 0, 1, 4, 5));
  if (cols > 3) v128.store(d + 3 * step, f32x4.shuffle(t2, t3, 2, 3, 6, 7));
}

// The microkernel broadcasts each A value across a vector in one of two ways,
// chosen at run time: engines disagree on which is faster. V8 11 (Node 20,
// Chromium) runs v128.load32_splat fastest; V8 15 (Deno 2.9) and
// JavaScriptCore (Bun) run 15% and 36% faster loading the 4 A values of a k
// step as one vector and broadcasting its lanes with i32x4.shuffle. The
// products and their order are the same, so are the bits. The host times both
// at init() (src/runtime/microkernel.ts) and sets the faster.
const MICRO_SPLAT = 0;
const MICRO_SHUFFLE = 1;
let microKind: i32 = 0; // MICRO_SPLAT, as a literal: a named constant would add a start function

// Select the microkernel: 0 splat (v128.load32_splat), 1 shuffle (i32x4.shuffle).
export function gemmUseMicrokernel(kind: i32): void {
  microKind = kind == MICRO_SHUFFLE ? MICRO_SHUFFLE : MICRO_SPLAT;
}

// The selected microkernel: 0 splat, 1 shuffle.
export function gemmMicrokernel(): i32 {
  return microKind;
}

// bStep: bytes between two rows of the B panel at bp (NR·4 when packed).
@inline function micro(ap: usize, bp: usize, bStep: usize, kc: i32, c: usize, ldc: usize, add: bool, rb: usize): void {
  if (bStep == NR << 2) {
    if (microKind == MICRO_SHUFFLE) microShuffle(ap, bp, kc, c, ldc, add, rb);
    else microSplat(ap, bp, kc, c, ldc, add, rb);
  } else if (microKind == MICRO_SHUFFLE) microShuffleStrided(ap, bp, bStep, kc, c, ldc, add, rb);
  else microSplatStrided(ap, bp, bStep, kc, c, ldc, add, rb);
}

function microSplat(ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, add: bool, rb: usize): void {
  microBody(ap, bp, NR << 2, kc, c, ldc, add, rb, false);
}

function microShuffle(ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, add: bool, rb: usize): void {
  microBody(ap, bp, NR << 2, kc, c, ldc, add, rb, true);
}

function microSplatStrided(ap: usize, bp: usize, bStep: usize, kc: i32, c: usize, ldc: usize, add: bool, rb: usize): void {
  microBody(ap, bp, bStep, kc, c, ldc, add, rb, false);
}

function microShuffleStrided(ap: usize, bp: usize, bStep: usize, kc: i32, c: usize, ldc: usize, add: bool, rb: usize): void {
  microBody(ap, bp, bStep, kc, c, ldc, add, rb, true);
}

// C tile (MR×NR at c, row stride ldc bytes) = (add ? C : rb != 0 ? the row
// biases at rb : 0) + Σp ap[p,:]ᵀ·bp[p,:], B's rows bStep bytes apart, the
// sum taken left to right from 0 in each of the MR×NR lanes. `shuffle` (and
// for packed B, bStep) is a compile-time constant at the inlined call sites,
// so each microkernel keeps only its own broadcast.
// The k loop is unrolled twice with an exit after each step: V8 puts an
// interrupt check on every loop back-edge and hoists a block's loads to its
// top, so one step per block keeps the 8 accumulators, 2 B vectors and the A
// broadcast in the 15 usable xmm registers (no spills) while halving the
// back-edge cost. Measured alternatives (4×8 plain loop, 5×8, 6×8, 3×12,
// pre-broadcast A panels, mixing the two broadcasts) were slower or spilled.
@inline function microBody(ap: usize, bp: usize, bStep: usize, kc: i32, c: usize, ldc: usize, add: bool, rb: usize, shuffle: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = c00;
  let c10 = c00;
  let c11 = c00;
  let c20 = c00;
  let c21 = c00;
  let c30 = c00;
  let c31 = c00;
  let a = c00; // the 4 A values of a k step (shuffle only)
  let x: v128;
  let b0: v128;
  let b1: v128;
  let p = kc;
  while (true) {
    b0 = v128.load(bp);
    b1 = v128.load(bp, 16);
    if (shuffle) a = v128.load(ap);
    x = shuffle ? i32x4.shuffle(a, a, 0, 0, 0, 0) : v128.load32_splat(ap);
    c00 = madd(x, b0, c00);
    c01 = madd(x, b1, c01);
    x = shuffle ? i32x4.shuffle(a, a, 1, 1, 1, 1) : v128.load32_splat(ap, 4);
    c10 = madd(x, b0, c10);
    c11 = madd(x, b1, c11);
    x = shuffle ? i32x4.shuffle(a, a, 2, 2, 2, 2) : v128.load32_splat(ap, 8);
    c20 = madd(x, b0, c20);
    c21 = madd(x, b1, c21);
    x = shuffle ? i32x4.shuffle(a, a, 3, 3, 3, 3) : v128.load32_splat(ap, 12);
    c30 = madd(x, b0, c30);
    c31 = madd(x, b1, c31);
    if (--p == 0) break;
    b0 = v128.load(bp + bStep);
    b1 = v128.load(bp + bStep, 16);
    if (shuffle) a = v128.load(ap, 16);
    x = shuffle ? i32x4.shuffle(a, a, 0, 0, 0, 0) : v128.load32_splat(ap, 16);
    c00 = madd(x, b0, c00);
    c01 = madd(x, b1, c01);
    x = shuffle ? i32x4.shuffle(a, a, 1, 1, 1, 1) : v128.load32_splat(ap, 20);
    c10 = madd(x, b0, c10);
    c11 = madd(x, b1, c11);
    x = shuffle ? i32x4.shuffle(a, a, 2, 2, 2, 2) : v128.load32_splat(ap, 24);
    c20 = madd(x, b0, c20);
    c21 = madd(x, b1, c21);
    x = shuffle ? i32x4.shuffle(a, a, 3, 3, 3, 3) : v128.load32_splat(ap, 28);
    c30 = madd(x, b0, c30);
    c31 = madd(x, b1, c31);
    if (--p == 0) break;
    ap += 2 * MR * 4;
    bp += 2 * bStep;
  }
  storeRow(c, c00, c01, add, rb, 0);
  storeRow(c + ldc, c10, c11, add, rb, 4);
  storeRow(c + 2 * ldc, c20, c21, add, rb, 8);
  storeRow(c + 3 * ldc, c30, c31, add, rb, 12);
}

// One 8-wide row of a tile: C row = (add ? C row : rb != 0 ? the row's bias,
// o bytes past rb : 0) + accumulators.
@inline function storeRow(r: usize, lo: v128, hi: v128, add: bool, rb: usize, o: usize): void {
  if (add) {
    lo = f32x4.add(v128.load(r), lo);
    hi = f32x4.add(v128.load(r, 16), hi);
  } else if (rb != 0) {
    const v = v128.load32_splat(rb + o);
    lo = f32x4.add(v, lo);
    hi = f32x4.add(v, hi);
  }
  v128.store(r, lo);
  v128.store(r, hi, 16);
}

// Copy the valid mr×nr corner of TILE into C, adding as the microkernel would
// (C when add, else the row biases at rb when rb != 0).
function mergeTile(c: usize, ldc: usize, mr: i32, nr: i32, add: bool, rb: usize): void {
  for (let i = 0; i < mr; i++) {
    const t = TILE + ((<usize>i * NR) << 2);
    const ci = c + <usize>i * ldc;
    for (let j = 0; j < nr; j += 4) {
      const o = <usize>j << 2;
      let v = v128.load(t + o);
      if (add) v = f32x4.add(loadN(ci + o, nr - j), v);
      else if (rb != 0) v = f32x4.add(v128.load32_splat(rb + (<usize>i << 2)), v);
      storeN(ci + o, v, nr - j);
    }
  }
}
