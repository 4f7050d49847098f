// Elementwise losses of input x against target y: the regression losses
// (MSE, L1, Huber, smooth L1 on d = x - y), the binary ones (BCE on
// probabilities, BCE with logits), the KL divergence and the Poisson NLL.
//
//   *LossForward(..., out, n) -> Σ w·loss      (out != 0: also writes each w·loss)
//   *LossBackward(..., gout, scale, gx, n)     gx = scale · w · loss' · (gout ? gout[i] : 1)
//
// w (per-element weight) and pw (BCE's pos_weight, already broadcast to x's
// shape by the host) are pointers, 0 when absent; p is Huber's delta, smooth
// L1's beta or the Poisson NLL's eps. One skeleton serves every loss: each
// export passes a constant `kind`, and after inlining the optimizer folds the
// `kind` branches away. The
// scalar tail runs the same f32x4 formula on one lane (loaded with
// load32_zero), so an element's result never depends on whether it fell in
// the SIMD body or the tail. Formulas follow PyTorch's CPU kernels, including
// their boundary cases (smooth L1 with beta = 0 has gradient -1 at d = 0; BCE
// clamps log at -100 and divides its gradient by max(x(1-x), 1e-12)).
import { HALF, ONE, vconst } from "./consts";
import { addHigh, addLow, fold } from "./lanesum";
import { vexp, vlog, vsigmoid } from "./vmath";

const MSE = 0;
const L1 = 1;
const HUBER = 2;
const SMOOTH_L1 = 3;
const BCE = 4;
const BCE_LOGITS = 5;
const KL_DIV = 6;
const KL_DIV_LOG_TARGET = 7;
const POISSON_LOG_INPUT = 8;
const POISSON = 9;
const STIRLING = 10;

// Constants are read with vconst inside the loops (see consts.ts).
const TWO_PI = memory.data<f32>([6.28318531]);
// BCE's floor under log and under its gradient's divisor.
const BCE_LOG_MIN = memory.data<f32>([-100]);
const BCE_GRAD_EPS = memory.data<f32>([1e-12]);

// Stirling's approximation of log(y!), y·log y - y + ½·log(2πy), taken as 0 for
// y <= 1 (PyTorch's `full` Poisson NLL term). It does not depend on the input,
// so it has no gradient.
@inline function stirling(y: v128): v128 {
  const t = f32x4.add(f32x4.sub(f32x4.mul(y, vlog(y)), y), f32x4.mul(vconst(HALF), vlog(f32x4.mul(vconst(TWO_PI), y))));
  return v128.and(t, f32x4.gt(y, vconst(ONE)));
}

@inline function lossOf(kind: i32, x: v128, y: v128, pw: v128, hasPw: bool, p: f32): v128 {
  if (kind == STIRLING) return stirling(y);
  // KL divergence: xlogy(y, y) - y·x (0·log 0 = 0), or e^y·(y - x) for log-space targets.
  if (kind == KL_DIV) return f32x4.sub(v128.andnot(f32x4.mul(y, vlog(y)), f32x4.eq(y, f32x4.splat(0))), f32x4.mul(y, x));
  if (kind == KL_DIV_LOG_TARGET) return f32x4.mul(vexp(y), f32x4.sub(y, x));
  // Poisson NLL without the constant log(y!): e^x - y·x for log rates, x - y·log(x + eps) for rates.
  if (kind == POISSON_LOG_INPUT) return f32x4.sub(vexp(x), f32x4.mul(y, x));
  if (kind == POISSON) return f32x4.sub(x, f32x4.mul(y, vlog(f32x4.add(x, f32x4.splat(p)))));
  if (kind == BCE) {
    const lo = vconst(BCE_LOG_MIN), one = vconst(ONE);
    const logx = f32x4.max(vlog(x), lo);
    const log1mx = f32x4.max(vlog(f32x4.sub(one, x)), lo);
    return f32x4.sub(f32x4.mul(f32x4.sub(y, one), log1mx), f32x4.mul(y, logx));
  }
  if (kind == BCE_LOGITS) {
    // (1 - y)·x + lw·(m + log(e^-m + e^(-x-m))) with m = max(-x, 0): no exp overflows.
    const m = f32x4.max(f32x4.neg(x), f32x4.splat(0));
    const lse = f32x4.add(vlog(f32x4.add(vexp(f32x4.neg(m)), vexp(f32x4.sub(f32x4.neg(x), m)))), m);
    const one = vconst(ONE);
    const lin = f32x4.mul(f32x4.sub(one, y), x);
    if (!hasPw) return f32x4.add(lin, lse);
    const lw = f32x4.add(f32x4.mul(f32x4.sub(pw, one), y), one);
    return f32x4.add(lin, f32x4.mul(lw, lse));
  }
  const d = f32x4.sub(x, y);
  if (kind == MSE) return f32x4.mul(d, d);
  const z = f32x4.abs(d);
  if (kind == L1) return z;
  const half = vconst(HALF);
  const pv = f32x4.splat(p);
  const quad = f32x4.mul(f32x4.mul(half, z), z);
  const lin = f32x4.sub(z, f32x4.mul(half, pv));
  const inside = f32x4.lt(z, pv);
  if (kind == HUBER) return v128.bitselect(quad, f32x4.mul(pv, lin), inside);
  // beta = 0 leaves no lane inside, so the 0/0 lanes are never selected.
  return v128.bitselect(f32x4.div(quad, pv), lin, inside);
}

