// The last 1-3 elements of a row as a partial vector. Kernels run their lane
// operation on it exactly as in the SIMD body, so a tail element gets the same
// bits as it would at any other position. Unused lanes read as zero and are
// never stored.

@inline export function loadTail(p: usize, count: i32): v128 {
  let v = f32x4.replace_lane(f32x4.splat(0), 0, load<f32>(p));
  if (count > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (count > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

@inline export function storeTail(p: usize, v: v128, count: i32): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (count > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (count > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** Byte length of the whole-vector part of an n-element row. */
@inline export function bodyBytes(n: i32): usize {
  return <usize>(n & ~3) << 2;
}

/** Four lanes, or the first `count` when fewer remain (column-chunk loops). */
@inline export function loadN(p: usize, count: i32): v128 {
  return count >= 4 ? v128.load(p) : loadTail(p, count);
}

@inline export function storeN(p: usize, v: v128, count: i32): void {
  if (count >= 4) v128.store(p, v);
  else storeTail(p, v, count);
}

/** Four lanes at byte offset o of an optional vector: `fallback` when its pointer p is 0. */
@inline export function loadOr(p: usize, o: usize, count: i32, fallback: v128): v128 {
  return p != 0 ? loadN(p + o, count) : fallback;
}

// Lane numbers 0..3, loaded rather than written as a constant vector (see consts.ts).
const LANE_NUMBERS = memory.data<i32>([0, 1, 2, 3]);

/** All-ones in the lanes below `count` (4 or more: every lane), zero above. */
@inline export function laneMask(count: i32): v128 {
  return i32x4.lt_s(v128.load(LANE_NUMBERS), i32x4.splat(count));
}
