// Sums of f32 values accumulated in f64. A loss over a large batch adds up
// millions of terms; f32 accumulators would lose digits that PyTorch's
// cascade sum keeps. Callers keep two f64x2 accumulators (low and high
// lanes of each f32x4) and fold them at the end.

@inline export function addLow(acc: v128, v: v128): v128 {
  return f64x2.add(acc, f64x2.promote_low_f32x4(v));
}

@inline export function addHigh(acc: v128, v: v128): v128 {
  return f64x2.add(acc, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)));
}

@inline export function fold(lo: v128, hi: v128): f64 {
  return f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1) + (f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1));
}
