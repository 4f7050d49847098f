// Softmax and LogSoftmax along any dimension as graph operations, running the
// nn modules' kernels: the row kernels for the last dimension, the strided
// ones otherwise (the input seen as [outer, size, inner]). Both backward
// passes read only the saved output, as in PyTorch.
import { Tensor } from "../../tensor.js";
import { rt } from "../../runtime/wasm.js";
import { isGradEnabled } from "../grad_mode.js";
import { Node } from "../node.js";
import { newResult } from "../scope.js";
import { alive, requireFloat } from "./saved.js";
import { span, wrapDim } from "./dims.js";
import { LOG_SOFTMAX, SOFTMAX } from "./softmax_kernels.js";
import type { Normaliser } from "./softmax_kernels.js";

class NormaliserBackward extends Node {
  constructor(
    private readonly f: Normaliser,
    x: Tensor,
    private readonly y: Tensor,
    private readonly runs: [number, number, number],
  ) {
    super(f.node, [x]);
  }

  backward(gradOut: Tensor): Tensor[] {
    const y = alive(this.y, this);
    const gx = Tensor.empty(y.shape);
    this.f.backward(rt().k, y.ptr, gradOut.ptr, gx.ptr, ...this.runs);
    return [gx];
  }
}

function normalise(f: Normaliser, x: Tensor, dim: number): Tensor {
  requireFloat(f.op, x);
  const s = x.shape;
  const d = wrapDim(dim, s.length);
  // A 0-d tensor normalises over its single element, as in PyTorch.
  const runs: [number, number, number] = [span(s, 0, d), s.length === 0 ? 1 : s[d], span(s, d + 1, s.length)];
  const y = newResult(s);
  f.forward(rt().k, x.ptr, y.ptr, ...runs);
  if (isGradEnabled() && x.requiresGrad) y.gradFn = new NormaliserBackward(f, x, y, runs);
  return y;
}

/** PyTorch's `x.softmax(dim)`: `e^x / sum(e^x)` along `dim` (negative counts from the end), computed stably. */
export const softmax = (x: Tensor, dim: number): Tensor => normalise(SOFTMAX, x, dim);

/** PyTorch's `x.log_softmax(dim)`: `x - log(sum(e^x))` along `dim`, computed stably. */
export const logSoftmax = (x: Tensor, dim: number): Tensor => normalise(LOG_SOFTMAX, x, dim);
