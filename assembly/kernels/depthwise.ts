// Direct depthwise convolution (groups = input channels, m = out/in output
// channels per input channel) over NCHW planes: output channel o convolves
// input channel o / m with its own kh×kw kernel, so there is no matrix
// product worth handing to the GEMM, and im2col would only copy each input
// value kh·kw times. A convolution of a single input channel (a first layer
// on grey images) is the case of one group.
//
// Each plane is first copied into a padded scratch plane [hp, wp] (padding.ts:
// zeros or torch's reflection), so the loops below never test borders. They
// are SIMD over four adjacent output columns (strided gathers when the
// stride is not 1; a partial vector at the end of a row, run through the same
// lane operations), and each sum has a fixed order set by the shapes alone:
// - forward: y = bias + Σ taps w·x, taps in row-major order from +0 (the
//   im2col GEMM's order for kernels of up to 256 taps, so zero-padded
//   results are the same bits);
// - weight gradient: per plane and tap, four lane sums over the output rows
//   folded as (l0 + l1) + (l2 + l3), added to the sum of the samples before;
// - bias gradient, taken in the weight gradient's pass: each dy plane's
//   rowSum added in sample order, as the columns engine's row sums and
//   the Winograd output gradient's give it;
// - input gradient of an input plane: the contributions of its m output
//   planes computed one after the other and added in that order, each as:
//   with stride 1, the correlation of the zero-padded dy with the
//   flipped kernel (taps in reverse row-major order from +0), which is the
//   gradient of the padded input, folded back by `unpadPlane`; with a stride
//   every dy is scattered into the padded gradient plane instead (outputs in
//   row-major order, four at a time, taps in row-major order for each).
import { laneMask, loadN, storeN } from "./lanes";
import { padPlane, unpadPlane } from "./padding";
import { rowSum } from "./rows";

// Four lanes (or `count`) every `step` elements from p.
@inline function loadStep(p: usize, step: i32, count: i32): v128 {
  if (step == 1) return loadN(p, count);
  const s = <usize>step << 2;
  let v = f32x4.replace_lane(f32x4.splat(0), 0, load<f32>(p));
  if (count > 1) v = f32x4.replace_lane(v, 1, load<f32>(p + s));
  if (count > 2) v = f32x4.replace_lane(v, 2, load<f32>(p + 2 * s));
  if (count > 3) v = f32x4.replace_lane(v, 3, load<f32>(p + 3 * s));
  return v;
}

@inline function storeStep(p: usize, v: v128, step: i32, count: i32): void {
  if (step == 1) {
    storeN(p, v, count);
    return;
  }
  const s = <usize>step << 2;
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (count > 1) store<f32>(p + s, f32x4.extract_lane(v, 1));
  if (count > 2) store<f32>(p + 2 * s, f32x4.extract_lane(v, 2));
  if (count > 3) store<f32>(p + 3 * s, f32x4.extract_lane(v, 3));
}

/**
 * out [oh, ow] = b + the correlation of the plane src (rows of `ld`
 * elements) with the kh×kw kernel at wk, read backwards when `flip`; with
 * `add`, out + that. Every window is read as four whole lanes (the stride a
 * constant when it is 1), so src must be followed by 3·sw spare floats;
 * lanes past a row's end are not stored.
 */
@inline function correlate(
  src: usize, ld: i32, wk: usize, flip: bool, b: v128, hasBias: bool, add: bool, out: usize,
  oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32,
): void {
  if (kh == 3 && kw == 3 && sw == 1 && dh == 1 && dw == 1) {
    correlate3x3(src, ld, wk, flip, b, hasBias, add, out, oh, ow, sh);
    return;
  }
  for (let oy = 0; oy < oh; oy++) {
    const top = src + ((<usize>(oy * sh) * <usize>ld) << 2);
    for (let j = 0; j < ow; j += 4) {
      const v = sw == 1 ? window(top, j, ld, wk, flip, kh, kw, 1, dh, dw) : window(top, j, ld, wk, flip, kh, kw, sw, dh, dw);
      emit(out + (<usize>j << 2), hasBias ? f32x4.add(b, v) : v, add, ow - j);
    }
    out += <usize>ow << 2;
  }
}