@inline function gradOf(kind: i32, x: v128, y: v128, pw: v128, hasPw: bool, p: f32): v128 {
  if (kind == KL_DIV) return f32x4.neg(y);
  if (kind == KL_DIV_LOG_TARGET) return f32x4.neg(vexp(y));
  if (kind == POISSON_LOG_INPUT) return f32x4.sub(vexp(x), y);
  const one = vconst(ONE);
  if (kind == POISSON) return f32x4.sub(one, f32x4.div(y, f32x4.add(x, f32x4.splat(p))));
  if (kind == BCE) return f32x4.div(f32x4.sub(x, y), f32x4.max(f32x4.mul(f32x4.sub(one, x), x), vconst(BCE_GRAD_EPS)));
  if (kind == BCE_LOGITS) {
    const s = vsigmoid(x);
    if (!hasPw) return f32x4.sub(s, y);
    const t = f32x4.mul(pw, y);
    return f32x4.sub(f32x4.mul(f32x4.sub(f32x4.add(t, one), y), s), t);
  }
  const d = f32x4.sub(x, y);
  if (kind == MSE) return f32x4.add(d, d);
  const zero = f32x4.splat(0);
  if (kind == L1) return f32x4.sub(v128.and(f32x4.gt(d, zero), one), v128.and(f32x4.lt(d, zero), one));
  const pv = f32x4.splat(p);
  if (kind == HUBER) return f32x4.min(f32x4.max(d, f32x4.neg(pv)), pv);
  if (p == 0) return v128.bitselect(f32x4.neg(one), one, f32x4.le(d, zero));
  return f32x4.min(f32x4.max(f32x4.div(d, pv), f32x4.neg(one)), one);
}

// Loads four elements at byte offset o, or one (the rest zero) in the tail.
@inline function at(p: usize, o: usize, lane: bool): v128 {
  return lane ? v128.load32_zero(p + o) : v128.load(p + o);
}

@inline function optional(p: usize, o: usize, lane: bool): v128 {
  return p != 0 ? at(p, o, lane) : vconst(ONE);
}

@inline function weightedLoss(kind: i32, x: usize, y: usize, w: usize, pw: usize, o: usize, lane: bool, p: f32): v128 {
  const l = lossOf(kind, at(x, o, lane), at(y, o, lane), optional(pw, o, lane), pw != 0, p);
  return w != 0 ? f32x4.mul(l, at(w, o, lane)) : l;
}

// accumulate: add each loss into out instead of overwriting it.
@inline function forward(kind: i32, x: usize, y: usize, w: usize, pw: usize, out: usize, n: i32, p: f32, accumulate: bool = false): f64 {
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const l = weightedLoss(kind, x, y, w, pw, o, false, p);
    if (out != 0) v128.store(out + o, accumulate ? f32x4.add(v128.load(out + o), l) : l);
    lo = addLow(lo, l);
    hi = addHigh(hi, l);
  }
  let s = fold(lo, hi);
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const l = weightedLoss(kind, x, y, w, pw, o, true, p);
    if (out != 0) v128.store32_lane(out + o, accumulate ? f32x4.add(v128.load32_zero(out + o), l) : l, 0);
    s += <f64>f32x4.extract_lane(l, 0);
  }
  return s;
}

@inline function scaledGrad(kind: i32, x: usize, y: usize, w: usize, pw: usize, gout: usize, scale: v128, o: usize, lane: bool, p: f32): v128 {
  const g = gradOf(kind, at(x, o, lane), at(y, o, lane), optional(pw, o, lane), pw != 0, p);
  return f32x4.mul(f32x4.mul(f32x4.mul(g, scale), optional(w, o, lane)), optional(gout, o, lane));
}

@inline function backward(kind: i32, x: usize, y: usize, w: usize, pw: usize, gout: usize, scale: f32, gx: usize, n: i32, p: f32): void {
  const sv = f32x4.splat(scale);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(gx + o, scaledGrad(kind, x, y, w, pw, gout, sv, o, false, p));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    v128.store32_lane(gx + o, scaledGrad(kind, x, y, w, pw, gout, sv, o, true, p), 0);
  }
}

