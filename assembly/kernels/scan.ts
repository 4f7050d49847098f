// Validation scans the host runs before (or after) a kernel to turn bad data
// into an error that names the offending element. Each returns the index of
// the first bad element, or -1.
import { INF, vconst } from "./consts";

/** First NaN in f32[0..n). */
export function firstNaN(p: usize, n: i32): i32 {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(p + (<usize>i << 2));
    if (v128.any_true(f32x4.ne(v, v))) break;
  }
  for (; i < n; i++) {
    const x = load<f32>(p + (<usize>i << 2));
    if (x != x) return i;
  }
  return -1;
}

/** First element of f32[0..n) that is not finite (NaN or ±Inf). */
export function firstNonFinite(p: usize, n: i32): i32 {
  const inf = vconst(INF);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    // |x| < inf is false exactly for NaN and ±Inf.
    if (!i32x4.all_true(f32x4.lt(f32x4.abs(v128.load(p + (<usize>i << 2))), inf))) break;
  }
  for (; i < n; i++) {
    if (!(abs<f32>(load<f32>(p + (<usize>i << 2))) < Infinity)) return i;
  }
  return -1;
}

/** First element of f32[0..n) outside [lo, hi]; NaN counts as outside. */
export function firstOutside(p: usize, n: i32, lo: f32, hi: f32): i32 {
  const vl = f32x4.splat(lo);
  const vh = f32x4.splat(hi);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(p + (<usize>i << 2));
    if (!i32x4.all_true(v128.and(f32x4.ge(v, vl), f32x4.le(v, vh)))) break;
  }
  for (; i < n; i++) {
    const x = load<f32>(p + (<usize>i << 2));
    if (!(x >= lo && x <= hi)) return i;
  }
  return -1;
}

/** First class index in i32[0..n) outside [0, c) that is not `ignoreIndex`. */
export function firstBadClass(p: usize, n: i32, c: i32, ignoreIndex: i32): i32 {
  // Unsigned t >= c catches negative indices too.
  const vc = i32x4.splat(c);
  const vi = i32x4.splat(ignoreIndex);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(p + (<usize>i << 2));
    if (v128.any_true(v128.and(i32x4.ge_u(v, vc), i32x4.ne(v, vi)))) break;
  }
  for (; i < n; i++) {
    const t = load<i32>(p + (<usize>i << 2));
    if (<u32>t >= <u32>c && t != ignoreIndex) return i;
  }
  return -1;
}
