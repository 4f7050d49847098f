// Shared pieces of the fused optimizer updates.
//
// PyTorch's CPU kernels compute `add(other, alpha=)` and `addcmul` with a
// fused multiply-add (AVX2 / NEON `fmadd`, in the vector body and the scalar
// tail alike), so `a*b + c` is rounded once. WebAssembly SIMD has FMA only in
// relaxed SIMD, whose results differ between engines, so it is done in f64
// here: the product of two f32 is exact in f64 and the sum, rounded to f64 and
// then to f32, equals the singly-rounded result except on a double-rounding
// tie (about one case in 2^29). Every engine computes the same bits.

/** Lanes 0 and 1 of an f32x4 as f64x2. */
@inline export function low64(x: v128): v128 {
  return f64x2.promote_low_f32x4(x);
}

/** Lanes 2 and 3 of an f32x4 as f64x2. */
@inline export function high64(x: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1));
}

/** Two f64x2 halves rounded back into one f32x4. */
@inline function join32(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/**
 * a*b + c per lane, rounded once to f32 (see above). The opt-in relaxed-SIMD
 * build uses the hardware FMA instead: PyTorch's own instruction where the CPU
 * has one, but an engine may also multiply and add in two roundings.
 */
@inline export function fma4(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return join32(f64x2.add(f64x2.mul(low64(a), low64(b)), low64(c)), f64x2.add(f64x2.mul(high64(a), high64(b)), high64(c)));
}

/** a*s + c per lane for a scalar s, rounded once: fma4 with the splat's conversion saved. */
@inline export function fmaScalar4(a: v128, s: f32, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, f32x4.splat(s), c);
  return fmaSplat4(a, f64x2.splat(<f64>s), c);
}

/**
 * fmaScalar4 with s given as `f64x2.splat(<f64>s)`. V8 does not hoist splats
 * out of loops, so the hottest kernels splat their scalars once per call and
 * use this form (and the `*Splat` forms below) inside the loop.
 */
@inline export function fmaSplat4(a: v128, sv: v128, c: v128): v128 {
  // sv holds an f32 value, so narrowing it back is exact.
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, v128.shuffle<f32>(f32x4.demote_f64x2_zero(sv), sv, 0, 0, 0, 0), c);
  return join32(f64x2.add(f64x2.mul(low64(a), sv), low64(c)), f64x2.add(f64x2.mul(high64(a), sv), high64(c)));
}

/** `prev·beta + (1 − beta)·x` as PyTorch's `prev.mul_(beta).add_(x, alpha=1 - beta)`. */
@inline export function movingAverage(prev: v128, x: v128, beta: f32, oneMinusBeta: f32): v128 {
  return movingAverageSplat(prev, x, f32x4.splat(beta), f64x2.splat(<f64>oneMinusBeta));
}

/** movingAverage with beta as an f32x4 splat and 1 − beta as an f64x2 splat. */
@inline export function movingAverageSplat(prev: v128, x: v128, beta: v128, oneMinusBeta: v128): v128 {
  return fmaSplat4(x, oneMinusBeta, f32x4.mul(prev, beta));
}

/** `prev·beta + (1 − beta)·x²` as PyTorch's `prev.mul_(beta).addcmul_(x, x, value=1 - beta)`. */
@inline export function movingSquare(prev: v128, x: v128, beta: f32, oneMinusBeta: f32): v128 {
  return movingSquareSplat(prev, x, f32x4.splat(beta), f32x4.splat(oneMinusBeta));
}

/** movingSquare with beta and 1 − beta as f32x4 splats. */
@inline export function movingSquareSplat(prev: v128, x: v128, beta: v128, oneMinusBeta: v128): v128 {
  return fma4(f32x4.mul(x, oneMinusBeta), x, f32x4.mul(prev, beta));
}

/** Adam's moment updates in place: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g². */
@inline export function updateMoments(mp: usize, vp: usize, g: v128, beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32): void {
  v128.store(mp, movingAverage(v128.load(mp), g, beta1, oneMinusBeta1));
  v128.store(vp, movingSquare(v128.load(vp), g, beta2, oneMinusBeta2));
}

/** The gradient as the update sees it: negated when maximizing, plus the L2 penalty `weightDecay * param` when non-zero. */
@inline export function effectiveGrad(g: v128, p: v128, weightDecay: f32, maximize: i32): v128 {
  let d = maximize != 0 ? f32x4.neg(g) : g;
  if (weightDecay != 0) d = fmaScalar4(p, weightDecay, d);
  return d;
}
