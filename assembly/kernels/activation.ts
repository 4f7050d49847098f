// Activations, forward and backward, with PyTorch's CPU formulas and edge
// cases: ReLU's gradient is 0 where the output is <= 0 (and passes through at
// NaN), LeakyReLU/ELU/Softplus branch on the input exactly as ATen does.
// Backward kernels write gx = gy * f'(.) and take whichever of input x or
// output y PyTorch saves. `t` is the tail's byte offset, `r` its length.
import { HALF, ONE, vconst } from "./consts";
import { bodyBytes, loadTail, storeTail } from "./lanes";
import { verf, vexp, vexpm1, vlog1p, vsigmoid, vtanh } from "./vmath";

// Constants are read with vconst inside the loops (see consts.ts).
const ZERO = f32x4.splat(0);
const SQRT1_2 = memory.data<f32>([0.70710678118654752]);
const MINUS_HALF = memory.data<f32>([-0.5]);
// 1/sqrt(2*pi): the standard normal density's constant.
const INV_SQRT_2PI = memory.data<f32>([0.39894228040143268]);
// sqrt(2/pi) and 0.044715: the tanh approximation of GELU; 3·0.044715 (in f32) for its derivative.
const GELU_BETA = memory.data<f32>([0.79788456080286536]);
const GELU_KAPPA = memory.data<f32>([0.044715]);
const GELU_3KAPPA = memory.data<f32>([<f32>3 * <f32>0.044715]);

@inline function relu(x: v128): v128 {
  return f32x4.max(x, ZERO);
}
@inline function reluGrad(y: v128, g: v128): v128 {
  return v128.andnot(g, f32x4.le(y, ZERO));
}

@inline function leaky(x: v128, s: v128): v128 {
  return v128.bitselect(x, f32x4.mul(x, s), f32x4.gt(x, ZERO));
}
@inline function leakyGrad(x: v128, g: v128, s: v128): v128 {
  return v128.bitselect(g, f32x4.mul(g, s), f32x4.gt(x, ZERO));
}

@inline function sigmoidGrad(y: v128, g: v128): v128 {
  return f32x4.mul(f32x4.mul(g, f32x4.sub(vconst(ONE), y)), y);
}

@inline function tanhGrad(y: v128, g: v128): v128 {
  return f32x4.mul(g, f32x4.sub(vconst(ONE), f32x4.mul(y, y)));
}

@inline function gelu(x: v128): v128 {
  return f32x4.mul(f32x4.mul(x, vconst(HALF)), f32x4.add(vconst(ONE), verf(f32x4.mul(x, vconst(SQRT1_2)))));
}
@inline function geluGrad(x: v128, g: v128): v128 {
  const cdf = f32x4.mul(vconst(HALF), f32x4.add(vconst(ONE), verf(f32x4.mul(x, vconst(SQRT1_2)))));
  const pdf = f32x4.mul(vconst(INV_SQRT_2PI), vexp(f32x4.mul(f32x4.mul(x, x), vconst(MINUS_HALF))));
  return f32x4.mul(g, f32x4.add(cdf, f32x4.mul(x, pdf)));
}

@inline function geluTanhInner(x: v128): v128 {
  return vtanh(f32x4.mul(vconst(GELU_BETA), f32x4.add(x, f32x4.mul(vconst(GELU_KAPPA), f32x4.mul(f32x4.mul(x, x), x)))));
}
@inline function geluTanh(x: v128): v128 {
  return f32x4.mul(f32x4.mul(vconst(HALF), x), f32x4.add(vconst(ONE), geluTanhInner(x)));
}
@inline function geluTanhGrad(x: v128, g: v128): v128 {
  const th = geluTanhInner(x);
  const one = vconst(ONE), half = vconst(HALF);
  const dInner = f32x4.mul(vconst(GELU_BETA), f32x4.add(one, f32x4.mul(vconst(GELU_3KAPPA), f32x4.mul(x, x))));
  const right = f32x4.mul(f32x4.mul(f32x4.mul(half, x), f32x4.sub(one, f32x4.mul(th, th))), dInner);
  return f32x4.mul(g, f32x4.add(f32x4.mul(half, f32x4.add(one, th)), right));
}

@inline function elu(x: v128, alpha: v128): v128 {
  return v128.bitselect(f32x4.mul(vexpm1(x), alpha), x, f32x4.le(x, ZERO));
}
@inline function eluGrad(x: v128, g: v128, alpha: v128): v128 {
  return v128.bitselect(f32x4.mul(f32x4.mul(g, alpha), vexp(x)), g, f32x4.le(x, ZERO));
}

@inline function softplus(x: v128, beta: v128, threshold: v128): v128 {
  const bx = f32x4.mul(x, beta);
  return v128.bitselect(x, f32x4.div(vlog1p(vexp(bx)), beta), f32x4.gt(bx, threshold));
}
@inline function softplusGrad(x: v128, g: v128, beta: v128, threshold: v128): v128 {
  const bx = f32x4.mul(x, beta);
  const z = vexp(bx);
  return v128.bitselect(g, f32x4.div(f32x4.mul(g, z), f32x4.add(z, vconst(ONE))), f32x4.gt(bx, threshold));
}

/** y = max(x, 0) (NaN propagates) */
export function reluForward(x: usize, y: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(y + o, relu(v128.load(x + o)));
  if (r) storeTail(y + t, relu(loadTail(x + t, r)), r);
}

