// Negative log-likelihood over class indices, shared by NLLLoss and
// CrossEntropyLoss (which runs it on log_softmax of the logits).
//
// For row i with target t (rows whose target is ignoreIndex give 0):
//   loss_i = a · w[t] · (-logp[i, t]) + b · Σ_j w[j] · (-logp[i, j])
// a = 1, b = 0 is plain NLL; a = 1 - ε, b = ε / C is PyTorch's label
// smoothing. weight = 0 means every class weighs 1.
import { rowDot, rowSum } from "./rows";
import { weightAt } from "./weights";

/** Σ_j w[j] · logp[j] over one row. */
@inline function weightedRowSum(row: usize, weight: usize, c: i32): f32 {
  return weight != 0 ? rowDot(row, weight, c) : rowSum(row, c);
}

/**
 * Writes loss_i to out (when out != 0) and returns Σ loss_i. When stats != 0
 * it receives the largest logp[i, t] seen: a positive value is impossible for
 * log-probabilities, so the host can tell that probabilities were passed.
 */
export function classNllForward(logp: usize, target: usize, weight: usize, ignoreIndex: i32, a: f32, b: f32, out: usize, stats: usize, n: i32, c: i32): f64 {
  let s: f64 = 0;
  let maxPick: f32 = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = load<i32>(target + (<usize>i << 2));
    let l: f32 = 0;
    if (t != ignoreIndex) {
      const row = logp + ((<usize>i * <usize>c) << 2);
      const pick = load<f32>(row + (<usize>t << 2));
      maxPick = max(maxPick, pick);
      l = a * (weightAt(weight, t) * -pick);
      // Skipped when b = 0 so that -inf entries (masked logits, log 0) outside the target stay harmless.
      if (b != 0) l += b * -weightedRowSum(row, weight, c);
    }
    if (out != 0) store<f32>(out + (<usize>i << 2), l);
    s += <f64>l;
  }
  if (stats != 0) store<f32>(stats, maxPick);
  return s;
}

/** Σ w[t_i] over rows not ignored: the divisor of PyTorch's weighted mean. */
export function classWeightSum(target: usize, weight: usize, ignoreIndex: i32, n: i32): f64 {
  let s: f64 = 0;
  for (let i = 0; i < n; i++) {
    const t = load<i32>(target + (<usize>i << 2));
    if (t != ignoreIndex) s += <f64>weightAt(weight, t);
  }
  return s;
}

/** grad[i, :] = 0 except grad[i, t] = -w[t] · scale · (gout ? gout[i] : 1). */
export function nllLossBackward(target: usize, weight: usize, ignoreIndex: i32, gout: usize, scale: f32, grad: usize, n: i32, c: i32): void {
  memory.fill(grad, 0, (<usize>n * <usize>c) << 2);
  for (let i = 0; i < n; i++) {
    const t = load<i32>(target + (<usize>i << 2));
    if (t == ignoreIndex) continue;
    const g: f32 = gout != 0 ? load<f32>(gout + (<usize>i << 2)) : 1;
    store<f32>(grad + ((<usize>i * <usize>c + <usize>t) << 2), -weightAt(weight, t) * scale * g);
  }
}