// The common 3×3 kernel with unit stride and dilation: its nine weights stay
// in registers; the same operations in the same order as `window`. The
// whole vectors of a row are stored without loadN's and storeN's tests.
function correlate3x3(src: usize, ld: i32, wk: usize, flip: bool, b: v128, hasBias: bool, add: bool, out: usize, oh: i32, ow: i32, sh: i32): void {
  const w0 = tapWeight(wk, 0, flip), w1 = tapWeight(wk, 1, flip), w2 = tapWeight(wk, 2, flip);
  const w3 = tapWeight(wk, 3, flip), w4 = tapWeight(wk, 4, flip), w5 = tapWeight(wk, 5, flip);
  const w6 = tapWeight(wk, 6, flip), w7 = tapWeight(wk, 7, flip), w8 = tapWeight(wk, 8, flip);
  const row = <usize>ld << 2, body = <usize>(ow & ~3) << 2, count = ow & 3;
  for (let oy = 0; oy < oh; oy++) {
    const r0 = src + ((<usize>(oy * sh) * <usize>ld) << 2), r1 = r0 + row, r2 = r1 + row;
    for (let o: usize = 0; o < body; o += 16) {
      const acc = window3x3(r0 + o, r1 + o, r2 + o, w0, w1, w2, w3, w4, w5, w6, w7, w8);
      emit(out + o, hasBias ? f32x4.add(b, acc) : acc, add, 4);
    }
    if (count != 0) {
      const acc = window3x3(r0 + body, r1 + body, r2 + body, w0, w1, w2, w3, w4, w5, w6, w7, w8);
      emit(out + body, hasBias ? f32x4.add(b, acc) : acc, add, count);
    }
    out += <usize>ow << 2;
  }
}

// Σ taps w·x over a 3×3 window whose rows start at r0, r1, r2.
@inline function window3x3(r0: usize, r1: usize, r2: usize, w0: v128, w1: v128, w2: v128, w3: v128, w4: v128, w5: v128, w6: v128, w7: v128, w8: v128): v128 {
  let acc = f32x4.add(f32x4.splat(0), f32x4.mul(w0, v128.load(r0)));
  acc = f32x4.add(acc, f32x4.mul(w1, v128.load(r0, 4)));
  acc = f32x4.add(acc, f32x4.mul(w2, v128.load(r0, 8)));
  acc = f32x4.add(acc, f32x4.mul(w3, v128.load(r1)));
  acc = f32x4.add(acc, f32x4.mul(w4, v128.load(r1, 4)));
  acc = f32x4.add(acc, f32x4.mul(w5, v128.load(r1, 8)));
  acc = f32x4.add(acc, f32x4.mul(w6, v128.load(r2)));
  acc = f32x4.add(acc, f32x4.mul(w7, v128.load(r2, 4)));
  return f32x4.add(acc, f32x4.mul(w8, v128.load(r2, 8)));
}

// Store v's first `count` lanes at p, or add them to what is there.
@inline function emit(p: usize, v: v128, add: bool, count: i32): void {
  storeN(p, add ? f32x4.add(loadN(p, count), v) : v, count);
}

@inline function tapWeight(wk: usize, t: i32, flip: bool): v128 {
  return v128.load32_splat(wk + (<usize>(flip ? 8 - t : t) << 2));
}

