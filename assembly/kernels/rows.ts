// Inline row helpers (sum, dot, max of a contiguous f32 row) shared by the
// reduction, softmax and normalisation kernels. Kept out of the export surface.
import { bodyBytes } from "./lanes";

@inline export function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** Sum of n values at p. */
@inline export function rowSum(p: usize, n: i32): f32 {
  const t = bodyBytes(n);
  let acc = f32x4.splat(0);
  for (let o: usize = 0; o < t; o += 16) acc = f32x4.add(acc, v128.load(p + o));
  let s = hsum(acc);
  for (let o = t; o < (<usize>n << 2); o += 4) s += load<f32>(p + o);
  return s;
}

/** Dot product of n values at a and b. */
@inline export function rowDot(a: usize, b: usize, n: i32): f32 {
  const t = bodyBytes(n);
  let acc = f32x4.splat(0);
  for (let o: usize = 0; o < t; o += 16) acc = f32x4.add(acc, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  let s = hsum(acc);
  for (let o = t; o < (<usize>n << 2); o += 4) s += load<f32>(a + o) * load<f32>(b + o);
  return s;
}

/** Largest of n values at p (-Inf for n = 0; NaN if any value is NaN). */
@inline export function rowMax(p: usize, n: i32): f32 {
  const t = bodyBytes(n);
  let acc = f32x4.splat(-Infinity);
  for (let o: usize = 0; o < t; o += 16) acc = f32x4.max(acc, v128.load(p + o));
  let m = max(max(f32x4.extract_lane(acc, 0), f32x4.extract_lane(acc, 1)), max(f32x4.extract_lane(acc, 2), f32x4.extract_lane(acc, 3)));
  for (let o = t; o < (<usize>n << 2); o += 4) m = max(m, load<f32>(p + o));
  return m;
}
