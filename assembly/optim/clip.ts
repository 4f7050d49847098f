// Gradient-norm reductions and in-place scaling/clamping for
// clipGradNorm/clipGradValue. Sums are accumulated in f64 (two f64x2 lanes per
// f32x4) in a fixed order, so the result is the same in every engine and more
// accurate than an f32 sum. Tails are zero-padded partial vectors (lanes.ts),
// whose padding adds nothing to a sum of |x|^p (p > 0) nor to a max of |x|.
import { bodyBytes, loadTail, storeTail } from "../kernels/lanes";
import { high64, low64 } from "./fused";

@inline function squares4(acc: v128, x: v128): v128 {
  const l = low64(x);
  const h = high64(x);
  return f64x2.add(acc, f64x2.add(f64x2.mul(l, l), f64x2.mul(h, h)));
}

@inline function abs4(acc: v128, x: v128): v128 {
  const a = f32x4.abs(x);
  return f64x2.add(acc, f64x2.add(low64(a), high64(a)));
}

/** Sum of |x| (p = 1) or x² (p = 2) over n f32 values. */
export function clipSumAbsOrSquares(x: usize, n: i32, p: i32): f64 {
  let acc = f64x2.splat(0);
  const body = bodyBytes(n);
  for (let o: usize = 0; o < body; o += 16) acc = p == 2 ? squares4(acc, v128.load(x + o)) : abs4(acc, v128.load(x + o));
  const r = n & 3;
  if (r != 0) {
    const t = loadTail(x + body, r);
    acc = p == 2 ? squares4(acc, t) : abs4(acc, t);
  }
  return f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
}

/** Sum of |x|^p over n f32 values, for norms other than 1, 2 and inf (scalar: there is no vector pow). */
export function clipSumPow(x: usize, n: i32, p: f64): f64 {
  let s: f64 = 0;
  for (let i = 0; i < n; i++) s += NativeMath.pow(abs<f64>(<f64>load<f32>(x + (<usize>i << 2))), p);
  return s;
}

/** Largest |x| over n f32 values (NaN if any is NaN, as torch.max). */
export function clipMaxAbs(x: usize, n: i32): f32 {
  let m = f32x4.splat(0);
  const body = bodyBytes(n);
  for (let o: usize = 0; o < body; o += 16) m = f32x4.max(m, f32x4.abs(v128.load(x + o)));
  const r = n & 3;
  if (r != 0) m = f32x4.max(m, f32x4.abs(loadTail(x + body, r)));
  return max(max(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), max(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
}

/** x *= s in place. */
export function clipScale(x: usize, n: i32, s: f32): void {
  const sv = f32x4.splat(s);
  const body = bodyBytes(n);
  for (let o: usize = 0; o < body; o += 16) v128.store(x + o, f32x4.mul(v128.load(x + o), sv));
  const r = n & 3;
  if (r != 0) storeTail(x + body, f32x4.mul(loadTail(x + body, r), sv), r);
}

/** x = min(max(x, lo), hi) in place (NaN stays NaN; hi wins when lo > hi, as torch.clamp). */
export function clipClamp(x: usize, n: i32, lo: f32, hi: f32): void {
  const l = f32x4.splat(lo);
  const h = f32x4.splat(hi);
  const body = bodyBytes(n);
  for (let o: usize = 0; o < body; o += 16) v128.store(x + o, f32x4.min(f32x4.max(v128.load(x + o), l), h));
  const r = n & 3;
  if (r != 0) storeTail(x + body, f32x4.min(f32x4.max(loadTail(x + body, r), l), h), r);
}
