// BatchNorm1d over a row-major [n, c] batch: statistics per feature (column)
// across the batch. Every pass walks the batch row by row (sequential memory)
// and keeps per-feature sums in a host-provided scratch area of
// batchNormScratchFloats(c) floats: 64 bytes per group of four features.
// Sums are accumulated in f64, as PyTorch's CPU batch norm does. weight/bias
// pointers may be 0 (affine = false). PyTorch's CPU formulas:
//   y  = (x - mean) * invstd * w + b
//   gx = (gy - sum(gy)/n - (x - mean) * invstd^2 * sum(gy * (x - mean))/n) * invstd * w   (train)
//   gx = gy * invstd * w                                                          (eval)
import { ONE, vconst } from "./consts";
import { loadN, loadOr, storeN } from "./lanes";

// Four features as two f64x2 halves.
@inline function lo(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
@inline function hi(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}
@inline function narrow(l: v128, h: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(l), f32x4.demote_f64x2_zero(h), 0, 1, 4, 5);
}

// The 64-byte scratch slot of the four features starting at feature j.
@inline function slot(scratch: usize, j: i32): usize {
  return scratch + (<usize>j << 4);
}

// slot[at .. at+32) += the four values v, as two f64x2.
@inline function accumulate(s: usize, at: usize, v: v128): void {
  v128.store(s + at, f64x2.add(v128.load(s + at), lo(v)));
  v128.store(s + at + 16, f64x2.add(v128.load(s + at + 16), hi(v)));
}

/** Scratch size (in f32 slots) that batchNormStats and batchNormBackward need for c features. */
export function batchNormScratchFloats(c: i32): i32 {
  return ((c + 3) & ~3) << 2;
}

/** Per-feature batch mean and biased variance (two passes: no cancellation). */
export function batchNormStats(x: usize, mean: usize, variance: usize, scratch: usize, n: i32, c: i32): void {
  const stride = <usize>c << 2;
  const invN = f64x2.splat(1 / <f64>n);
  memory.fill(scratch, 0, <usize>batchNormScratchFloats(c) << 2);
  for (let i = 0; i < n; i++) {
    const row = x + <usize>i * stride;
    for (let j = 0; j < c; j += 4) accumulate(slot(scratch, j), 0, loadN(row + (<usize>j << 2), c - j));
  }
  // Slot layout from here: mean (two f64x2), then the sum of squared deviations.
  for (let j = 0; j < c; j += 4) {
    const s = slot(scratch, j);
    v128.store(s, f64x2.mul(v128.load(s), invN));
    v128.store(s, f64x2.mul(v128.load(s, 16), invN), 16);
  }
  for (let i = 0; i < n; i++) {
    const row = x + <usize>i * stride;
    for (let j = 0; j < c; j += 4) {
      const s = slot(scratch, j), v = loadN(row + (<usize>j << 2), c - j);
      const dl = f64x2.sub(lo(v), v128.load(s)), dh = f64x2.sub(hi(v), v128.load(s, 16));
      v128.store(s, f64x2.add(v128.load(s, 32), f64x2.mul(dl, dl)), 32);
      v128.store(s, f64x2.add(v128.load(s, 48), f64x2.mul(dh, dh)), 48);
    }
  }
  for (let j = 0; j < c; j += 4) {
    const s = slot(scratch, j), o = <usize>j << 2;
    storeN(mean + o, narrow(v128.load(s), v128.load(s, 16)), c - j);
    storeN(variance + o, narrow(f64x2.mul(v128.load(s, 32), invN), f64x2.mul(v128.load(s, 48), invN)), c - j);
  }
}

/** invstd = 1 / sqrt(var + eps) */
export function batchNormInvStd(variance: usize, invstd: usize, eps: f32, c: i32): void {
  const e = f32x4.splat(eps), one = vconst(ONE);
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
  for (let i = 0; i < n; i++) {
    const at = <usize>i * stride;
    for (let j = 0; j < c; j += 4) {
      const cnt = c - j, o = <usize>j << 2;
      const scale = f32x4.mul(loadN(invstd + o, cnt), loadOr(weight, o, cnt, vconst(ONE)));
      const centred = f32x4.sub(loadN(x + at + o, cnt), loadN(mean + o, cnt));
      storeN(y + at + o, f32x4.add(f32x4.mul(centred, scale), loadOr(bias, o, cnt, f32x4.splat(0))), cnt);
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
  gx: usize, gradWeight: usize, gradBias: usize, scratch: usize, n: i32, c: i32, training: i32,
): void {
  const stride = <usize>c << 2;
  const invN = f32x4.splat(<f32>1 / <f32>n);
  memory.fill(scratch, 0, <usize>batchNormScratchFloats(c) << 2);
  // Slot layout: sum(gy) (two f64x2), then sum(gy * (x - mean)).
  for (let i = 0; i < n; i++) {
    const at = <usize>i * stride;
    for (let j = 0; j < c; j += 4) {
      const cnt = c - j, o = <usize>j << 2, s = slot(scratch, j);
      const g = loadN(gy + at + o, cnt);
      accumulate(s, 0, g);
      accumulate(s, 32, f32x4.mul(g, f32x4.sub(loadN(x + at + o, cnt), loadN(mean + o, cnt))));
    }
  }
  // Then, per feature group: the f32 scale, k and mean of gy for the second pass.
  for (let j = 0; j < c; j += 4) {
    const cnt = c - j, o = <usize>j << 2, s = slot(scratch, j);
    const sumG = narrow(v128.load(s), v128.load(s, 16)), dot = narrow(v128.load(s, 32), v128.load(s, 48));
    const is = loadN(invstd + o, cnt);
    if (gradWeight != 0) storeN(gradWeight + o, f32x4.add(loadN(gradWeight + o, cnt), f32x4.mul(dot, is)), cnt);
    if (gradBias != 0) storeN(gradBias + o, f32x4.add(loadN(gradBias + o, cnt), sumG), cnt);
    v128.store(s, f32x4.mul(is, loadOr(weight, o, cnt, vconst(ONE))));
    v128.store(s, training != 0 ? f32x4.mul(f32x4.mul(dot, f32x4.mul(is, is)), invN) : f32x4.splat(0), 16);
    v128.store(s, training != 0 ? f32x4.mul(sumG, invN) : f32x4.splat(0), 32);
  }
  for (let i = 0; i < n; i++) {
    const at = <usize>i * stride;
    for (let j = 0; j < c; j += 4) {
      const cnt = c - j, o = <usize>j << 2, s = slot(scratch, j);
      const centred = f32x4.mul(f32x4.sub(loadN(x + at + o, cnt), loadN(mean + o, cnt)), v128.load(s, 16));
      storeN(gx + at + o, f32x4.mul(f32x4.sub(f32x4.sub(loadN(gy + at + o, cnt), v128.load(s, 32)), centred), v128.load(s)), cnt);
    }
  }
}
