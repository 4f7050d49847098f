// Pointwise regression losses (MSE, L1, Huber, smooth L1) on d = x - y.
//
//   *LossForward(x, y, out, n, p) -> Σ loss(d)      (out != 0: also writes each loss)
//   *LossBackward(x, y, gout, scale, gx, n, p)     gx = scale · loss'(d) · (gout ? gout[i] : 1)
//
// p is Huber's delta or smooth L1's beta (ignored by MSE and L1). One skeleton serves all four: each
// export passes a constant `kind`, and after inlining the optimizer folds the
// `kind` branches away. The scalar tail runs the same f32x4 formula on one
// lane (loaded with load32_zero), so an element's result never depends on
// whether it fell in the SIMD body or the tail. Formulas follow PyTorch's CPU
// kernels, including the boundary cases (smooth L1 with beta = 0 has gradient
// -1 at d = 0).
import { addHigh, addLow, fold } from "./lanesum";

const MSE = 0;
const L1 = 1;
const HUBER = 2;
const SMOOTH_L1 = 3;

@inline function lossOf(kind: i32, d: v128, p: f32): v128 {
  if (kind == MSE) return f32x4.mul(d, d);
  const z = f32x4.abs(d);
  if (kind == L1) return z;
  const half = f32x4.splat(0.5);
  const pv = f32x4.splat(p);
  const quad = f32x4.mul(f32x4.mul(half, z), z);
  const lin = f32x4.sub(z, f32x4.mul(half, pv));
  const inside = f32x4.lt(z, pv);
  if (kind == HUBER) return v128.bitselect(quad, f32x4.mul(pv, lin), inside);
  // beta = 0 leaves no lane inside, so the 0/0 lanes are never selected.
  return v128.bitselect(f32x4.div(quad, pv), lin, inside);
}

@inline function gradOf(kind: i32, d: v128, p: f32): v128 {
  if (kind == MSE) return f32x4.add(d, d);
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  if (kind == L1) return f32x4.sub(v128.and(f32x4.gt(d, zero), one), v128.and(f32x4.lt(d, zero), one));
  const pv = f32x4.splat(p);
  if (kind == HUBER) return f32x4.min(f32x4.max(d, f32x4.neg(pv)), pv);
  if (p == 0) return v128.bitselect(f32x4.neg(one), one, f32x4.le(d, zero));
  return f32x4.min(f32x4.max(f32x4.div(d, pv), f32x4.neg(one)), one);
}

@inline function forward(kind: i32, x: usize, y: usize, out: usize, n: i32, p: f32): f64 {
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const l = lossOf(kind, f32x4.sub(v128.load(x + o), v128.load(y + o)), p);
    if (out != 0) v128.store(out + o, l);
    lo = addLow(lo, l);
    hi = addHigh(hi, l);
  }
  let s = fold(lo, hi);
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const l = lossOf(kind, f32x4.sub(v128.load32_zero(x + o), v128.load32_zero(y + o)), p);
    if (out != 0) v128.store32_lane(out + o, l, 0);
    s += <f64>f32x4.extract_lane(l, 0);
  }
  return s;
}

@inline function backward(kind: i32, x: usize, y: usize, gout: usize, scale: f32, gx: usize, n: i32, p: f32): void {
  const sv = f32x4.splat(scale);
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const g = gout != 0 ? v128.load(gout + o) : one;
    const d = f32x4.sub(v128.load(x + o), v128.load(y + o));
    v128.store(gx + o, f32x4.mul(f32x4.mul(gradOf(kind, d, p), sv), g));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const g = gout != 0 ? v128.load32_zero(gout + o) : one;
    const d = f32x4.sub(v128.load32_zero(x + o), v128.load32_zero(y + o));
    v128.store32_lane(gx + o, f32x4.mul(f32x4.mul(gradOf(kind, d, p), sv), g), 0);
  }
}

// Every export takes p so that the host can call all four through one signature.
export function mseLossForward(x: usize, y: usize, out: usize, n: i32, p: f32): f64 {
  return forward(MSE, x, y, out, n, p);
}
export function mseLossBackward(x: usize, y: usize, gout: usize, scale: f32, gx: usize, n: i32, p: f32): void {
  backward(MSE, x, y, gout, scale, gx, n, p);
}
export function l1LossForward(x: usize, y: usize, out: usize, n: i32, p: f32): f64 {
  return forward(L1, x, y, out, n, p);
}
export function l1LossBackward(x: usize, y: usize, gout: usize, scale: f32, gx: usize, n: i32, p: f32): void {
  backward(L1, x, y, gout, scale, gx, n, p);
}
export function huberLossForward(x: usize, y: usize, out: usize, n: i32, delta: f32): f64 {
  return forward(HUBER, x, y, out, n, delta);
}
export function huberLossBackward(x: usize, y: usize, gout: usize, scale: f32, gx: usize, n: i32, delta: f32): void {
  backward(HUBER, x, y, gout, scale, gx, n, delta);
}
export function smoothL1LossForward(x: usize, y: usize, out: usize, n: i32, beta: f32): f64 {
  return forward(SMOOTH_L1, x, y, out, n, beta);
}
export function smoothL1LossBackward(x: usize, y: usize, gout: usize, scale: f32, gx: usize, n: i32, beta: f32): void {
  backward(SMOOTH_L1, x, y, gout, scale, gx, n, beta);
}
