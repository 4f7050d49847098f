// Vectorised single-precision transcendentals for use inside kernels:
//   vexp, vexpm1, vlog, vlog1p, vtanh, vsigmoid, verf   (f32x4 -> f32x4)
// There are no scalar twins: kernels finish a row with one partial vector
// (lanes.ts), so an element gets the same bits in the SIMD body and in the
// tail, and results never depend on the host's Math. Accuracy is within 2 ulp of the
// true value (tests/kernels/vmath.test.mjs measures it against f64 Math).
// NaN propagates; +-Inf and subnormals follow C99 (exp(-Inf) = 0, log(0) = -Inf).
//
// Polynomial coefficients are least-squares fits on Chebyshev nodes (made for
// this file, rounded to f32); see the comment at each polynomial. Every
// constant lives in a static table read with vconst (consts.ts: V8 would
// rebuild a literal vector on every loop iteration).
import { HALF, INF, ONE, vconst } from "./consts";

// x = n*ln2 + r with |r| <= ln2/2. LN2_HI has 9 significant bits, so n*LN2_HI
// is exact for every |n| <= 150 and r loses nothing in the subtraction.
const LOG2E = memory.data<f32>([1.44269504]);
const LN2_HI = memory.data<f32>([0.693359375]);
const LN2_LO = memory.data<f32>([-2.12194440e-4]);

const TWO = memory.data<f32>([2]);
const NEG_INF = memory.data<f32>([-Infinity]);
const NAN = memory.data<f32>([NaN]);
const SIGN_BIT = memory.data<u32>([0x80000000]);
const EXPONENT_BIAS = memory.data<i32>([127]);

@inline function reduceN(x: v128): v128 {
  return f32x4.nearest(f32x4.mul(x, vconst(LOG2E)));
}

@inline function reduceR(x: v128, n: v128): v128 {
  return f32x4.sub(f32x4.sub(x, f32x4.mul(n, vconst(LN2_HI))), f32x4.mul(n, vconst(LN2_LO)));
}

// expm1(r) = r + r^2 * Q(r) on |r| <= ln2/2 (fit error of Q: 4e-9).
const EXPM1_Q = memory.data<f32>([1.9899276e-4, 1.3933644e-3, 8.3332984e-3, 4.1666467e-2, 1.6666667e-1, 0.5]);

@inline function expm1Reduced(r: v128): v128 {
  let q = f32x4.add(f32x4.mul(vconst(EXPM1_Q, 0), r), vconst(EXPM1_Q, 1));
  q = f32x4.add(f32x4.mul(q, r), vconst(EXPM1_Q, 2));
  q = f32x4.add(f32x4.mul(q, r), vconst(EXPM1_Q, 3));
  q = f32x4.add(f32x4.mul(q, r), vconst(EXPM1_Q, 4));
  q = f32x4.add(f32x4.mul(q, r), vconst(EXPM1_Q, 5));
  return f32x4.add(f32x4.mul(f32x4.mul(r, r), q), r);
}

// 2^n for integer lanes n in [-126, 127], built from the exponent bits.
@inline function pow2(n: v128): v128 {
  return i32x4.shl(i32x4.add(n, vconst(EXPONENT_BIAS)), 23);
}

// Clamping keeps n in [-150, 128]; beyond it the result is 0 or Inf anyway.
const EXP_MAX = memory.data<f32>([89]);
const EXP_MIN = memory.data<f32>([-104]);

/** e^x. */
@inline export function vexp(x: v128): v128 {
  const xc = f32x4.max(f32x4.min(x, vconst(EXP_MAX)), vconst(EXP_MIN));
  const n = reduceN(xc);
  const p = f32x4.add(expm1Reduced(reduceR(xc, n)), vconst(ONE));
  // Scale in two halves so results that are subnormal or near overflow stay exact.
  const ni = i32x4.trunc_sat_f32x4_s(n);
  const n1 = i32x4.shr_s(ni, 1);
  return f32x4.mul(f32x4.mul(p, pow2(n1)), pow2(i32x4.sub(ni, n1)));
}

// expm1 = (2^n - 1) + 2^n * expm1(r): both terms are exact enough for n <= 29;
// above x = 20 the -1 is below half an ulp of e^x.
const EXPM1_MAX = memory.data<f32>([20]);
const EXPM1_MIN = memory.data<f32>([-30]);

