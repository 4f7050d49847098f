// BatchNorm1d over a row-major [n, c] batch: statistics per feature (column)
// across the batch. Columns are processed four at a time with the rows in the
// inner loop, so per-feature sums stay in registers and no scratch is needed.
// weight/bias pointers may be 0 (affine = false). PyTorch's CPU formulas:
//   y  = (x - mean) * invstd * w + b
//   gx = (gy - sum(gy)/n - (x - mean) * invstd^2 * sum(gy * (x - mean))/n) * invstd * w   (train)
//   gx = gy * invstd * w                                                          (eval)
import { loadN, loadOr, storeN } from "./lanes";

// Four features as two f64x2 halves: PyTorch's CPU batch norm accumulates
// per-feature sums in double, and so do these kernels.
@inline function lo(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
@inline function hi(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}
@inline function narrow(l: v128, h: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(l), f32x4.demote_f64x2_zero(h), 0, 1, 4, 5);
}

/** Per-feature batch mean and biased variance (two passes: no cancellation). */
export function batchNormStats(x: usize, mean: usize, variance: usize, n: i32, c: i32): void {
  const stride = <usize>c << 2;
  const invN = f64x2.splat(1 / <f64>n);
  for (let j = 0; j < c; j += 4) {
    const cnt = c - j, o = <usize>j << 2;
    let sl = f64x2.splat(0), sh = f64x2.splat(0);
    for (let i = 0; i < n; i++) {
      const v = loadN(x + <usize>i * stride + o, cnt);
      sl = f64x2.add(sl, lo(v));
      sh = f64x2.add(sh, hi(v));
    }
    const ml = f64x2.mul(sl, invN), mh = f64x2.mul(sh, invN);
    let ql = f64x2.splat(0), qh = f64x2.splat(0);
    for (let i = 0; i < n; i++) {
      const v = loadN(x + <usize>i * stride + o, cnt);
      const dl = f64x2.sub(lo(v), ml), dh = f64x2.sub(hi(v), mh);
      ql = f64x2.add(ql, f64x2.mul(dl, dl));
      qh = f64x2.add(qh, f64x2.mul(dh, dh));
    }
    storeN(mean + o, narrow(ml, mh), cnt);
    storeN(variance + o, narrow(f64x2.mul(ql, invN), f64x2.mul(qh, invN)), cnt);
  }
}

/** invstd = 1 / sqrt(var + eps) */
export function batchNormInvStd(variance: usize, invstd: usize, eps: f32, c: i32): void {
  const e = f32x4.splat(eps), one = f32x4.splat(1);
  for (let j = 0; j < c; j += 4) {
    const o = <usize>j << 2;
    storeN(invstd + o, f32x4.div(one, f32x4.sqrt(f32x4.add(loadN(variance + o, c - j), e))), c - j);
  }
}

/** running = (1 - momentum) * running + momentum * batch, with the variance unbiased by n/(n-1). */
export function batchNormUpdateRunning(runMean: usize, runVar: usize, mean: usize, variance: usize, momentum: f32, unbias: f32, c: i32): void {
  const m = f32x4.splat(momentum), keep = f32x4.splat(<f32>1 - momentum), u = f32x4.splat(unbias);
  for (let j = 0; j < c; j += 4) {
    const cnt = c - j, o = <usize>j << 2;
    storeN(runMean + o, f32x4.add(f32x4.mul(m, loadN(mean + o, cnt)), f32x4.mul(keep, loadN(runMean + o, cnt))), cnt);
    const unbiased = f32x4.mul(loadN(variance + o, cnt), u);
    storeN(runVar + o, f32x4.add(f32x4.mul(m, unbiased), f32x4.mul(keep, loadN(runVar + o, cnt))), cnt);
  }
}

/** y = (x - mean) * invstd * weight + bias */
export function batchNormForward(x: usize, y: usize, mean: usize, invstd: usize, weight: usize, bias: usize, n: i32, c: i32): void {
  const stride = <usize>c << 2;
  for (let j = 0; j < c; j += 4) {
    const cnt = c - j, o = <usize>j << 2;
    const m = loadN(mean + o, cnt);
    const scale = f32x4.mul(loadN(invstd + o, cnt), loadOr(weight, o, cnt, 1));
    const shift = loadOr(bias, o, cnt, 0);
    for (let i = 0; i < n; i++) {
      const at = <usize>i * stride + o;
      storeN(y + at, f32x4.add(f32x4.mul(f32x4.sub(loadN(x + at, cnt), m), scale), shift), cnt);
    }
  }
}

/**
 * Input gradient into gx; when gradWeight/gradBias are non-zero, adds
 * sum(gy * xhat) and sum(gy) into them. training = 0 treats mean/invstd as
 * constants (eval mode with running statistics).
 */
export function batchNormBackward(
  x: usize, gy: usize, mean: usize, invstd: usize, weight: usize,
  gx: usize, gradWeight: usize, gradBias: usize, n: i32, c: i32, training: i32,
): void {
  const stride = <usize>c << 2;
  const invN = f32x4.splat(<f32>1 / <f32>n);
  for (let j = 0; j < c; j += 4) {
    const cnt = c - j, o = <usize>j << 2;
    const m = loadN(mean + o, cnt), is = loadN(invstd + o, cnt);
    let gl = f64x2.splat(0), gh = f64x2.splat(0), dl = f64x2.splat(0), dh = f64x2.splat(0);
    for (let i = 0; i < n; i++) {
      const at = <usize>i * stride + o;
      const g = loadN(gy + at, cnt);
      const gc = f32x4.mul(g, f32x4.sub(loadN(x + at, cnt), m));
      gl = f64x2.add(gl, lo(g));
      gh = f64x2.add(gh, hi(g));
      dl = f64x2.add(dl, lo(gc));
      dh = f64x2.add(dh, hi(gc));
    }
    const sumG = narrow(gl, gh), dot = narrow(dl, dh);
    if (gradWeight != 0) storeN(gradWeight + o, f32x4.add(loadN(gradWeight + o, cnt), f32x4.mul(dot, is)), cnt);
    if (gradBias != 0) storeN(gradBias + o, f32x4.add(loadN(gradBias + o, cnt), sumG), cnt);
    const scale = f32x4.mul(is, loadOr(weight, o, cnt, 1));
    const k = training != 0 ? f32x4.mul(f32x4.mul(dot, f32x4.mul(is, is)), invN) : f32x4.splat(0);
    const gMean = training != 0 ? f32x4.mul(sumG, invN) : f32x4.splat(0);
    for (let i = 0; i < n; i++) {
      const at = <usize>i * stride + o;
      const centred = f32x4.mul(f32x4.sub(loadN(x + at, cnt), m), k);
      storeN(gx + at, f32x4.mul(f32x4.sub(f32x4.sub(loadN(gy + at, cnt), gMean), centred), scale), cnt);
    }
  }
}
