// The kernels of Softmax and LogSoftmax over any dimension, shared by the nn
// modules and the tensor methods: the row kernels when the dimension is the
// last (inner = 1), the strided ones otherwise.
import {
  logSoftmaxBackward,
  logSoftmaxBackwardStrided,
  logSoftmaxForward,
  logSoftmaxForwardStrided,
  softmaxBackward,
  softmaxBackwardStrided,
  softmaxForward,
  softmaxForwardStrided,
} from "../../kernels/softmax.js";
import type { Kernels } from "../../runtime/wasm.js";

/** The kernels of one of the two, as [outer, size, inner] runs. */
export interface Normaliser {
  readonly op: string;
  readonly node: string;
  forward(k: Kernels, x: number, y: number, outer: number, size: number, inner: number): void;
  backward(k: Kernels, y: number, gy: number, gx: number, outer: number, size: number, inner: number): void;
}

/** The two share their kernels' signatures, parameter names included: the row kernels and the strided ones, each way. */
function normaliser(
  op: "softmax" | "logSoftmax",
  node: string,
  rows: { forward: typeof softmaxForward; backward: typeof softmaxBackward },
  strided: { forward: typeof softmaxForwardStrided; backward: typeof softmaxBackwardStrided },
): Normaliser {
  return {
    op,
    node,
    forward: (k, x, y, outer, size, inner) =>
      inner === 1 ? rows.forward(k, { x, y, rows: outer, cols: size }) : strided.forward(k, { x, y, outer, d: size, inner }),
    backward: (k, y, gy, gx, outer, size, inner) =>
      inner === 1 ? rows.backward(k, { y, gy, gx, rows: outer, cols: size }) : strided.backward(k, { y, gy, gx, outer, d: size, inner }),
  };
}

export const SOFTMAX = normaliser(
  "softmax",
  "SoftmaxBackward0",
  { forward: softmaxForward, backward: softmaxBackward },
  { forward: softmaxForwardStrided, backward: softmaxBackwardStrided },
);
export const LOG_SOFTMAX = normaliser(
  "logSoftmax",
  "LogSoftmaxBackward0",
  { forward: logSoftmaxForward, backward: logSoftmaxBackward },
  { forward: logSoftmaxForwardStrided, backward: logSoftmaxBackwardStrided },
);