// Σ taps w·x for output columns j..j+3 of the row whose windows start at `top`.
@inline function window(top: usize, j: i32, ld: i32, wk: usize, flip: bool, kh: i32, kw: i32, sw: i32, dh: i32, dw: i32): v128 {
  const left = top + (<usize>(j * sw) << 2);
  const last = kh * kw - 1;
  let acc = f32x4.splat(0);
  for (let ki = 0; ki < kh; ki++) {
    const row = left + ((<usize>(ki * dh) * <usize>ld) << 2);
    for (let kj = 0; kj < kw; kj++) {
      const t = ki * kw + kj;
      const wt = v128.load32_splat(wk + (<usize>(flip ? last - t : t) << 2));
      acc = f32x4.add(acc, f32x4.mul(wt, loadStep(row + (<usize>(kj * dw) << 2), sw, 4)));
    }
  }
  return acc;
}

/**
 * y [n, c·m, oh, ow] = the depthwise convolution of x [n, c, h, w] with w
 * [c·m, kh, kw] (plus bias [c·m] unless 0). `pad` is scratch for one padded
 * plane [hp, wp] (hp = h + top + bottom padding, wp likewise) and 3·sw
 * floats more.
 */
export function depthwiseForward(
  x: usize, w: usize, bias: usize, y: usize, pad: usize, n: i32, c: i32, m: i32, h: i32, wd: i32, oh: i32, ow: i32,
  kh: i32, kw: i32, padTop: i32, padLeft: i32, sh: i32, sw: i32, dh: i32, dw: i32, hp: i32, wp: i32, reflect: i32,
): void {
  const inPlane = <usize>h * <usize>wd, outPlane = <usize>oh * <usize>ow, taps = kh * kw;
  for (let p = 0; p < n * c; p++) {
    padPlane(x + ((<usize>p * inPlane) << 2), pad, h, wd, padTop, padLeft, hp, wp, reflect != 0);
    for (let r = 0; r < m; r++) {
      const o = (p % c) * m + r, q = p * m + r;
      const b = bias != 0 ? v128.load32_splat(bias + (<usize>o << 2)) : f32x4.splat(0);
      const wk = w + ((<usize>o * <usize>taps) << 2), out = y + ((<usize>q * outPlane) << 2);
      correlate(pad, wp, wk, false, b, bias != 0, false, out, oh, ow, kh, kw, sh, sw, dh, dw);
    }
  }
}

/**
 * gw [c·m, kh, kw] (+)= the depthwise weight gradient for x [n, c, h, w] and
 * dy [n, c·m, oh, ow]; accumulate != 0 adds into gw. Unless gb is 0, also
 * gb [c·m] (+)= the bias gradient (accumulateBias != 0 adds into gb): each
 * sample's plane sum (rowSum, as the other engines sum it: the same
 * bits) added in sample order, taken while the plane is still in cache
 * instead of a second pass over dy. `pad` as in depthwiseForward.
 */
export function depthwiseWeightGrad(
  x: usize, dy: usize, gw: usize, gb: usize, pad: usize, accumulate: i32, accumulateBias: i32, n: i32, c: i32, m: i32, h: i32, wd: i32, oh: i32, ow: i32,
  kh: i32, kw: i32, padTop: i32, padLeft: i32, sh: i32, sw: i32, dh: i32, dw: i32, hp: i32, wp: i32, reflect: i32,
): void {
  const inPlane = <usize>h * <usize>wd, outPlane = <usize>oh * <usize>ow, taps = kh * kw;
  if (accumulate == 0) memory.fill(gw, 0, (<usize>(c * m) * <usize>taps) << 2);
  for (let p = 0; p < n * c; p++) {
    padPlane(x + ((<usize>p * inPlane) << 2), pad, h, wd, padTop, padLeft, hp, wp, reflect != 0);
    for (let r = 0; r < m; r++) {
      const o = (p % c) * m + r, g = dy + ((<usize>(p * m + r) * outPlane) << 2);
      const gc = gw + ((<usize>o * <usize>taps) << 2);
      if (kh == 3 && kw == 3 && sh == 1 && sw == 1 && dh == 1 && dw == 1) {
        if ((ow & 3) == 0) tapDotsWhole(pad, g, gc, oh, ow, wp);
        else tapDotsMasked(pad, g, gc, oh, ow, wp);
      } else {
        for (let t = 0; t < taps; t++) {
          const ki = t / kw, kj = t % kw;
          const tap = pad + ((<usize>(ki * dh) * <usize>wp + <usize>(kj * dw)) << 2);
          addFolded(gc + (<usize>t << 2), sw == 1 ? tapDot(tap, g, oh, ow, sh, 1, wp) : tapDot(tap, g, oh, ow, sh, sw, wp));
        }
      }
      if (gb != 0) {
        const at = gb + (<usize>o << 2), sum = rowSum(g, <i32>outPlane);
        store<f32>(at, p >= c || accumulateBias != 0 ? load<f32>(at) + sum : sum);
      }
    }
  }
}