/** e^x - 1, accurate near 0. */
@inline export function vexpm1(x: v128): v128 {
  const xs = f32x4.max(f32x4.min(x, vconst(EXPM1_MAX)), vconst(EXPM1_MIN));
  const n = reduceN(xs);
  const s = pow2(i32x4.trunc_sat_f32x4_s(n));
  const small = f32x4.add(f32x4.sub(s, vconst(ONE)), f32x4.mul(s, expm1Reduced(reduceR(xs, n))));
  return v128.bitselect(vexp(x), small, f32x4.gt(x, vconst(EXPM1_MAX)));
}

// Subnormals (below MIN_NORMAL) are scaled by 2^23 into the normal range first.
const MIN_NORMAL = memory.data<f32>([1.17549435e-38]);
const TWO_POW_23 = memory.data<f32>([8388608]);
const MINUS_23 = memory.data<i32>([-23]);
// x = 2^k * m with m in [sqrt(1/2), sqrt(2)): the bits of sqrt(1/2) and the mantissa mask.
const SQRT1_2_BITS = memory.data<i32>([0x3f3504f3]);
const MANTISSA = memory.data<i32>([0x007fffff]);
// R = 2z/3 + 2z^2/5 + 2z^3/7 + 2z^4/9, highest power first.
const LOG_R = memory.data<f32>([0.22222222, 0.28571429, 0.4, 0.66666667]);

/** Natural logarithm. */
@inline export function vlog(x: v128): v128 {
  const tiny = f32x4.lt(x, vconst(MIN_NORMAL));
  const xn = v128.bitselect(f32x4.mul(x, vconst(TWO_POW_23)), x, tiny);
  const ix = i32x4.sub(xn, vconst(SQRT1_2_BITS));
  const k = i32x4.add(i32x4.shr_s(ix, 23), v128.and(tiny, vconst(MINUS_23)));
  const m = i32x4.add(v128.and(ix, vconst(MANTISSA)), vconst(SQRT1_2_BITS));
  const f = f32x4.sub(m, vconst(ONE));
  const dk = f32x4.convert_i32x4_s(k);
  // log(1+f) = f - f^2/2 + s*(f^2/2 + R) with s = f/(2+f), z = s^2 and
  // R as above (|z| < 0.03, so the series is enough).
  const s = f32x4.div(f, f32x4.add(f, vconst(TWO)));
  const z = f32x4.mul(s, s);
  let r = f32x4.add(f32x4.mul(z, vconst(LOG_R, 0)), vconst(LOG_R, 1));
  r = f32x4.add(f32x4.mul(r, z), vconst(LOG_R, 2));
  r = f32x4.add(f32x4.mul(r, z), vconst(LOG_R, 3));
  r = f32x4.mul(r, z);
  const hfsq = f32x4.mul(vconst(HALF), f32x4.mul(f, f));
  let y = f32x4.add(f32x4.mul(s, f32x4.add(hfsq, r)), f32x4.mul(dk, vconst(LN2_LO)));
  y = f32x4.add(f32x4.add(f32x4.sub(y, hfsq), f), f32x4.mul(dk, vconst(LN2_HI)));
  // log(0) = -Inf, log(Inf) = Inf, log(x < 0) = log(NaN) = NaN.
  const inf = vconst(INF);
  const zero = f32x4.splat(0);
  const special = v128.bitselect(vconst(NEG_INF), v128.bitselect(inf, vconst(NAN), f32x4.eq(x, inf)), f32x4.eq(x, zero));
  return v128.bitselect(y, special, v128.and(f32x4.gt(x, zero), f32x4.lt(x, inf)));
}

/** log(1 + x), accurate near 0. */
@inline export function vlog1p(x: v128): v128 {
  // u = 1 + x rounds; (x - (u - 1)) / u corrects log(u) to first order for the lost bits.
  // At u = 0 and u = Inf the correction is 0/0 or Inf/Inf and log(u) is the answer.
  const one = vconst(ONE);
  const u = f32x4.add(x, one);
  const lu = vlog(u);
  const y = f32x4.add(lu, f32x4.div(f32x4.sub(x, f32x4.sub(u, one)), u));
  return v128.bitselect(lu, y, v128.or(f32x4.eq(u, f32x4.splat(0)), f32x4.eq(u, vconst(INF))));
}

// |x| < TANH_SMALL: tanh|x| = |x| + |x|^3 * T(x^2) (fit error of T: 1e-9).
const TANH_SMALL = memory.data<f32>([0.625]);
const TANH_T = memory.data<f32>([2.1536245e-3, -8.189983e-3, 2.1706266e-2, -5.3947892e-2, 1.3333216e-1, -3.333333e-1]);

