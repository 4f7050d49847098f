// Adagrad, in the order of torch.optim.Adagrad (1.13, dense single-tensor
// path). The host passes `negClr = -lr / (1 + (t - 1) * lrDecay)`.
import { bodyBytes, tailIn, tailOut } from "../kernels/lanes";
import { effectiveGrad, fma4 } from "./fused";

@inline function adagrad4(pp: usize, gp: usize, sp: usize, weightDecay: f32, eps: f32, negClr: f32, maximize: i32): void {
  const p = v128.load(pp);
  const g = effectiveGrad(v128.load(gp), p, weightDecay, maximize);
  const sum = fma4(g, g, v128.load(sp));
  v128.store(sp, sum);
  const std = f32x4.add(f32x4.sqrt(sum), f32x4.splat(eps));
  v128.store(pp, f32x4.add(p, f32x4.div(f32x4.mul(f32x4.splat(negClr), g), std)));
}

export function adagradStep(param: usize, grad: usize, sum: usize, n: i32, weightDecay: f32, eps: f32, negClr: f32, maximize: i32): void {
  const body = bodyBytes(n);
  for (let o: usize = 0; o < body; o += 16) adagrad4(param + o, grad + o, sum + o, weightDecay, eps, negClr, maximize);
  if ((n & 3) == 0) return;
  adagrad4(tailIn(0, param, n), tailIn(1, grad, n), tailIn(2, sum, n), weightDecay, eps, negClr, maximize);
  tailOut(0, param, n);
  tailOut(2, sum, n);
}