// The lane sums of dy[oy, ox] · x[oy·sh, ox·sw] over the plane, x read from `tap` in rows of wp.
@inline function tapDot(tap: usize, g: usize, oh: i32, ow: i32, sh: i32, sw: i32, wp: i32): v128 {
  let acc = f32x4.splat(0);
  for (let oy = 0; oy < oh; oy++) {
    const xr = tap + ((<usize>(oy * sh) * <usize>wp) << 2), gr = g + ((<usize>oy * <usize>ow) << 2);
    let j = 0;
    for (; j + 4 <= ow; j += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(gr + (<usize>j << 2)), loadStep(xr + (<usize>(j * sw) << 2), sw, 4)));
    if (j < ow) acc = f32x4.add(acc, f32x4.mul(loadN(gr + (<usize>j << 2), ow - j), loadStep(xr + (<usize>(j * sw) << 2), sw, ow - j)));
  }
  return acc;
}

// tapPlane3x3's nine lane sums (tap t at 16·t) between its phases.
const TAP_SUMS: usize = memory.data(9 * 16, 16);

// gc[t] += tapDot(tap t) for the nine taps of a 3×3 kernel with unit stride
// and dilation, each lane sum in tapDot's order (output rows in order). The
// loop walks the padded input rows: input row py serves output rows py,
// py − 1 and py − 2 (kernel rows 0, 1, 2), so a step loads three x vectors
// and three dy vectors for nine products, and the nine sums, the x and the
// dy vectors nearly fit V8's 15 registers (V8 issues a block's loads
// first; one output row at a time needed nine x loads and spilled). Input
// rows 0 and 1 and the last two serve fewer kernel rows: those output rows
// run before and after, a kernel row at a time. Rows of whole vectors (the
// common widths) load without a test; otherwise a partial vector's missing
// x lanes are masked to the zeros loadN would give. Two functions around
// one inlined body, so that the optimizer cannot merge them back into one
// body with a test.
function tapDotsWhole(pad: usize, g: usize, gc: usize, oh: i32, ow: i32, wp: i32): void {
  tapPlane3x3(pad, g, gc, oh, ow, wp, true);
}

function tapDotsMasked(pad: usize, g: usize, gc: usize, oh: i32, ow: i32, wp: i32): void {
  tapPlane3x3(pad, g, gc, oh, ow, wp, false);
}

@inline function tapPlane3x3(pad: usize, g: usize, gc: usize, oh: i32, ow: i32, wp: i32, whole: bool): void {
  memory.fill(TAP_SUMS, 0, 9 * 16);
  // Input rows 2 .. oh − 1 serve all three kernel rows.
  const full = oh > 2;
  for (let ki = 0; ki < 3; ki++) kernelRow(pad, g, ki, 0, full ? 2 - ki : oh, ow, wp, whole);
  if (full) inputRows(pad, g, oh, ow, wp, whole);
  for (let ki = 1; ki < 3; ki++) if (full) kernelRow(pad, g, ki, oh - ki, oh, ow, wp, whole);
  for (let t = 0; t < 9; t++) addFolded(gc + (<usize>t << 2), v128.load(TAP_SUMS + (<usize>t << 4)));
}

