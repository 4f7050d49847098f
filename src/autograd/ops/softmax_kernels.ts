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

export const SOFTMAX: Normaliser = {
  op: "softmax",
  node: "SoftmaxBackward0",
  forward: (k, x, y, outer, size, inner) =>
    inner === 1 ? softmaxForward(k, { x, y, rows: outer, cols: size }) : softmaxForwardStrided(k, { x, y, outer, d: size, inner }),
  backward: (k, y, gy, gx, outer, size, inner) =>
    inner === 1 ? softmaxBackward(k, { y, gy, gx, rows: outer, cols: size }) : softmaxBackwardStrided(k, { y, gy, gx, outer, d: size, inner }),
};

export const LOG_SOFTMAX: Normaliser = {
  op: "logSoftmax",
  node: "LogSoftmaxBackward0",
  forward: (k, x, y, outer, size, inner) =>
    inner === 1 ? logSoftmaxForward(k, { x, y, rows: outer, cols: size }) : logSoftmaxForwardStrided(k, { x, y, outer, d: size, inner }),
  backward: (k, y, gy, gx, outer, size, inner) =>
    inner === 1 ? logSoftmaxBackward(k, { y, gy, gx, rows: outer, cols: size }) : logSoftmaxBackwardStrided(k, { y, gy, gx, outer, d: size, inner }),
};
