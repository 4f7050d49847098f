// The truncated normal distribution as Optuna 3.1's TPE computes it
// (optuna/samplers/_tpe/_truncnorm.py, itself after SciPy): log-space tail
// masses for accuracy far from the mean, and the quantile function found by
// bisection on log Φ. Standardised bounds: a = (low − loc)/scale, b = (high − loc)/scale.
import { erf, erfc, log, log1p, exp } from "../../../runtime/math.js";
import { logAddExp } from "../numeric.js";

const SQRT2 = Math.SQRT2;
const LOG_SQRT_2PI = 0.9189385332046727; // log √(2π)

/** Φ(a), the standard normal CDF, accurate in both tails. */
export function ndtr(a: number): number {
  const x = a / SQRT2;
  if (x < -1 / SQRT2) return 0.5 * erfc(-x);
  if (x < 1 / SQRT2) return 0.5 + 0.5 * erf(x);
  return 1.0 - 0.5 * erfc(x);
}

/** log Φ(a): direct above −20, an asymptotic series below, −Φ(−a) above 6. */
export function logNdtr(a: number): number {
  if (a > 6) return -ndtr(-a);
  if (a > -20) return log(ndtr(a));
  const logLhs = -0.5 * a * a - log(-a) - LOG_SQRT_2PI;
  let last = 0;
  let rhs = 1;
  let numerator = 1;
  let denomFactor = 1;
  const denomCons = 1 / (a * a);
  let sign = 1;
  for (let i = 1; Math.abs(last - rhs) > Number.EPSILON; i++) {
    last = rhs;
    sign = -sign;
    denomFactor *= denomCons;
    numerator *= 2 * i - 1;
    rhs += sign * numerator * denomFactor;
  }
  return logLhs + log(rhs);
}

/** log(e^p − e^q) for p ≥ q. */
function logDiff(p: number, q: number): number {
  return p + log1p(-exp(q - p));
}

/** log of the standard normal mass in [a, b], computed in the left tail (by symmetry) for accuracy. */
export function logGaussMass(a: number, b: number): number {
  if (b <= 0) return logDiff(logNdtr(b), logNdtr(a));
  if (a > 0) return logDiff(logNdtr(-a), logNdtr(-b));
  // Central: 1 − Φ(a) − Φ(−b) without the cancellation of subtracting two tails.
  return log1p(-(0.5 + 0.5 * erf(a / SQRT2)) - (0.5 + 0.5 * erf(-b / SQRT2)));
}

/** Optuna's bisection for Φ⁻¹(exp(y)): 100 halvings of [−100, 100]. */
function ndtriExp(y: number): number {
  let a = -100;
  let b = 100;
  if (logNdtr(a) > y) [a, b] = [b, a];
  let m = 0;
  for (let i = 0; i < 100; i++) {
    m = (a + b) / 2;
    if (logNdtr(m) < y) a = m;
    else b = m;
  }
  return m;
}

/** Quantile of the standard normal truncated to [a, b] at probability q. */
export function ppf(q: number, a: number, b: number): number {
  if (a === b) return NaN;
  if (q === 0) return a;
  if (q === 1) return b;
  if (a < 0) return ndtriExp(logAddExp(logNdtr(a), log(q) + logGaussMass(a, b)));
  return -ndtriExp(logAddExp(logNdtr(-b), log1p(-q) + logGaussMass(a, b)));
}

/**
 * Log density of the normal(loc, scale) truncated to standardised [a, b] at x,
 * as Optuna 3.1 computes it: without the −log(scale) term, which Optuna 3.1
 * omits (kept for parity; it shifts each kernel by its own bandwidth).
 */
export function logpdf(x: number, a: number, b: number, loc: number, scale: number): number {
  if (a === b) return NaN;
  const z = (x - loc) / scale;
  if (z < a || b < z) return -Infinity;
  return -(z * z) / 2 - LOG_SQRT_2PI - logGaussMass(a, b);
}
