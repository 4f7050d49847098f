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

/** The two share their kernels' signatures: `${name}Forward`, `${name}Backward` and the strided variants. */
function normaliser(op: "softmax" | "logSoftmax", node: string): Normaliser {
  return {
    op,
    node,
    forward: (k, x, y, outer, size, inner) =>
      inner === 1 ? k[`${op}Forward`](x, y, outer, size) : k[`${op}ForwardStrided`](x, y, outer, size, inner),
    backward: (k, y, gy, gx, outer, size, inner) =>
      inner === 1 ? k[`${op}Backward`](y, gy, gx, outer, size) : k[`${op}BackwardStrided`](y, gy, gx, outer, size, inner),
  };
}

export const SOFTMAX = normaliser("softmax", "SoftmaxBackward0");
export const LOG_SOFTMAX = normaliser("logSoftmax", "LogSoftmaxBackward0");
