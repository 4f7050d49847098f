// 2-D max and average pooling over `planes` row-major [h, w] planes (N·C of
// an NCHW batch), with torch's CPU kernels' window rules. The host computes
// the output size (ceil mode included) and checks the arguments.
//
// Windows start at o·s − pad. Max pooling skips padded taps; in a window the
// first maximum wins and a NaN wins over everything (the last NaN, as torch's
// `val > max || isnan(val)` scan), and the winner's index in its plane is
// kept for backward. Average pooling clips the window to the padded image for
// the count-include-pad divisor, then to the image for the sum.
//
// The general loops are scalar: a window's taps are gathered with strides
// and dilations, and windows may overlap, so there is no contiguous row to
// vectorise. The common 2×2 stride-2 max pool without padding has its own
// SIMD path (`maxPool2x2`) that makes the same decisions.
import { loadN, storeN } from "./lanes";
import { vconst } from "./consts";

/** y[p, oy, ox] = max over the window; idx[p, oy, ox] = the winner's index in plane p. */
export function maxPool2dForward(
  x: usize, y: usize, idx: usize, planes: i32, h: i32, w: i32, oh: i32, ow: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, dh: i32, dw: i32,
): void {
  if (kh == 2 && kw == 2 && sh == 2 && sw == 2 && padTop == 0 && padLeft == 0 && dh == 1 && dw == 1 && 2 * oh <= h && 2 * ow <= w) {
    maxPool2x2(x, y, idx, planes, h, w, oh, ow);
    return;
  }
  const plane = <usize>h * <usize>w;
  let out: usize = 0;
  for (let p = 0; p < planes; p++) {
    const src = x + ((<usize>p * plane) << 2);
    for (let oy = 0; oy < oh; oy++) {
      let y0 = oy * sh - padTop;
      const y1 = min(y0 + (kh - 1) * dh + 1, h);
      while (y0 < 0) y0 += dh;
      for (let ox = 0; ox < ow; ox++) {
        let x0 = ox * sw - padLeft;
        const x1 = min(x0 + (kw - 1) * dw + 1, w);
        while (x0 < 0) x0 += dw;
        let best = y0 * w + x0;
        let max: f32 = -Infinity;
        for (let iy = y0; iy < y1; iy += dh) {
          for (let ix = x0; ix < x1; ix += dw) {
            const at = iy * w + ix;
            const v = load<f32>(src + (<usize>at << 2));
            if (v > max || isNaN(v)) {
              max = v;
              best = at;
            }
          }
        }
        store<f32>(y + (out << 2), max);
        store<i32>(idx + (out << 2), best);
        out++;
      }
    }
  }
}

const NEG_INF = memory.data<f32>([-Infinity]);
const EVENS = memory.data<i32>([0, 2, 4, 6], 16);

// The lanes where tap v beats the running maximum: greater, or NaN.
@inline function wins(v: v128, max: v128): v128 {
  return v128.or(f32x4.gt(v, max), f32x4.ne(v, v));
}

