// RMSprop (plain or centered, with or without momentum), in the order of
// torch.optim.RMSprop (1.13, single-tensor path). `gradAvg` is 0 unless
// centered, `momentumBuffer` is 0 unless momentum > 0.
import { bodyBytes, tailIn, tailOut } from "../kernels/lanes";
import { effectiveGrad, fma4, fmaScalar4, movingAverage, movingSquare } from "./fused";

@inline function rmsprop4(
  pp: usize, gp: usize, sqp: usize, gap: usize, bp: usize, weightDecay: f32, alpha: f32,
  oneMinusAlpha: f32, eps: f32, momentum: f32, negLr: f32, maximize: i32,
): void {
  const p = v128.load(pp);
  const g = effectiveGrad(v128.load(gp), p, weightDecay, maximize);
  const sq = movingSquare(v128.load(sqp), g, alpha, oneMinusAlpha);
  v128.store(sqp, sq);
  let avg: v128;
  if (gap != 0) {
    const ga = movingAverage(v128.load(gap), g, alpha, oneMinusAlpha);
    v128.store(gap, ga);
    avg = f32x4.sqrt(fma4(f32x4.neg(ga), ga, sq));
  } else {
    avg = f32x4.sqrt(sq);
  }
  avg = f32x4.add(avg, f32x4.splat(eps));
  if (bp != 0) {
    const b = f32x4.add(f32x4.mul(v128.load(bp), f32x4.splat(momentum)), f32x4.div(g, avg));
    v128.store(bp, b);
    v128.store(pp, fmaScalar4(b, negLr, p));
  } else {
    v128.store(pp, f32x4.add(p, f32x4.div(f32x4.mul(f32x4.splat(negLr), g), avg)));
  }
}

export function rmspropStep(
  param: usize, grad: usize, squareAvg: usize, gradAvg: usize, momentumBuffer: usize, n: i32,
  weightDecay: f32, alpha: f32, oneMinusAlpha: f32, eps: f32, momentum: f32, negLr: f32, maximize: i32,
): void {
  const body = bodyBytes(n);
  const centered = gradAvg != 0;
  const withMomentum = momentumBuffer != 0;
  for (let o: usize = 0; o < body; o += 16) {
    rmsprop4(param + o, grad + o, squareAvg + o, centered ? gradAvg + o : 0, withMomentum ? momentumBuffer + o : 0,
      weightDecay, alpha, oneMinusAlpha, eps, momentum, negLr, maximize);
  }
  if ((n & 3) == 0) return;
  rmsprop4(tailIn(0, param, n), tailIn(1, grad, n), tailIn(2, squareAvg, n), centered ? tailIn(3, gradAvg, n) : 0,
    withMomentum ? tailIn(4, momentumBuffer, n) : 0, weightDecay, alpha, oneMinusAlpha, eps, momentum, negLr, maximize);
  tailOut(0, param, n);
  tailOut(2, squareAvg, n);
  if (centered) tailOut(3, gradAvg, n);
  if (withMomentum) tailOut(4, momentumBuffer, n);
}
