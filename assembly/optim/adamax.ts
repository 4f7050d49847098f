// Adamax, in the order of torch.optim.Adamax (1.13, single-tensor path). The
// host passes `negClr = -lr / (1 - beta1^t)`.
import { bodyBytes, tailIn, tailOut } from "../kernels/lanes";
import { effectiveGrad, movingAverage } from "./fused";

@inline function adamax4(
  pp: usize, gp: usize, mp: usize, up: usize, weightDecay: f32, beta1: f32, oneMinusBeta1: f32,
  beta2: f32, eps: f32, negClr: f32, maximize: i32,
): void {
  const p = v128.load(pp);
  const g = effectiveGrad(v128.load(gp), p, weightDecay, maximize);
  const m = movingAverage(v128.load(mp), g, beta1, oneMinusBeta1);
  const u = f32x4.max(f32x4.mul(v128.load(up), f32x4.splat(beta2)), f32x4.add(f32x4.abs(g), f32x4.splat(eps)));
  v128.store(mp, m);
  v128.store(up, u);
  v128.store(pp, f32x4.add(p, f32x4.div(f32x4.mul(f32x4.splat(negClr), m), u)));
}

export function adamaxStep(
  param: usize, grad: usize, expAvg: usize, expInf: usize, n: i32, weightDecay: f32, beta1: f32,
  oneMinusBeta1: f32, beta2: f32, eps: f32, negClr: f32, maximize: i32,
): void {
  const body = bodyBytes(n);
  for (let o: usize = 0; o < body; o += 16) {
    adamax4(param + o, grad + o, expAvg + o, expInf + o, weightDecay, beta1, oneMinusBeta1, beta2, eps, negClr, maximize);
  }
  if ((n & 3) == 0) return;
  adamax4(tailIn(0, param, n), tailIn(1, grad, n), tailIn(2, expAvg, n), tailIn(3, expInf, n),
    weightDecay, beta1, oneMinusBeta1, beta2, eps, negClr, maximize);
  tailOut(0, param, n);
  tailOut(2, expAvg, n);
  tailOut(3, expInf, n);
}
