// SGD with momentum, dampening, Nesterov, L2 weight decay and maximize, in the
// order of torch.optim.SGD (1.13, single-tensor path). All pointers are byte
// offsets; `buf` is 0 when momentum is 0 (the host decides, so a momentum
// that rounds to 0 in f32 still uses its buffer, as PyTorch does). `first` != 0
// on the first step with momentum, when PyTorch sets the buffer to the
// gradient itself (no dampening).
import { bodyBytes, tailIn, tailOut } from "../kernels/lanes";
import { effectiveGrad, fmaScalar4, movingAverage } from "./fused";
import { sgdTableBuf, sgdTableFirst, sgdTableGrad, sgdTableN, sgdTableParam, sgdTableRow } from "../generated/optim";

@inline function sgd4(
  pp: usize, gp: usize, bp: usize, negLr: f32, weightDecay: f32, momentum: f32,
  oneMinusDampening: f32, nesterov: i32, maximize: i32, first: i32,
): void {
  const p = v128.load(pp);
  let d = effectiveGrad(v128.load(gp), p, weightDecay, maximize);
  if (bp != 0) {
    const b = first != 0 ? d : movingAverage(v128.load(bp), d, momentum, oneMinusDampening);
    v128.store(bp, b);
    d = nesterov != 0 ? fmaScalar4(b, momentum, d) : b;
  }
  v128.store(pp, fmaScalar4(d, negLr, p));
}

export function sgdStep(
  param: usize, grad: usize, buf: usize, n: i32, negLr: f32, weightDecay: f32, momentum: f32,
  oneMinusDampening: f32, nesterov: i32, maximize: i32, first: i32,
): void {
  const body = bodyBytes(n);
  const withMomentum = buf != 0;
  for (let o: usize = 0; o < body; o += 16) {
    sgd4(param + o, grad + o, withMomentum ? buf + o : 0, negLr, weightDecay, momentum, oneMinusDampening, nesterov, maximize, first);
  }
  if ((n & 3) == 0) return;
  sgd4(tailIn(0, param, n), tailIn(1, grad, n), withMomentum ? tailIn(2, buf, n) : 0, negLr, weightDecay, momentum, oneMinusDampening, nesterov, maximize, first);
  tailOut(0, param, n);
  if (withMomentum) tailOut(2, buf, n);
}

/**
 * `sgdStep` on every parameter of a group in one call. `table` holds `count`
 * rows of the `sgdTable` declared in assembly/decl/optim.json, written by
 * src/optim/sgd.ts. Each row goes through `sgdStep`
 * itself, so the result is the per-parameter kernel's, bit for bit.
 */
export function sgdStepTable(
  table: usize, count: i32, negLr: f32, weightDecay: f32, momentum: f32, oneMinusDampening: f32, nesterov: i32, maximize: i32,
): void {
  for (let i = 0; i < count; i++) {
    const r = sgdTableRow(table, i);
    sgdStep(sgdTableParam(r), sgdTableGrad(r), sgdTableBuf(r), sgdTableN(r), negLr, weightDecay, momentum, oneMinusDampening, nesterov, maximize,
      sgdTableFirst(r));
  }
}