// 2×2 windows at stride 2, every one inside the plane: four outputs at a
// time from two input rows split into even and odd columns, scanned in the
// scalar loop's order (x[2oy, 2ox], x[2oy, 2ox+1], x[2oy+1, 2ox],
// x[2oy+1, 2ox+1]) with its rule: a tap wins when it is greater or NaN.
function maxPool2x2(x: usize, y: usize, idx: usize, planes: i32, h: i32, w: i32, oh: i32, ow: i32): void {
  const plane = <usize>h * <usize>w;
  let out = y, at = idx;
  for (let p = 0; p < planes; p++) {
    const src = x + ((<usize>p * plane) << 2);
    for (let oy = 0; oy < oh; oy++) {
      const r0 = src + ((<usize>(2 * oy) * <usize>w) << 2), r1 = r0 + (<usize>w << 2);
      for (let j = 0; j < ow; j += 4) {
        const count = ow - j, first = i32x4.add(i32x4.splat(2 * oy * w + 2 * j), v128.load(EVENS));
        // The row pairs (x[2j..2j+7]) hold 2·count real values; the lanes after them are zeros and never stored.
        const a0 = loadN(r0 + (<usize>(2 * j) << 2), 2 * count), b0 = count > 2 ? loadN(r0 + (<usize>(2 * j + 4) << 2), 2 * count - 4) : f32x4.splat(0);
        const a1 = loadN(r1 + (<usize>(2 * j) << 2), 2 * count), b1 = count > 2 ? loadN(r1 + (<usize>(2 * j + 4) << 2), 2 * count - 4) : f32x4.splat(0);
        let max = vconst(NEG_INF), best = first;
        let v = v128.shuffle<f32>(a0, b0, 0, 2, 4, 6), take = wins(v, max);
        max = v128.bitselect(v, max, take);
        v = v128.shuffle<f32>(a0, b0, 1, 3, 5, 7);
        take = wins(v, max);
        max = v128.bitselect(v, max, take);
        best = v128.bitselect(i32x4.add(first, i32x4.splat(1)), best, take);
        v = v128.shuffle<f32>(a1, b1, 0, 2, 4, 6);
        take = wins(v, max);
        max = v128.bitselect(v, max, take);
        best = v128.bitselect(i32x4.add(first, i32x4.splat(w)), best, take);
        v = v128.shuffle<f32>(a1, b1, 1, 3, 5, 7);
        take = wins(v, max);
        max = v128.bitselect(v, max, take);
        best = v128.bitselect(i32x4.add(first, i32x4.splat(w + 1)), best, take);
        storeN(out + (<usize>j << 2), max, count);
        storeN(at + (<usize>j << 2), best, count);
      }
      out += <usize>ow << 2;
      at += <usize>ow << 2;
    }
  }
}

/** gx = 0, then gx[p, idx[p, o]] += gy[p, o]. */
export function maxPool2dBackward(gy: usize, idx: usize, gx: usize, planes: i32, h: i32, w: i32, oh: i32, ow: i32): void {
  const plane = <usize>h * <usize>w, outs = <usize>oh * <usize>ow;
  memory.fill(gx, 0, (<usize>planes * plane) << 2);
  for (let p = 0; p < planes; p++) {
    const dst = gx + ((<usize>p * plane) << 2);
    const o = <usize>p * outs;
    for (let j: usize = 0; j < outs; j++) {
      const at = dst + (<usize>load<i32>(idx + ((o + j) << 2)) << 2);
      store<f32>(at, load<f32>(at) + load<f32>(gy + ((o + j) << 2)));
    }
  }
}

// The average-pool window of output (oy, ox) and its divisor, as torch's CPU
// kernel computes them; `divisor` 0 means none given. Written into WINDOW as
// y0, y1, x0, x1 (clipped to the image) and the divisor as f32 bits.
const WINDOW: usize = memory.data(20, 16);

@inline function avgWindow(
  oy: i32, ox: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32,
  padTop: i32, padLeft: i32, countIncludePad: i32, divisor: i32,
): void {
  let y0 = oy * sh - padTop, x0 = ox * sw - padLeft;
  let y1 = min(y0 + kh, h + padTop), x1 = min(x0 + kw, w + padLeft);
  const padded = (y1 - y0) * (x1 - x0);
  y0 = max(y0, 0);
  x0 = max(x0, 0);
  y1 = min(y1, h);
  x1 = min(x1, w);
  const d = divisor != 0 ? divisor : countIncludePad != 0 ? padded : (y1 - y0) * (x1 - x0);
  store<i32>(WINDOW, y0);
  store<i32>(WINDOW, y1, 4);
  store<i32>(WINDOW, x0, 8);
  store<i32>(WINDOW, x1, 12);
  store<f32>(WINDOW, <f32>d, 16);
}

// The mean of the window stored in WINDOW (0 for an empty one, as torch).
@inline function windowMean(src: usize, w: i32): f32 {
  const y0 = load<i32>(WINDOW), y1 = load<i32>(WINDOW, 4), x0 = load<i32>(WINDOW, 8), x1 = load<i32>(WINDOW, 12);
  if (y0 >= y1 || x0 >= x1) return 0;
  let sum: f32 = 0;
  for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) sum += load<f32>(src + (<usize>(iy * w + ix) << 2));
  return sum / load<f32>(WINDOW, 16);
}

