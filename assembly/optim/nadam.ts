// NAdam, in the order of torch.optim.NAdam (1.13, single-tensor path, with
// the mu_product fix of pytorch#92699 applied on the host). The host passes
// the two addcdiv coefficients `gradCoef = -lr(1 - mu_t)/(1 - prod mu)` and
// `avgCoef = -lr mu_{t+1}/(1 - prod mu * mu_{t+1})`.
import { bodyBytes, tailIn, tailOut } from "../kernels/lanes";
import { effectiveGrad, updateMoments } from "./fused";

@inline function nadam4(
  pp: usize, gp: usize, mp: usize, vp: usize, weightDecay: f32, beta1: f32, oneMinusBeta1: f32,
  beta2: f32, oneMinusBeta2: f32, biasCorrection2: f32, eps: f32, gradCoef: f32, avgCoef: f32,
): void {
  const p = v128.load(pp);
  const g = effectiveGrad(v128.load(gp), p, weightDecay, 0);
  updateMoments(mp, vp, g, beta1, oneMinusBeta1, beta2, oneMinusBeta2);
  const m = v128.load(mp);
  const v = v128.load(vp);
  const denom = f32x4.add(f32x4.sqrt(f32x4.div(v, f32x4.splat(biasCorrection2))), f32x4.splat(eps));
  const p1 = f32x4.add(p, f32x4.div(f32x4.mul(f32x4.splat(gradCoef), g), denom));
  v128.store(pp, f32x4.add(p1, f32x4.div(f32x4.mul(f32x4.splat(avgCoef), m), denom)));
}

export function nadamStep(
  param: usize, grad: usize, expAvg: usize, expAvgSq: usize, n: i32, weightDecay: f32, beta1: f32,
  oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32, biasCorrection2: f32, eps: f32, gradCoef: f32, avgCoef: f32,
): void {
  const body = bodyBytes(n);
  for (let o: usize = 0; o < body; o += 16) {
    nadam4(param + o, grad + o, expAvg + o, expAvgSq + o, weightDecay, beta1, oneMinusBeta1, beta2, oneMinusBeta2,
      biasCorrection2, eps, gradCoef, avgCoef);
  }
  if ((n & 3) == 0) return;
  nadam4(tailIn(0, param, n), tailIn(1, grad, n), tailIn(2, expAvg, n), tailIn(3, expAvgSq, n), weightDecay, beta1,
    oneMinusBeta1, beta2, oneMinusBeta2, biasCorrection2, eps, gradCoef, avgCoef);
  tailOut(0, param, n);
  tailOut(2, expAvg, n);
  tailOut(3, expAvgSq, n);
}
