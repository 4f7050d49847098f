import type { Tensor } from "../../tensor.js";
import { Node } from "../node.js";
import { isGradEnabled } from "../grad_mode.js";
import { newResult } from "../scope.js";
import { BinaryOp, binaryInto, expandTo } from "./broadcast.js";
import { dimMask, sumAxes } from "./axes.js";
import { checkInput } from "./check.js";

// Sums and means over all elements or over some dimensions, as PyTorch's
// `sum` and `mean`. Each output is summed in a fixed order (see
// assembly/kernels/sum_axis.ts), the same in every runtime.

/** Dimensions to reduce: one, a list (negative from the end), or all when omitted. */
export type Dims = number | readonly number[];

/** The reduced dimensions' mask, the output shape and that shape with the reduced dimensions kept as 1. */
function plan(x: Tensor, dim: Dims | null | undefined, keepdim: boolean): { mask: boolean[]; shape: number[]; kept: number[] } {
  const mask = dim === undefined || dim === null ? x.shape.map(() => true) : dimMask(dim, x.ndim);
  const kept = x.shape.map((d, i) => (mask[i] ? 1 : d));
  const all = dim === undefined || dim === null;
  const shape = keepdim && !all ? kept : x.shape.filter((_, i) => !mask[i]);
  return { mask, shape, kept };
}

/** Gradient of a sum or mean: the output's gradient spread over the elements each output summed, divided by their count for a mean. */
class ReduceBackward extends Node {
  constructor(
    name: string,
    x: Tensor,
    private readonly kept: readonly number[],
    private readonly count: number,
  ) {
    super(name, [x]);
  }

  backward(g: Tensor): (Tensor | undefined)[] {
    const gx = expandTo(g, this.kept, this.inputs[0].shape);
    if (this.count !== 1) binaryInto(BinaryOp.div, gx, gx.shape, this.count, [], gx);
    return [gx];
  }
}

function reduce(who: "sum" | "mean", input: Tensor, dim: Dims | null | undefined, keepdim: boolean): Tensor {
  checkInput(who, input);
  const { mask, shape, kept } = plan(input, dim, keepdim);
  const out = newResult(shape);
  sumAxes(input, mask, out);
  let count = 1;
  if (who === "mean") {
    count = input.shape.reduce((a, d, i) => (mask[i] ? a * d : a), 1);
    binaryInto(BinaryOp.div, out, out.shape, count, [], out);
  }
  if (isGradEnabled() && input.requiresGrad) {
    const all = dim === undefined || dim === null;
    const name = `${who === "sum" ? "Sum" : "Mean"}Backward${all ? 0 : 1}`;
    out.gradFn = new ReduceBackward(name, input, kept, count);
  }
  return out;
}

/**
 * Sum of all elements (a 0-d tensor), or over `dim` (a dimension or a list,
 * negative counting from the end), dropping the summed dimensions unless
 * `keepdim` (PyTorch's `torch.sum`).
 */
export function sum(input: Tensor, dim?: Dims | null, keepdim = false): Tensor {
  return reduce("sum", input, dim, keepdim);
}

/** Mean of all elements, or over `dim` as {@link sum} (PyTorch's `torch.mean`). The mean of no elements is NaN. */
export function mean(input: Tensor, dim?: Dims | null, keepdim = false): Tensor {
  return reduce("mean", input, dim, keepdim);
}