// TAP_SUMS of kernel row ki += its products for output rows oy0 .. oy1 − 1.
@inline function kernelRow(pad: usize, g: usize, ki: i32, oy0: i32, oy1: i32, ow: i32, wp: i32, whole: bool): void {
  const sums = TAP_SUMS + (<usize>(3 * ki) << 4);
  let a0 = v128.load(sums), a1 = v128.load(sums, 16), a2 = v128.load(sums, 32);
  for (let oy = oy0; oy < oy1; oy++) {
    const xr = pad + ((<usize>(oy + ki) * <usize>wp) << 2), gr = g + ((<usize>oy * <usize>ow) << 2);
    for (let j = 0; j < ow; j += 4) {
      const o = <usize>j << 2, keep = whole ? f32x4.splat(0) : laneMask(ow - j), d = dLanes(gr + o, ow - j, whole);
      a0 = mac(a0, d, xLanes(xr + o, keep, whole));
      a1 = mac(a1, d, xLanes(xr + o + 4, keep, whole));
      a2 = mac(a2, d, xLanes(xr + o + 8, keep, whole));
    }
  }
  v128.store(sums, a0);
  v128.store(sums, a1, 16);
  v128.store(sums, a2, 32);
}

// TAP_SUMS += the products of input rows 2 .. oh − 1 for all nine taps.
@inline function inputRows(pad: usize, g: usize, oh: i32, ow: i32, wp: i32, whole: bool): void {
  let a0 = v128.load(TAP_SUMS), a1 = v128.load(TAP_SUMS, 16), a2 = v128.load(TAP_SUMS, 32);
  let a3 = v128.load(TAP_SUMS, 48), a4 = v128.load(TAP_SUMS, 64), a5 = v128.load(TAP_SUMS, 80);
  let a6 = v128.load(TAP_SUMS, 96), a7 = v128.load(TAP_SUMS, 112), a8 = v128.load(TAP_SUMS, 128);
  const dRow = <usize>ow << 2;
  for (let py = 2; py < oh; py++) {
    const xr = pad + ((<usize>py * <usize>wp) << 2), g0 = g + ((<usize>py * <usize>ow) << 2), g1 = g0 - dRow, g2 = g1 - dRow;
    for (let j = 0; j < ow; j += 4) {
      const o = <usize>j << 2, count = ow - j, keep = whole ? f32x4.splat(0) : laneMask(count);
      const x0 = xLanes(xr + o, keep, whole), x1 = xLanes(xr + o + 4, keep, whole), x2 = xLanes(xr + o + 8, keep, whole);
      const d0 = dLanes(g0 + o, count, whole), d1 = dLanes(g1 + o, count, whole), d2 = dLanes(g2 + o, count, whole);
      a0 = mac(a0, d0, x0);
      a1 = mac(a1, d0, x1);
      a2 = mac(a2, d0, x2);
      a3 = mac(a3, d1, x0);
      a4 = mac(a4, d1, x1);
      a5 = mac(a5, d1, x2);
      a6 = mac(a6, d2, x0);
      a7 = mac(a7, d2, x1);
      a8 = mac(a8, d2, x2);
    }
  }
  v128.store(TAP_SUMS, a0);
  v128.store(TAP_SUMS, a1, 16);
  v128.store(TAP_SUMS, a2, 32);
  v128.store(TAP_SUMS, a3, 48);
  v128.store(TAP_SUMS, a4, 64);
  v128.store(TAP_SUMS, a5, 80);
  v128.store(TAP_SUMS, a6, 96);
  v128.store(TAP_SUMS, a7, 112);
  v128.store(TAP_SUMS, a8, 128);
}

// acc + d·x
@inline function mac(acc: v128, d: v128, x: v128): v128 {
  return f32x4.add(acc, f32x4.mul(d, x));
}

// The four floats at p, those outside `keep` zeroed unless `whole`.
@inline function xLanes(p: usize, keep: v128, whole: bool): v128 {
  const x = v128.load(p);
  return whole ? x : v128.and(keep, x);
}