/** gx = y <= 0 ? 0 : gy, from the forward output y */
export function reluBackward(y: usize, gy: usize, gx: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(gx + o, reluGrad(v128.load(y + o), v128.load(gy + o)));
  if (r) storeTail(gx + t, reluGrad(loadTail(y + t, r), loadTail(gy + t, r)), r);
}

/** y = x > 0 ? x : slope * x */
export function leakyReluForward(x: usize, y: usize, slope: f32, n: i32): void {
  const t = bodyBytes(n), r = n & 3, s = f32x4.splat(slope);
  for (let o: usize = 0; o < t; o += 16) v128.store(y + o, leaky(v128.load(x + o), s));
  if (r) storeTail(y + t, leaky(loadTail(x + t, r), s), r);
}

/** gx = x > 0 ? gy : slope * gy */
export function leakyReluBackward(x: usize, gy: usize, gx: usize, slope: f32, n: i32): void {
  const t = bodyBytes(n), r = n & 3, s = f32x4.splat(slope);
  for (let o: usize = 0; o < t; o += 16) v128.store(gx + o, leakyGrad(v128.load(x + o), v128.load(gy + o), s));
  if (r) storeTail(gx + t, leakyGrad(loadTail(x + t, r), loadTail(gy + t, r), s), r);
}

/** y = 1 / (1 + e^-x) */
export function sigmoidForward(x: usize, y: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(y + o, vsigmoid(v128.load(x + o)));
  if (r) storeTail(y + t, vsigmoid(loadTail(x + t, r)), r);
}

/** gx = gy * (1 - y) * y, from the forward output y */
export function sigmoidBackward(y: usize, gy: usize, gx: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(gx + o, sigmoidGrad(v128.load(y + o), v128.load(gy + o)));
  if (r) storeTail(gx + t, sigmoidGrad(loadTail(y + t, r), loadTail(gy + t, r)), r);
}

/** y = tanh x */
export function tanhForward(x: usize, y: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(y + o, vtanh(v128.load(x + o)));
  if (r) storeTail(y + t, vtanh(loadTail(x + t, r)), r);
}

/** gx = gy * (1 - y^2), from the forward output y */
export function tanhBackward(y: usize, gy: usize, gx: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(gx + o, tanhGrad(v128.load(y + o), v128.load(gy + o)));
  if (r) storeTail(gx + t, tanhGrad(loadTail(y + t, r), loadTail(gy + t, r)), r);
}

/** y = x/2 * (1 + erf(x / sqrt 2)) */
export function geluForward(x: usize, y: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(y + o, gelu(v128.load(x + o)));
  if (r) storeTail(y + t, gelu(loadTail(x + t, r)), r);
}

/** gx = gy * (Phi(x) + x * phi(x)) */
export function geluBackward(x: usize, gy: usize, gx: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(gx + o, geluGrad(v128.load(x + o), v128.load(gy + o)));
  if (r) storeTail(gx + t, geluGrad(loadTail(x + t, r), loadTail(gy + t, r)), r);
}

/** y = x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))) */
export function geluTanhForward(x: usize, y: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(y + o, geluTanh(v128.load(x + o)));
  if (r) storeTail(y + t, geluTanh(loadTail(x + t, r)), r);
}

/** gx = gy * d/dx of the tanh approximation */
export function geluTanhBackward(x: usize, gy: usize, gx: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(gx + o, geluTanhGrad(v128.load(x + o), v128.load(gy + o)));
  if (r) storeTail(gx + t, geluTanhGrad(loadTail(x + t, r), loadTail(gy + t, r)), r);
}

/** y = x <= 0 ? alpha * (e^x - 1) : x */
export function eluForward(x: usize, y: usize, alpha: f32, n: i32): void {
  const t = bodyBytes(n), r = n & 3, a = f32x4.splat(alpha);
  for (let o: usize = 0; o < t; o += 16) v128.store(y + o, elu(v128.load(x + o), a));
  if (r) storeTail(y + t, elu(loadTail(x + t, r), a), r);
}

/** gx = x <= 0 ? gy * alpha * e^x : gy */
export function eluBackward(x: usize, gy: usize, gx: usize, alpha: f32, n: i32): void {
  const t = bodyBytes(n), r = n & 3, a = f32x4.splat(alpha);
  for (let o: usize = 0; o < t; o += 16) v128.store(gx + o, eluGrad(v128.load(x + o), v128.load(gy + o), a));
  if (r) storeTail(gx + t, eluGrad(loadTail(x + t, r), loadTail(gy + t, r), a), r);
}

/** y = beta * x > threshold ? x : log(1 + e^(beta x)) / beta */
export function softplusForward(x: usize, y: usize, beta: f32, threshold: f32, n: i32): void {
  const t = bodyBytes(n), r = n & 3, b = f32x4.splat(beta), th = f32x4.splat(threshold);
  for (let o: usize = 0; o < t; o += 16) v128.store(y + o, softplus(v128.load(x + o), b, th));
  if (r) storeTail(y + t, softplus(loadTail(x + t, r), b, th), r);
}

/** gx = beta * x > threshold ? gy : gy * z / (z + 1) with z = e^(beta x) */
export function softplusBackward(x: usize, gy: usize, gx: usize, beta: f32, threshold: f32, n: i32): void {
  const t = bodyBytes(n), r = n & 3, b = f32x4.splat(beta), th = f32x4.splat(threshold);
  for (let o: usize = 0; o < t; o += 16) v128.store(gx + o, softplusGrad(v128.load(x + o), v128.load(gy + o), b, th));
  if (r) storeTail(gx + t, softplusGrad(loadTail(x + t, r), loadTail(gy + t, r), b, th), r);
}
