// Operations that only change the shape: the result shares the input's
// memory (a view), and the gradient is the output's gradient in the input's
// shape. It is a copy, not a view, since the engine frees the output's
// gradient as soon as the node returns.
import { Tensor, shapeStr } from "../../tensor.js";
import { vecCopy } from "../../kernels/elementwise.js";
import { rt } from "../../runtime/wasm.js";
import { isGradEnabled } from "../grad_mode.js";
import { Node } from "../node.js";
import { wrapDim } from "./dims.js";

class ViewBackward extends Node {
  backward(gradOut: Tensor): Tensor[] {
    const gx = Tensor.empty(this.inputs[0].shape);
    vecCopy(rt().k, { src: gradOut.ptr, dst: gx.ptr, n: gradOut.size });
    return [gx];
  }
}

/** A view of `x` with `shape` (same size, already checked), recorded as `name` when `x` requires grad. */
export function viewAs(x: Tensor, shape: readonly number[], name: string): Tensor {
  if (x.isDisposed) throw new Error(`wasmtune: use of a disposed tensor of shape ${shapeStr(x.shape)}`);
  const out = new Tensor(x.ptr, shape, x.dtype, false, x.base ?? x);
  if (isGradEnabled() && x.requiresGrad) out.gradFn = new ViewBackward(name, [x]);
  return out;
}

/** `shape` with its one `-1` inferred from the size of `from`, checked against it with PyTorch's messages. */
function inferShape(shape: readonly number[], from: readonly number[]): number[] {
  const size = from.reduce((a, d) => a * d, 1);
  const s = shape.slice();
  const free = s.indexOf(-1);
  if (free >= 0 && s.indexOf(-1, free + 1) >= 0) throw new Error("only one dimension can be inferred");
  for (const d of s) if (!Number.isInteger(d) || d < -1) throw new Error(`invalid shape dimension ${d}`);
  const known = s.reduce((a, d, i) => (i === free ? a : a * d), 1);
  if (free >= 0 && known !== 0 && size % known === 0) s[free] = size / known;
  if (s.indexOf(-1) >= 0 || s.reduce((a, d) => a * d, 1) !== size) {
    throw new Error(`shape '${shapeStr(shape)}' is invalid for input of size ${size}: cannot reshape a tensor of shape ${shapeStr(from)} to ${shapeStr(shape)}`);
  }
  return s;
}

/** PyTorch's `x.reshape(shape)` (one dimension may be -1). Always a view here: tensors are contiguous. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  return viewAs(x, inferShape(shape, x.shape), "ReshapeAliasBackward0");
}

/** PyTorch's `x.view(shape)`. */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  return viewAs(x, inferShape(shape, x.shape), "ViewBackward0");
}

/** PyTorch's `x.flatten(startDim, endDim)`: dimensions `startDim..endDim` (inclusive) merged into one. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  const s = x.shape;
  const start = wrapDim(startDim, s.length);
  const end = wrapDim(endDim, s.length);
  if (start > end) throw new Error("flatten() has invalid args: start_dim cannot come after end_dim");
  if (s.length === 0) return viewAs(x, [1], "ReshapeAliasBackward0");
  const merged = s.slice(start, end + 1).reduce((a, d) => a * d, 1);
  return viewAs(x, [...s.slice(0, start), merged, ...s.slice(end + 1)], "ReshapeAliasBackward0");
}

/** PyTorch's `x.unsqueeze(dim)`: a size-1 dimension inserted at `dim` (in `[-ndim-1, ndim]`). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = wrapDim(dim, x.ndim + 1);
  return viewAs(x, [...x.shape.slice(0, d), 1, ...x.shape.slice(d)], "UnsqueezeBackward0");
}

/** PyTorch's `x.squeeze()` (every size-1 dimension removed) and `x.squeeze(dim)` (that one, if its size is 1). */
export function squeeze(x: Tensor, dim?: number): Tensor {
  if (dim === undefined) return viewAs(x, x.shape.filter((n) => n !== 1), "SqueezeBackward0");
  const d = wrapDim(dim, x.ndim);
  const shape = x.ndim > 0 && x.shape[d] === 1 ? x.shape.filter((_, i) => i !== d) : x.shape;
  return viewAs(x, shape, "SqueezeBackward1");
}
