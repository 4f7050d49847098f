// Joining tensors along a dimension: `cat` (an existing dimension) and
// `stack` (a new one). Each input is a block of `outer` rows in the result,
// copied row by row; its gradient is the same block copied back out.
import { Tensor, shapeStr } from "../../tensor.js";
import { isGradEnabled } from "../grad_mode.js";
import { Node } from "../node.js";
import { newResult } from "../scope.js";
import { copyStrided } from "./strided.js";
import { span, wrapDim } from "./dims.js";

/** Where each input sits in the result: `outer` rows of `widths[i]` elements at column `offsets[i]` of rows `total` wide. */
interface Layout {
  outer: number;
  total: number;
  widths: number[];
  offsets: number[];
}

/** Copy input `i`'s block between its own memory and the joined tensor's. */
function moveBlock(lay: Layout, i: number, part: number, joined: number, intoJoined: boolean): void {
  const w = lay.widths[i];
  const at = joined + lay.offsets[i] * 4;
  const shape = [lay.outer, w];
  if (intoJoined) copyStrided(part, at, shape, [w, 1], [lay.total, 1]);
  else copyStrided(at, part, shape, [lay.total, 1], [w, 1]);
}

class CatBackward extends Node {
  constructor(
    name: string,
    inputs: readonly Tensor[],
    private readonly lay: Layout,
  ) {
    super(name, inputs);
  }

  backward(gradOut: Tensor, needs: readonly boolean[]): (Tensor | undefined)[] {
    return this.inputs.map((x, i) => {
      if (!needs[i]) return undefined;
      const gx = Tensor.empty(x.shape);
      moveBlock(this.lay, i, gx.ptr, gradOut.ptr, false);
      return gx;
    });
  }
}

/**
 * Join `tensors`, each seen with shape `shapes[i]`, along dimension `d` of
 * those shapes into a result of `outShape`.
 */
function join(op: "cat" | "stack", tensors: readonly Tensor[], shapes: readonly number[][], d: number, outShape: number[]): Tensor {
  const dtype = tensors[0].dtype;
  tensors.forEach((x, i) => {
    if (x.dtype !== dtype) throw new TypeError(`wasmtune: ${op}(): all tensors must have the same dtype, got ${dtype} and ${x.dtype} for tensor number ${i} in the list`);
    if (x.isDisposed) throw new Error(`wasmtune: use of a disposed tensor of shape ${shapeStr(x.shape)}`);
  });
  const inner = span(outShape, d + 1, outShape.length);
  const widths = shapes.map((s) => s[d] * inner);
  const offsets: number[] = [];
  let at = 0;
  for (const w of widths) {
    offsets.push(at);
    at += w;
  }
  const lay: Layout = { outer: span(outShape, 0, d), total: at, widths, offsets };
  const out = newResult(outShape, dtype);
  tensors.forEach((x, i) => moveBlock(lay, i, x.ptr, out.ptr, true));
  if (isGradEnabled() && tensors.some((x) => x.requiresGrad)) out.gradFn = new CatBackward(op === "cat" ? "CatBackward0" : "StackBackward0", tensors, lay);
  return out;
}

/**
 * PyTorch's `torch.cat(tensors, dim)`: the tensors joined along the existing
 * dimension `dim` (default 0; negative counts from the end); every other
 * dimension must match.
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new Error("torch.cat(): expected a non-empty list of Tensors");
  const first = tensors[0].shape;
  if (first.length === 0) throw new Error("zero-dimensional tensor (at position 0) cannot be concatenated");
  const d = wrapDim(dim, first.length);
  const outShape = first.slice();
  outShape[d] = 0;
  tensors.forEach((x, i) => {
    const s = x.shape;
    if (s.length === 0) throw new Error(`zero-dimensional tensor (at position ${i}) cannot be concatenated`);
    if (s.length !== first.length) throw new Error(`Tensors must have same number of dimensions: got ${first.length} and ${s.length}`);
    for (let j = 0; j < s.length; j++) {
      if (j !== d && s[j] !== first[j]) {
        throw new Error(`Sizes of tensors must match except in dimension ${d}. Expected size ${first[j]} but got size ${s[j]} for tensor number ${i} in the list.`);
      }
    }
    outShape[d] += s[d];
  });
  return join("cat", tensors, tensors.map((x) => x.shape), d, outShape);
}

/**
 * PyTorch's `torch.stack(tensors, dim)`: equally shaped tensors joined along
 * a new dimension inserted at `dim` (default 0, in `[-ndim-1, ndim]`).
 */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new Error("stack expects a non-empty TensorList");
  const first = tensors[0].shape;
  const d = wrapDim(dim, first.length + 1);
  tensors.forEach((x, i) => {
    const s = x.shape;
    if (s.length !== first.length || s.some((n, j) => n !== first[j])) {
      throw new Error(`stack expects each tensor to be equal size, but got ${shapeStr(first)} at entry 0 and ${shapeStr(s)} at entry ${i}`);
    }
  });
  const one = [...first.slice(0, d), 1, ...first.slice(d)];
  const outShape = one.slice();
  outShape[d] = tensors.length;
  return join("stack", tensors, tensors.map(() => one), d, outShape);
}
