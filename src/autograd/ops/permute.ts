// Reordering dimensions: `permute`, `transpose` and `t`. Tensors are always
// contiguous here, so the result is a copy in the new order (one strided
// copy, a SIMD transpose when the permutation swaps two blocks of
// dimensions); the gradient is the same copy run backwards.
import { Tensor } from "../../tensor.js";
import { isGradEnabled } from "../grad_mode.js";
import { Node } from "../node.js";
import { newResult } from "../scope.js";
import { contiguousStrides, copyStrided } from "./strided.js";
import { wrapDim } from "./dims.js";

class PermuteBackward extends Node {
  constructor(
    name: string,
    x: Tensor,
    private readonly outShape: readonly number[],
    private readonly readStrides: readonly number[],
  ) {
    super(name, [x]);
  }

  backward(gradOut: Tensor): Tensor[] {
    const gx = Tensor.empty(this.inputs[0].shape);
    copyStrided(gradOut.ptr, gx.ptr, this.outShape, contiguousStrides(this.outShape), this.readStrides);
    return [gx];
  }
}

/** `x` with its dimensions in the order `dims` (already wrapped and checked), recorded as `name`. */
function reorder(x: Tensor, dims: readonly number[], name: string): Tensor {
  const st = contiguousStrides(x.shape);
  const shape = dims.map((d) => x.shape[d]);
  const read = dims.map((d) => st[d]);
  const out = newResult(shape, x.dtype);
  copyStrided(x.ptr, out.ptr, shape, read, contiguousStrides(shape));
  if (isGradEnabled() && x.requiresGrad) out.gradFn = new PermuteBackward(name, x, shape, read);
  return out;
}

/** PyTorch's `x.permute(dims)`: dimension `i` of the result is dimension `dims[i]` of `x`. */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.ndim) {
    throw new Error(`permute(dims): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.ndim} is not equal to len(dims) = ${dims.length}`);
  }
  const wrapped = dims.map((d) => wrapDim(d, x.ndim));
  if (new Set(wrapped).size !== wrapped.length) throw new Error("permute(): duplicate dims are not allowed.");
  return reorder(x, wrapped, "PermuteBackward0");
}

/** PyTorch's `x.transpose(dim0, dim1)`: the two dimensions swapped. */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const a = wrapDim(dim0, x.ndim);
  const b = wrapDim(dim1, x.ndim);
  const dims = x.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return reorder(x, dims, "TransposeBackward0");
}

/** PyTorch's `x.t()`: a 2-D tensor transposed; 0-d and 1-D tensors as they are. */
export function t(x: Tensor): Tensor {
  if (x.ndim > 2) throw new Error(`t() expects a tensor with <= 2 dimensions, but self is ${x.ndim}D`);
  return reorder(x, x.ndim === 2 ? [1, 0] : x.shape.map((_, i) => i), "TBackward0");
}
