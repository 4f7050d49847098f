// Taking part of one dimension: `narrow`, `select` and the step-slicing
// `slice` (Python's `x[:, start:end:step]`). The result is a copy of the
// chosen elements (tensors are contiguous here); the gradient is zero except
// where they came from.
import { Tensor, shapeStr } from "../../tensor.js";
import { isGradEnabled } from "../grad_mode.js";
import { Node } from "../node.js";
import { newResult } from "../scope.js";
import { contiguousStrides, copyStrided } from "./strided.js";
import { intArg, wrapDim } from "./dims.js";

/** Where a slice reads: `count` elements of dimension `dim` from `start`, `step` apart. */
interface Part {
  dim: number;
  start: number;
  count: number;
  step: number;
}

class SliceBackward extends Node {
  constructor(
    name: string,
    x: Tensor,
    private readonly part: Part,
  ) {
    super(name, [x]);
  }

  backward(gradOut: Tensor): Tensor[] {
    const gx = Tensor.zeros(this.inputs[0].shape);
    move(gradOut.ptr, gx, this.part, false);
    return [gx];
  }
}

/** Copy the part of `whole` between it and the contiguous `partPtr`: out of `whole` when `gather`, into it otherwise. */
function move(partPtr: number, whole: Tensor, p: Part, gather: boolean): void {
  const st = contiguousStrides(whole.shape);
  const shape = whole.shape.slice();
  shape[p.dim] = p.count;
  const wholeStrides = st.slice();
  wholeStrides[p.dim] *= p.step;
  const at = whole.ptr + p.start * st[p.dim] * 4;
  const partStrides = contiguousStrides(shape);
  if (gather) copyStrided(at, partPtr, shape, wholeStrides, partStrides);
  else copyStrided(partPtr, at, shape, partStrides, wholeStrides);
}

function take(x: Tensor, p: Part, shape: readonly number[], name: string): Tensor {
  const out = newResult(shape, x.dtype);
  move(out.ptr, x, p, true);
  if (isGradEnabled() && x.requiresGrad) out.gradFn = new SliceBackward(name, x, p);
  return out;
}

function withCount(x: Tensor, dim: number, count: number): number[] {
  const s = x.shape.slice();
  s[dim] = count;
  return s;
}

function needDims(op: string, x: Tensor): void {
  if (x.ndim === 0) throw new RangeError(`${op}() cannot be applied to a 0-dim tensor.`);
}

/** PyTorch's `x.narrow(dim, start, length)`: `length` elements of `dim` from `start` (negative counts from the end). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  needDims("narrow", x);
  const d = wrapDim(dim, x.ndim);
  const size = x.shape[d];
  intArg("narrow", "start", start);
  intArg("narrow", "length", length);
  if (start < -size || start > size) throw new RangeError(`start out of range (expected to be in range of [${-size}, ${size}], but got ${start})`);
  const s = start < 0 ? start + size : start;
  if (length < 0 || s + length > size) throw new RangeError(`start (${s}) + length (${length}) exceeds dimension size (${size}).`);
  return take(x, { dim: d, start: s, count: length, step: 1 }, withCount(x, d, length), "SliceBackward0");
}

/** PyTorch's `x.select(dim, index)`: the slice at `index` of `dim` (negative counts from the end), without that dimension. */
export function select(x: Tensor, dim: number, index: number): Tensor {
  needDims("select", x);
  const d = wrapDim(dim, x.ndim);
  const size = x.shape[d];
  intArg("select", "index", index);
  if (index < -size || index >= size) throw new RangeError(`select(): index ${index} out of range for tensor of size ${shapeStr(x.shape)} at dimension ${d}`);
  const i = index < 0 ? index + size : index;
  return take(x, { dim: d, start: i, count: 1, step: 1 }, x.shape.filter((_, j) => j !== d), "SelectBackward0");
}

/**
 * Python's slice `x[..., start:end:step]` along `dim`, as PyTorch indexes:
 * `start` and `end` count from the end when negative and are clamped to the
 * dimension (`undefined` means its beginning and end), `step` is positive.
 */
export function slice(x: Tensor, dim: number, start?: number, end?: number, step = 1): Tensor {
  needDims("slice", x);
  const d = wrapDim(dim, x.ndim);
  const size = x.shape[d];
  intArg("slice", "step", step);
  if (step === 0) throw new RangeError("slice step cannot be zero");
  if (step < 0) throw new RangeError("step must be greater than zero");
  const clamp = (v: number | undefined, fallback: number, name: string): number => {
    if (v === undefined) return fallback;
    intArg("slice", name, v);
    return Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  };
  const from = clamp(start, 0, "start");
  const to = clamp(end, size, "end");
  const count = to > from ? Math.ceil((to - from) / step) : 0;
  return take(x, { dim: d, start: from, count, step }, withCount(x, d, count), "SliceBackward0");
}