/** Hyperbolic tangent. */
@inline export function vtanh(x: v128): v128 {
  const a = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let t = f32x4.add(f32x4.mul(vconst(TANH_T, 0), z), vconst(TANH_T, 1));
  t = f32x4.add(f32x4.mul(t, z), vconst(TANH_T, 2));
  t = f32x4.add(f32x4.mul(t, z), vconst(TANH_T, 3));
  t = f32x4.add(f32x4.mul(t, z), vconst(TANH_T, 4));
  t = f32x4.add(f32x4.mul(t, z), vconst(TANH_T, 5));
  const small = f32x4.add(f32x4.mul(f32x4.mul(z, a), t), a);
  // Otherwise tanh|x| = 1 - 2/(e^(2|x|) + 1), which has no cancellation there.
  const one = vconst(ONE);
  const big = f32x4.sub(one, f32x4.div(vconst(TWO), f32x4.add(vexp(f32x4.add(a, a)), one)));
  // Both branches give |tanh x|; the sign is copied so that tanh(-0) = -0.
  return v128.or(v128.bitselect(small, big, f32x4.lt(a, vconst(TANH_SMALL))), v128.and(x, vconst(SIGN_BIT)));
}

/** Logistic sigmoid 1/(1 + e^-x); 0 below x = -88.7 where e^-x overflows, as PyTorch computes it. */
@inline export function vsigmoid(x: v128): v128 {
  const one = vconst(ONE);
  return f32x4.div(one, f32x4.add(one, vexp(f32x4.neg(x))));
}

// |x| < 1: erf(x) = x + x * E(x^2) (fit error of E: 4e-9). Fitting
// erf(x)/x - 1 rather than erf(x)/x keeps 2/sqrt(pi)'s f32 rounding out.
const ERF_E = memory.data<f32>([7.8982019e-5, -8.0243516e-4, 5.1900530e-3, -2.6854808e-2, 1.1283612e-1, -3.7612629e-1, 1.2837917e-1]);
// 1 <= |x|: erf = 1 - e^(-x^2) * C(1/|x|), where C(t) fits erfc(x)e^(x^2)
// on [1, ERF_MAX] (weighted error 6e-9). Past it the f32 result is exactly 1.
const ERF_MAX = memory.data<f32>([4]);
const ERF_C = memory.data<f32>([-1.8303933e-2, 1.2147861e-1, -3.5260856e-1, 5.6996095e-1, -4.9916551e-1, 4.7169194e-2, 5.5882478e-1, 2.2802656e-4]);

/** Error function. */
@inline export function verf(x: v128): v128 {
  const a = f32x4.abs(x);
  const one = vconst(ONE);
  const z = f32x4.mul(x, x);
  let e = f32x4.add(f32x4.mul(vconst(ERF_E, 0), z), vconst(ERF_E, 1));
  e = f32x4.add(f32x4.mul(e, z), vconst(ERF_E, 2));
  e = f32x4.add(f32x4.mul(e, z), vconst(ERF_E, 3));
  e = f32x4.add(f32x4.mul(e, z), vconst(ERF_E, 4));
  e = f32x4.add(f32x4.mul(e, z), vconst(ERF_E, 5));
  e = f32x4.add(f32x4.mul(e, z), vconst(ERF_E, 6));
  const small = f32x4.add(f32x4.mul(x, e), x);
  const ac = f32x4.min(a, vconst(ERF_MAX));
  const t = f32x4.div(one, ac);
  let c = f32x4.add(f32x4.mul(vconst(ERF_C, 0), t), vconst(ERF_C, 1));
  c = f32x4.add(f32x4.mul(c, t), vconst(ERF_C, 2));
  c = f32x4.add(f32x4.mul(c, t), vconst(ERF_C, 3));
  c = f32x4.add(f32x4.mul(c, t), vconst(ERF_C, 4));
  c = f32x4.add(f32x4.mul(c, t), vconst(ERF_C, 5));
  c = f32x4.add(f32x4.mul(c, t), vconst(ERF_C, 6));
  c = f32x4.add(f32x4.mul(c, t), vconst(ERF_C, 7));
  const big = f32x4.sub(one, f32x4.mul(vexp(f32x4.neg(f32x4.mul(ac, ac))), c));
  const signed = v128.or(big, v128.and(x, vconst(SIGN_BIT)));
  return v128.bitselect(small, signed, f32x4.lt(a, one));
}