// The exports the host picks per loss (regression, KL, Poisson) all take p (Huber's delta, smooth L1's
// beta, the Poisson NLL's eps; unused by the others), so one signature, parameter names included, serves them.
export function mseLossForward(x: usize, y: usize, out: usize, n: i32, p: f32): f64 {
  return forward(MSE, x, y, 0, 0, out, n, p);
}
export function mseLossBackward(x: usize, y: usize, gout: usize, scale: f32, gx: usize, n: i32, p: f32): void {
  backward(MSE, x, y, 0, 0, gout, scale, gx, n, p);
}
export function l1LossForward(x: usize, y: usize, out: usize, n: i32, p: f32): f64 {
  return forward(L1, x, y, 0, 0, out, n, p);
}
export function l1LossBackward(x: usize, y: usize, gout: usize, scale: f32, gx: usize, n: i32, p: f32): void {
  backward(L1, x, y, 0, 0, gout, scale, gx, n, p);
}
export function huberLossForward(x: usize, y: usize, out: usize, n: i32, p: f32): f64 {
  return forward(HUBER, x, y, 0, 0, out, n, p);
}
export function huberLossBackward(x: usize, y: usize, gout: usize, scale: f32, gx: usize, n: i32, p: f32): void {
  backward(HUBER, x, y, 0, 0, gout, scale, gx, n, p);
}
export function smoothL1LossForward(x: usize, y: usize, out: usize, n: i32, p: f32): f64 {
  return forward(SMOOTH_L1, x, y, 0, 0, out, n, p);
}
export function smoothL1LossBackward(x: usize, y: usize, gout: usize, scale: f32, gx: usize, n: i32, p: f32): void {
  backward(SMOOTH_L1, x, y, 0, 0, gout, scale, gx, n, p);
}
export function bceLossForward(x: usize, y: usize, w: usize, out: usize, n: i32): f64 {
  return forward(BCE, x, y, w, 0, out, n, 0);
}
export function bceLossBackward(x: usize, y: usize, w: usize, gout: usize, scale: f32, gx: usize, n: i32): void {
  backward(BCE, x, y, w, 0, gout, scale, gx, n, 0);
}
export function bceWithLogitsLossForward(x: usize, y: usize, w: usize, pw: usize, out: usize, n: i32): f64 {
  return forward(BCE_LOGITS, x, y, w, pw, out, n, 0);
}
export function bceWithLogitsLossBackward(x: usize, y: usize, w: usize, pw: usize, gout: usize, scale: f32, gx: usize, n: i32): void {
  backward(BCE_LOGITS, x, y, w, pw, gout, scale, gx, n, 0);
}
export function klDivLossForward(x: usize, y: usize, out: usize, n: i32, p: f32): f64 {
  return forward(KL_DIV, x, y, 0, 0, out, n, p);
}
export function klDivLossBackward(x: usize, y: usize, gout: usize, scale: f32, gx: usize, n: i32, p: f32): void {
  backward(KL_DIV, x, y, 0, 0, gout, scale, gx, n, p);
}
export function klDivLogTargetLossForward(x: usize, y: usize, out: usize, n: i32, p: f32): f64 {
  return forward(KL_DIV_LOG_TARGET, x, y, 0, 0, out, n, p);
}
export function klDivLogTargetLossBackward(x: usize, y: usize, gout: usize, scale: f32, gx: usize, n: i32, p: f32): void {
  backward(KL_DIV_LOG_TARGET, x, y, 0, 0, gout, scale, gx, n, p);
}
export function poissonNllLogInputLossForward(x: usize, y: usize, out: usize, n: i32, p: f32): f64 {
  return forward(POISSON_LOG_INPUT, x, y, 0, 0, out, n, p);
}
export function poissonNllLogInputLossBackward(x: usize, y: usize, gout: usize, scale: f32, gx: usize, n: i32, p: f32): void {
  backward(POISSON_LOG_INPUT, x, y, 0, 0, gout, scale, gx, n, p);
}
export function poissonNllLossForward(x: usize, y: usize, out: usize, n: i32, p: f32): f64 {
  return forward(POISSON, x, y, 0, 0, out, n, p);
}
export function poissonNllLossBackward(x: usize, y: usize, gout: usize, scale: f32, gx: usize, n: i32, p: f32): void {
  backward(POISSON, x, y, 0, 0, gout, scale, gx, n, p);
}

/** Adds the Stirling term of each target to out (when out != 0) and returns their sum. */
export function poissonStirlingAdd(y: usize, out: usize, n: i32): f64 {
  return forward(STIRLING, y, y, 0, 0, out, n, 0, true);
}
