// Cross-entropy on logp = log_softmax(logits), which the host computes first
// with logSoftmaxForward. The loss for class-index targets is classNllForward
// (loss_class.ts) with label smoothing as a = 1 - ε, b = ε / C; this file has
// its gradient, and both passes for class-probability targets.
//
// d(-logp[k])/dlogits[j] = p[j] - [j = k] with p = e^logp, so for index
// targets (t the row's class, g its upstream gradient, ignored rows 0):
//   grad[j] = g · (p[j] · (a·w[t] + b·Σw) - b·w[j]) - [j = t] · g·a·w[t]
// and for probability targets, with smoothed targets q = y·(1 - ε) + ε/C:
//   loss    = -Σ_j w[j]·q[j]·logp[j]
//   grad[j] = g · (p[j] · Σ_k w[k]·q[k] - w[j]·q[j])
import { bodyBytes, loadTail, storeTail } from "./lanes";
import { hsum } from "./rows";
import { vexp } from "./vmath";
import { weightAt, weightTail, weightVec } from "./weights";

/** Index targets, all but the target class: g·(p·(a·w[t] + b·Σw) - b·w[j]) with alpha and bg folded in. */
@inline function indexGrad(logp: v128, w: v128, alpha: v128, bg: v128): v128 {
  return f32x4.sub(f32x4.mul(vexp(logp), alpha), f32x4.mul(bg, w));
}

export function crossEntropyBackward(logp: usize, target: usize, weight: usize, ignoreIndex: i32, a: f32, b: f32, weightSum: f32, gout: usize, scale: f32, grad: usize, n: i32, c: i32): void {
  const stride = <usize>c << 2, t = bodyBytes(c), r = c & 3;
  for (let i = 0; i < n; i++) {
    const li = logp + <usize>i * stride, gi = grad + <usize>i * stride;
    const cls = load<i32>(target + (<usize>i << 2));
    if (cls == ignoreIndex) {
      memory.fill(gi, 0, stride);
      continue;
    }
    const g = scale * (gout != 0 ? load<f32>(gout + (<usize>i << 2)) : 1);
    const wt = weightAt(weight, cls);
    const alpha = f32x4.splat(g * (a * wt + b * weightSum));
    const bg = f32x4.splat(g * b);
    for (let o: usize = 0; o < t; o += 16) v128.store(gi + o, indexGrad(v128.load(li + o), weightVec(weight, o), alpha, bg));
    if (r) storeTail(gi + t, indexGrad(loadTail(li + t, r), weightTail(weight, t, r), alpha, bg), r);
    const at = gi + (<usize>cls << 2);
    store<f32>(at, load<f32>(at) - g * a * wt);
  }
}

/** w·q for four classes: the smoothed targets times their weights. */
@inline function weightedTargets(y: v128, w: v128, keep: v128, add: v128): v128 {
  return f32x4.mul(f32x4.add(f32x4.mul(y, keep), add), w);
}

/** Σ_j w[j]·q[j]·v[j] over one row (v = logp for the loss, v = 1 for the gradient's Σ w·q). */
@inline function weightedTargetDot(row: usize, y: usize, weight: usize, keep: f32, add: f32, c: i32, withRow: bool): f32 {
  const t = bodyBytes(c);
  const kv = f32x4.splat(keep), av = f32x4.splat(add);
  let acc = f32x4.splat(0);
  for (let o: usize = 0; o < t; o += 16) {
    const wq = weightedTargets(v128.load(y + o), weightVec(weight, o), kv, av);
    acc = f32x4.add(acc, withRow ? f32x4.mul(v128.load(row + o), wq) : wq);
  }
  let s = hsum(acc);
  for (let j = c & ~3; j < c; j++) {
    const o = <usize>j << 2;
    const wq = (load<f32>(y + o) * keep + add) * weightAt(weight, j);
    s += withRow ? load<f32>(row + o) * wq : wq;
  }
  return s;
}

export function crossEntropyProbForward(logp: usize, y: usize, weight: usize, eps: f64, out: usize, n: i32, c: i32): f64 {
  const stride = <usize>c << 2;
  const keep = <f32>(1 - eps), add = <f32>(eps / c);
  let s: f64 = 0;
  for (let i = 0; i < n; i++) {
    const at = <usize>i * stride;
    const l = -weightedTargetDot(logp + at, y + at, weight, keep, add, c, true);
    if (out != 0) store<f32>(out + (<usize>i << 2), l);
    s += <f64>l;
  }
  return s;
}

/** Probability targets: g·(p·Σ w·q - w·q). */
@inline function probGrad(logp: v128, wq: v128, sum: v128, g: v128): v128 {
  return f32x4.mul(f32x4.sub(f32x4.mul(vexp(logp), sum), wq), g);
}

export function crossEntropyProbBackward(logp: usize, y: usize, weight: usize, eps: f64, gout: usize, scale: f32, grad: usize, n: i32, c: i32): void {
  const stride = <usize>c << 2, t = bodyBytes(c), r = c & 3;
  const keep = <f32>(1 - eps), add = <f32>(eps / c);
  const kv = f32x4.splat(keep), av = f32x4.splat(add);
  for (let i = 0; i < n; i++) {
    const at = <usize>i * stride, li = logp + at, yi = y + at, gi = grad + at;
    const g = scale * (gout != 0 ? load<f32>(gout + (<usize>i << 2)) : 1);
    const gv = f32x4.splat(g);
    const sv = f32x4.splat(weightedTargetDot(li, yi, weight, keep, add, c, false));
    for (let o: usize = 0; o < t; o += 16) {
      const wq = weightedTargets(v128.load(yi + o), weightVec(weight, o), kv, av);
      v128.store(gi + o, probGrad(v128.load(li + o), wq, sv, gv));
    }
    if (r) {
      const wq = weightedTargets(loadTail(yi + t, r), weightTail(weight, t, r), kv, av);
      storeTail(gi + t, probGrad(loadTail(li + t, r), wq, sv, gv), r);
    }
  }
}
