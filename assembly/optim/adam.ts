// Adam and AdamW, in the order of torch.optim.Adam/AdamW (1.13, single-tensor
// path). The host computes the bias corrections in f64 as PyTorch does and
// passes `negStepSize = -lr / (1 - beta1^t)` and `biasCorrection2Sqrt`.
// Adam's L2 penalty comes in as `weightDecay` (added to the gradient); AdamW
// passes weightDecay = 0 and its decoupled decay as `paramScale = 1 - lr*wd`
// (1 for Adam, an exact no-op). `maxExpAvgSq` is 0 unless amsgrad.
import { bodyBytes, tailIn, tailOut } from "../kernels/lanes";
import { effectiveGrad, movingAverageSplat, movingSquareSplat } from "./fused";
import {
  adamTableBiasCorrection2Sqrt, adamTableExpAvg, adamTableExpAvgSq, adamTableGrad, adamTableMaxExpAvgSq, adamTableN, adamTableNegStepSize,
  adamTableParam, adamTableRow,
} from "../generated/optim";

// The scalars arrive splatted (see fmaSplat4): f32x4 splats, except
// oneMinusBeta1, an f64x2 splat for the f64 multiply-add. `scaled` = 0 skips
// the multiply by paramScale, which must then be 1.
@inline function adam4(
  pp: usize, gp: usize, mp: usize, vp: usize, vmaxp: usize, weightDecay: f32, paramScale: v128,
  beta1: v128, oneMinusBeta1: v128, beta2: v128, oneMinusBeta2: v128, biasCorrection2Sqrt: v128, eps: v128,
  negStepSize: v128, amsgrad: i32, maximize: i32, scaled: i32,
): void {
  const p0 = v128.load(pp);
  const g = effectiveGrad(v128.load(gp), p0, weightDecay, maximize);
  const p = scaled != 0 ? f32x4.mul(p0, paramScale) : p0;
  const m = movingAverageSplat(v128.load(mp), g, beta1, oneMinusBeta1);
  const v = movingSquareSplat(v128.load(vp), g, beta2, oneMinusBeta2);
  v128.store(mp, m);
  v128.store(vp, v);
  let vhat = v;
  if (amsgrad != 0) {
    vhat = f32x4.max(v128.load(vmaxp), v);
    v128.store(vmaxp, vhat);
  }
  const denom = f32x4.add(f32x4.div(f32x4.sqrt(vhat), biasCorrection2Sqrt), eps);
  v128.store(pp, f32x4.add(p, f32x4.div(f32x4.mul(negStepSize, m), denom)));
}

export function adamStep(
  param: usize, grad: usize, expAvg: usize, expAvgSq: usize, maxExpAvgSq: usize, n: i32,
  weightDecay: f32, paramScale: f32, beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32,
  biasCorrection2Sqrt: f32, eps: f32, negStepSize: f32, amsgrad: i32, maximize: i32,
): void {
  const body = bodyBytes(n);
  const scale = f32x4.splat(paramScale);
  const b1 = f32x4.splat(beta1);
  const omb1 = f64x2.splat(<f64>oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const omb2 = f32x4.splat(oneMinusBeta2);
  const bc2 = f32x4.splat(biasCorrection2Sqrt);
  const e = f32x4.splat(eps);
  const step = f32x4.splat(negStepSize);
  // V8 neither unswitches loops nor hoists the flag tests, and a test or an
  // extra splat in the loop costs registers (spills): the common cases get
  // loops of their own with the flags as constants. Multiplying by 1 is exact,
  // so every loop gives the same bits.
  if (weightDecay == 0 && amsgrad == 0 && maximize == 0) {
    if (paramScale == 1) {
      for (let o: usize = 0; o < body; o += 16) {
        adam4(param + o, grad + o, expAvg + o, expAvgSq + o, 0, 0, scale, b1, omb1, b2, omb2, bc2, e, step, 0, 0, 0);
      }
    } else {
      for (let o: usize = 0; o < body; o += 16) {
        adam4(param + o, grad + o, expAvg + o, expAvgSq + o, 0, 0, scale, b1, omb1, b2, omb2, bc2, e, step, 0, 0, 1);
      }
    }
  } else {
    for (let o: usize = 0; o < body; o += 16) {
      adam4(param + o, grad + o, expAvg + o, expAvgSq + o, maxExpAvgSq + o, weightDecay, scale, b1, omb1, b2, omb2, bc2, e, step, amsgrad, maximize, 1);
    }
  }
  if ((n & 3) == 0) return;
  adam4(tailIn(0, param, n), tailIn(1, grad, n), tailIn(2, expAvg, n), tailIn(3, expAvgSq, n), tailIn(4, maxExpAvgSq, n),
    weightDecay, scale, b1, omb1, b2, omb2, bc2, e, step, amsgrad, maximize, 1);
  tailOut(0, param, n);
  tailOut(2, expAvg, n);
  tailOut(3, expAvgSq, n);
  if (maxExpAvgSq != 0) tailOut(4, maxExpAvgSq, n);
}

/**
 * `adamStep` on every parameter of a group in one call. `table` holds `count`
 * rows of the `adamTable` declared in assembly/decl/optim.json (pointers, the
 * element count, and the scalars that depend on the parameter's own step
 * count), written by src/optim/adam.ts.
 * Each row goes through `adamStep` itself, so the result is the
 * per-parameter kernel's, bit for bit.
 */
export function adamStepTable(
  table: usize, count: i32, weightDecay: f32, paramScale: f32, beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32,
  eps: f32, amsgrad: i32, maximize: i32,
): void {
  for (let i = 0; i < count; i++) {
    const r = adamTableRow(table, i);
    adamStep(adamTableParam(r), adamTableGrad(r), adamTableExpAvg(r), adamTableExpAvgSq(r), adamTableMaxExpAvgSq(r), adamTableN(r),
      weightDecay, paramScale, beta1, oneMinusBeta1, beta2, oneMinusBeta2, adamTableBiasCorrection2Sqrt(r), eps, adamTableNegStepSize(r),
      amsgrad, maximize);
  }
}
