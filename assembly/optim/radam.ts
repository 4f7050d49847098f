// RAdam, in the order of torch.optim.RAdam (1.13, single-tensor path). The
// host computes rho_t and, when rho_t > 5 (`rectify` != 0), the rectification
// term `rect` and sqrt(1 - beta2^t), all in f64 as PyTorch does.
import { ONE, vconst } from "../kernels/consts";
import { bodyBytes, tailIn, tailOut } from "../kernels/lanes";
import { effectiveGrad, updateMoments } from "./fused";

@inline function radam4(
  pp: usize, gp: usize, mp: usize, vp: usize, weightDecay: f32, beta1: f32, oneMinusBeta1: f32,
  beta2: f32, oneMinusBeta2: f32, biasCorrection1: f32, lr: f32, rectify: i32, rect: f32,
  biasCorrection2Sqrt: f32, eps: f32,
): void {
  const p = v128.load(pp);
  const g = effectiveGrad(v128.load(gp), p, weightDecay, 0);
  updateMoments(mp, vp, g, beta1, oneMinusBeta1, beta2, oneMinusBeta2);
  const m = v128.load(mp);
  const v = v128.load(vp);
  let step = f32x4.mul(f32x4.div(m, f32x4.splat(biasCorrection1)), f32x4.splat(lr));
  if (rectify != 0) {
    // PyTorch evaluates `sqrt(bc2) / denom` as `denom.reciprocal() * sqrt(bc2)`.
    const inv = f32x4.div(vconst(ONE), f32x4.add(f32x4.sqrt(v), f32x4.splat(eps)));
    step = f32x4.mul(f32x4.mul(step, f32x4.mul(inv, f32x4.splat(biasCorrection2Sqrt))), f32x4.splat(rect));
  }
  v128.store(pp, f32x4.sub(p, step));
}

export function radamStep(
  param: usize, grad: usize, expAvg: usize, expAvgSq: usize, n: i32, weightDecay: f32, beta1: f32,
  oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32, biasCorrection1: f32, lr: f32, rectify: i32, rect: f32,
  biasCorrection2Sqrt: f32, eps: f32,
): void {
  const body = bodyBytes(n);
  for (let o: usize = 0; o < body; o += 16) {
    radam4(param + o, grad + o, expAvg + o, expAvgSq + o, weightDecay, beta1, oneMinusBeta1, beta2, oneMinusBeta2,
      biasCorrection1, lr, rectify, rect, biasCorrection2Sqrt, eps);
  }
  if ((n & 3) == 0) return;
  radam4(tailIn(0, param, n), tailIn(1, grad, n), tailIn(2, expAvg, n), tailIn(3, expAvgSq, n), weightDecay, beta1,
    oneMinusBeta1, beta2, oneMinusBeta2, biasCorrection1, lr, rectify, rect, biasCorrection2Sqrt, eps);
  tailOut(0, param, n);
  tailOut(2, expAvg, n);
  tailOut(3, expAvgSq, n);
}
