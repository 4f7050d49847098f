// The kernels of Softmax and LogSoftmax over any dimension, shared by the nn
// modules and the tensor methods: the row kernels when the dimension is the
// last (inner = 1), the strided ones otherwise.
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
  forward: (k, x, y, outer, size, inner) => (inner === 1 ? k.softmaxForward(x, y, outer, size) : k.softmaxForwardStrided(x, y, outer, size, inner)),
  backward: (k, y, gy, gx, outer, size, inner) =>
    inner === 1 ? k.softmaxBackward(y, gy, gx, outer, size) : k.softmaxBackwardStrided(y, gy, gx, outer, size, inner),
};

export const LOG_SOFTMAX: Normaliser = {
  op: "logSoftmax",
  node: "LogSoftmaxBackward0",
  forward: (k, x, y, outer, size, inner) => (inner === 1 ? k.logSoftmaxForward(x, y, outer, size) : k.logSoftmaxForwardStrided(x, y, outer, size, inner)),
  backward: (k, y, gy, gx, outer, size, inner) =>
    inner === 1 ? k.logSoftmaxBackward(y, gy, gx, outer, size) : k.logSoftmaxBackwardStrided(y, gy, gx, outer, size, inner),
};
