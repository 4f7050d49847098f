// Adam and AdamW, in the order of torch.optim.Adam/AdamW (1.13, single-tensor
// path). The host computes the bias corrections in f64 as PyTorch does and
// passes `negStepSize = -lr / (1 - beta1^t)` and `biasCorrection2Sqrt`.
// Adam's L2 penalty comes in as `weightDecay` (added to the gradient); AdamW
// passes weightDecay = 0 and its decoupled decay as `paramScale = 1 - lr*wd`
// (1 for Adam, an exact no-op). `maxExpAvgSq` is 0 unless amsgrad.
import { bodyBytes, effectiveGrad, slot, slotF32, tableRow, updateMoments, tailBytes, tailIn, tailOut } from "./fused";

@inline function adam4(
  pp: usize, gp: usize, mp: usize, vp: usize, vmaxp: usize, weightDecay: f32, paramScale: f32,
  beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32, biasCorrection2Sqrt: f32, eps: f32,
  negStepSize: f32, amsgrad: i32, maximize: i32,
): void {
  const p0 = v128.load(pp);
  const g = effectiveGrad(v128.load(gp), p0, weightDecay, maximize);
  const p = f32x4.mul(p0, f32x4.splat(paramScale));
  updateMoments(mp, vp, g, beta1, oneMinusBeta1, beta2, oneMinusBeta2);
  const m = v128.load(mp);
  const v = v128.load(vp);
  let vhat = v;
  if (amsgrad != 0) {
    vhat = f32x4.max(v128.load(vmaxp), v);
    v128.store(vmaxp, vhat);
  }
  const denom = f32x4.add(f32x4.div(f32x4.sqrt(vhat), f32x4.splat(biasCorrection2Sqrt)), f32x4.splat(eps));
  v128.store(pp, f32x4.add(p, f32x4.div(f32x4.mul(f32x4.splat(negStepSize), m), denom)));
}

export function adamStep(
  param: usize, grad: usize, expAvg: usize, expAvgSq: usize, maxExpAvgSq: usize, n: i32,
  weightDecay: f32, paramScale: f32, beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32,
  biasCorrection2Sqrt: f32, eps: f32, negStepSize: f32, amsgrad: i32, maximize: i32,
): void {
  const body = bodyBytes(n);
  for (let o: usize = 0; o < body; o += 16) {
    adam4(param + o, grad + o, expAvg + o, expAvgSq + o, maxExpAvgSq + o, weightDecay, paramScale,
      beta1, oneMinusBeta1, beta2, oneMinusBeta2, biasCorrection2Sqrt, eps, negStepSize, amsgrad, maximize);
  }
  if (tailBytes(n) == 0) return;
  adam4(tailIn(0, param, n), tailIn(1, grad, n), tailIn(2, expAvg, n), tailIn(3, expAvgSq, n), tailIn(4, maxExpAvgSq, n),
    weightDecay, paramScale, beta1, oneMinusBeta1, beta2, oneMinusBeta2, biasCorrection2Sqrt, eps, negStepSize, amsgrad, maximize);
  tailOut(0, param, n);
  tailOut(2, expAvg, n);
  tailOut(3, expAvgSq, n);
  if (maxExpAvgSq != 0) tailOut(4, maxExpAvgSq, n);
}

/**
 * `adamStep` on every parameter of a group in one call. `table` holds `count`
 * rows of 8 slots, written by src/optim/adam.ts: param, grad, expAvg,
 * expAvgSq and maxExpAvgSq pointers, the element count, then negStepSize and
 * biasCorrection2Sqrt as f32 (they depend on the parameter's own step count).
 * Each row goes through `adamStep` itself, so the result is the
 * per-parameter kernel's, bit for bit.
 */
export function adamStepTable(
  table: usize, count: i32, weightDecay: f32, paramScale: f32, beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32,
  eps: f32, amsgrad: i32, maximize: i32,
): void {
  for (let i = 0; i < count; i++) {
    const r = tableRow(table, i, 8);
    adamStep(slot(r, 0), slot(r, 1), slot(r, 2), slot(r, 3), slot(r, 4), slot(r, 5), weightDecay, paramScale,
      beta1, oneMinusBeta1, beta2, oneMinusBeta2, slotF32(r, 7), eps, slotF32(r, 6), amsgrad, maximize);
  }
}