// Adds g / divisor to every position of the window stored in WINDOW.
@inline function windowSpread(dst: usize, w: i32, g: f32): void {
  const y0 = load<i32>(WINDOW), y1 = load<i32>(WINDOW, 4), x0 = load<i32>(WINDOW, 8), x1 = load<i32>(WINDOW, 12);
  if (y0 >= y1 || x0 >= x1) return;
  const share = g / load<f32>(WINDOW, 16);
  for (let iy = y0; iy < y1; iy++) {
    for (let ix = x0; ix < x1; ix++) {
      const at = dst + (<usize>(iy * w + ix) << 2);
      store<f32>(at, load<f32>(at) + share);
    }
  }
}

// torch's adaptive window of output o of `outSize` over `inSize`: [⌊o·in/out⌋, ⌈(o+1)·in/out⌉).
@inline function adaptiveStart(o: i32, inSize: i32, outSize: i32): i32 {
  return <i32>((<i64>o * inSize) / outSize);
}
@inline function adaptiveEnd(o: i32, inSize: i32, outSize: i32): i32 {
  return <i32>(((<i64>(o + 1) * inSize) + outSize - 1) / outSize);
}

// Stores output (oy, ox)'s adaptive window into WINDOW, divided by its area.
@inline function adaptiveWindow(oy: i32, ox: i32, h: i32, w: i32, oh: i32, ow: i32): void {
  const y0 = adaptiveStart(oy, h, oh), y1 = adaptiveEnd(oy, h, oh);
  const x0 = adaptiveStart(ox, w, ow), x1 = adaptiveEnd(ox, w, ow);
  store<i32>(WINDOW, y0);
  store<i32>(WINDOW, y1, 4);
  store<i32>(WINDOW, x0, 8);
  store<i32>(WINDOW, x1, 12);
  store<f32>(WINDOW, <f32>((y1 - y0) * (x1 - x0)), 16);
}

// One pass of average pooling over every plane: the window of each output
// from avgWindow or adaptiveWindow, then its mean (forward) or the output's
// gradient spread over it (backward). `adaptive` and `backward` are constants
// at every call site.
@inline function averagePlanes(
  from: usize, to: usize, planes: i32, h: i32, w: i32, oh: i32, ow: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, countIncludePad: i32, divisor: i32,
  adaptive: bool, backward: bool,
): void {
  const plane = <usize>h * <usize>w;
  if (backward) memory.fill(to, 0, (<usize>planes * plane) << 2);
  let o = backward ? from : to;
  for (let p = 0; p < planes; p++) {
    const image = (backward ? to : from) + ((<usize>p * plane) << 2);
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        if (adaptive) adaptiveWindow(oy, ox, h, w, oh, ow);
        else avgWindow(oy, ox, h, w, kh, kw, sh, sw, padTop, padLeft, countIncludePad, divisor);
        if (backward) windowSpread(image, w, load<f32>(o));
        else store<f32>(o, windowMean(image, w));
        o += 4;
      }
    }
  }
}

/** y = the window means (torch's AvgPool2d; divisor 0 = none given). */
export function avgPool2dForward(
  x: usize, y: usize, planes: i32, h: i32, w: i32, oh: i32, ow: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, countIncludePad: i32, divisor: i32,
): void {
  averagePlanes(x, y, planes, h, w, oh, ow, kh, kw, sh, sw, padTop, padLeft, countIncludePad, divisor, false, false);
}

/** gx = 0, then each gy spread evenly over its window (the adjoint of avgPool2dForward). */
export function avgPool2dBackward(
  gy: usize, gx: usize, planes: i32, h: i32, w: i32, oh: i32, ow: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, countIncludePad: i32, divisor: i32,
): void {
  averagePlanes(gy, gx, planes, h, w, oh, ow, kh, kw, sh, sw, padTop, padLeft, countIncludePad, divisor, false, true);
}

/** y = the mean of each adaptive window (torch's AdaptiveAvgPool2d). */
export function adaptiveAvgPool2dForward(x: usize, y: usize, planes: i32, h: i32, w: i32, oh: i32, ow: i32): void {
  averagePlanes(x, y, planes, h, w, oh, ow, 0, 0, 0, 0, 0, 0, 0, 0, true, false);
}

/** gx = 0, then each gy spread evenly over its adaptive window. */
export function adaptiveAvgPool2dBackward(gy: usize, gx: usize, planes: i32, h: i32, w: i32, oh: i32, ow: i32): void {
  averagePlanes(gy, gx, planes, h, w, oh, ow, 0, 0, 0, 0, 0, 0, 0, 0, true, true);
}