// The `count` floats of dy at p (four when `whole`), zeros after.
@inline function dLanes(p: usize, count: i32, whole: bool): v128 {
  return whole ? v128.load(p) : loadN(p, count);
}

// *at += (l0 + l1) + (l2 + l3)
@inline function addFolded(at: usize, acc: v128): void {
  store<f32>(at, load<f32>(at) + fold(acc));
}

@inline function fold(acc: v128): f32 {
  return (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
}

/**
 * gx [n, c, h, w] = the depthwise input gradient for dy [n, c·m, oh, ow] and
 * w [c·m, kh, kw]. `gpad` is scratch for one padded plane [hp, wp]; with
 * stride 1, `dpad` for one zero-padded dy plane [oh + 2·(ekh − 1),
 * ow + 2·(ekw − 1)] (ek: the kernel's extent with dilation) and 3 floats more.
 */
export function depthwiseInputGrad(
  dy: usize, w: usize, gx: usize, gpad: usize, dpad: usize, n: i32, c: i32, m: i32, h: i32, wd: i32, oh: i32, ow: i32,
  kh: i32, kw: i32, padTop: i32, padLeft: i32, sh: i32, sw: i32, dh: i32, dw: i32, hp: i32, wp: i32, reflect: i32,
): void {
  const inPlane = <usize>h * <usize>wd, outPlane = <usize>oh * <usize>ow, taps = kh * kw;
  const eh = (kh - 1) * dh, ew = (kw - 1) * dw, ld = ow + 2 * ew;
  // Zero padding with stride 1: only the image's part of the padded gradient is needed, straight into gx.
  const direct = sh == 1 && sw == 1 && reflect == 0;
  for (let p = 0; p < n * c; p++) {
    const gxp = gx + ((<usize>p * inPlane) << 2);
    if (!(sh == 1 && sw == 1)) memory.fill(gpad, 0, (<usize>hp * <usize>wp) << 2);
    for (let r = 0; r < m; r++) {
      const wk = w + ((<usize>((p % c) * m + r) * <usize>taps) << 2), g = dy + ((<usize>(p * m + r) * outPlane) << 2);
      if (sh == 1 && sw == 1) {
        padPlane(g, dpad, oh, ow, eh, ew, oh + 2 * eh, ld, false);
        if (direct) correlate(dpad + ((<usize>padTop * <usize>ld + <usize>padLeft) << 2), ld, wk, true, f32x4.splat(0), false, r > 0, gxp, h, wd, kh, kw, 1, 1, dh, dw);
        else correlate(dpad, ld, wk, true, f32x4.splat(0), false, r > 0, gpad, hp, wp, kh, kw, 1, 1, dh, dw);
      } else {
        scatter(g, wk, gpad, oh, ow, kh, kw, sh, sw, dh, dw, wp);
      }
    }
    if (!direct) unpadPlane(gpad, gxp, h, wd, padTop, padLeft, hp, wp, reflect != 0, wp);
  }
}

// gpad [hp, wp] += w·dy for every output and tap, at the tap's padded position.
@inline function scatter(g: usize, wk: usize, gpad: usize, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, wp: i32): void {
  for (let oy = 0; oy < oh; oy++) {
    const top = gpad + ((<usize>(oy * sh) * <usize>wp) << 2);
    for (let j = 0; j < ow; j += 4) {
      const d = loadN(g + ((<usize>oy * <usize>ow + <usize>j) << 2), ow - j);
      const left = top + (<usize>(j * sw) << 2);
      for (let ki = 0; ki < kh; ki++) {
        const row = left + ((<usize>(ki * dh) * <usize>wp) << 2);
        for (let kj = 0; kj < kw; kj++) {
          const at = row + (<usize>(kj * dw) << 2);
          const wt = v128.load32_splat(wk + (<usize>(ki * kw + kj) << 2));
          storeStep(at, f32x4.add(loadStep(at, sw, ow - j), f32x4.mul(wt, d)), sw, ow - j);
        }
      }
    }
  }
}
