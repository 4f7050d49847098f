// Elementwise maps of the autograd operations that the activation and
// elementwise kernels do not cover: sqrt, abs, clamp, pow by a number, and
// the gradients of abs and clamp with PyTorch's edge cases (abs' gradient is
// 0 at 0 and at NaN; clamp passes the gradient where min <= x <= max, so not
// at NaN). Outputs may alias inputs.
import { ONE, vconst } from "./consts";
import { bodyBytes, loadTail, storeTail } from "./lanes";

const ZERO = f32x4.splat(0);

/** out = √x */
export function vecSqrt(x: usize, out: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(out + o, f32x4.sqrt(v128.load(x + o)));
  if (r) storeTail(out + t, f32x4.sqrt(loadTail(x + t, r)), r);
}

/** out = |x| */
export function vecAbs(x: usize, out: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(out + o, f32x4.abs(v128.load(x + o)));
  if (r) storeTail(out + t, f32x4.abs(loadTail(x + t, r)), r);
}

// g · sign(x), sign being 1, -1, or 0 at 0 and NaN (so -0 for a negative g, as PyTorch).
@inline function absGrad(x: v128, g: v128): v128 {
  const one = vconst(ONE);
  const sign = f32x4.sub(v128.and(f32x4.gt(x, ZERO), one), v128.and(f32x4.lt(x, ZERO), one));
  return f32x4.mul(g, sign);
}

/** gx = g · sign(x) */
export function absBackward(x: usize, g: usize, gx: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(gx + o, absGrad(v128.load(x + o), v128.load(g + o)));
  if (r) storeTail(gx + t, absGrad(loadTail(x + t, r), loadTail(g + t, r)), r);
}

/** out = min(max(x, lo), hi); NaN stays NaN (an absent bound is ∓Infinity) */
export function vecClamp(x: usize, out: usize, lo: f32, hi: f32, n: i32): void {
  const t = bodyBytes(n), r = n & 3, l = f32x4.splat(lo), h = f32x4.splat(hi);
  for (let o: usize = 0; o < t; o += 16) v128.store(out + o, f32x4.min(f32x4.max(v128.load(x + o), l), h));
  if (r) storeTail(out + t, f32x4.min(f32x4.max(loadTail(x + t, r), l), h), r);
}

@inline function clampGrad(x: v128, g: v128, lo: v128, hi: v128): v128 {
  return v128.and(g, v128.and(f32x4.ge(x, lo), f32x4.le(x, hi)));
}

/** gx = lo <= x <= hi ? g : 0 */
export function clampBackward(x: usize, g: usize, gx: usize, lo: f32, hi: f32, n: i32): void {
  const t = bodyBytes(n), r = n & 3, l = f32x4.splat(lo), h = f32x4.splat(hi);
  for (let o: usize = 0; o < t; o += 16) v128.store(gx + o, clampGrad(v128.load(x + o), v128.load(g + o), l, h));
  if (r) storeTail(gx + t, clampGrad(loadTail(x + t, r), loadTail(g + t, r), l, h), r);
}

/** out = x^e, each power taken in f64 and rounded once (the host handles PyTorch's special exponents) */
export function vecPowScalar(x: usize, out: usize, e: f32, n: i32): void {
  const p = <f64>e;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, <f32>Math.pow(<f64>load<f32>(x + o), p));
  }
}
