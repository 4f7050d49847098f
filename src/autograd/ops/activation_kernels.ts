// The forward and backward kernels of each elementwise activation, shared by
// the nn activation modules and the tensor methods (`x.relu()`), so both run
// the same bits.
import {
  eluBackward,
  eluForward,
  geluBackward,
  geluForward,
  geluTanhBackward,
  geluTanhForward,
  leakyReluBackward,
  leakyReluForward,
  reluBackward,
  reluForward,
  sigmoidBackward,
  sigmoidForward,
  softplusBackward,
  softplusForward,
  tanhBackward,
  tanhForward,
} from "../../kernels/activation.js";
import type { Kernels } from "../../runtime/wasm.js";

/** Runs a forward kernel: input x, output y (byte offsets), n elements. */
export type ForwardKernel = (k: Kernels, x: number, y: number, n: number) => void;
/** Runs a backward kernel given the saved input x and output y, the upstream gradient gy and the result gx. */
export type BackwardKernel = (k: Kernels, x: number, y: number, gy: number, gx: number, n: number) => void;

/** One activation: its PyTorch node name and its kernels. */
export interface ActivationKernels {
  /** PyTorch's `grad_fn` name (`ReluBackward0`). */
  readonly node: string;
  readonly forward: ForwardKernel;
  readonly backward: BackwardKernel;
}

// Each backward kernel names the saved tensor it reads: the output y (ReLU,
// sigmoid, tanh) or the input x (GELU), as PyTorch's formula does.
export const RELU: ActivationKernels = {
  node: "ReluBackward0",
  forward: (k, x, y, n) => reluForward(k, { x, y, n }),
  backward: (k, x, y, gy, gx, n) => reluBackward(k, { y, gy, gx, n }),
};
export const SIGMOID: ActivationKernels = {
  node: "SigmoidBackward0",
  forward: (k, x, y, n) => sigmoidForward(k, { x, y, n }),
  backward: (k, x, y, gy, gx, n) => sigmoidBackward(k, { y, gy, gx, n }),
};
export const TANH: ActivationKernels = {
  node: "TanhBackward0",
  forward: (k, x, y, n) => tanhForward(k, { x, y, n }),
  backward: (k, x, y, gy, gx, n) => tanhBackward(k, { y, gy, gx, n }),
};
export const GELU: ActivationKernels = {
  node: "GeluBackward0",
  forward: (k, x, y, n) => geluForward(k, { x, y, n }),
  backward: (k, x, y, gy, gx, n) => geluBackward(k, { x, gy, gx, n }),
};
export const GELU_TANH: ActivationKernels = {
  node: "GeluBackward0",
  forward: (k, x, y, n) => geluTanhForward(k, { x, y, n }),
  backward: (k, x, y, gy, gx, n) => geluTanhBackward(k, { x, gy, gx, n }),
};

export function leakyReluKernels(slope: number): ActivationKernels {
  return {
    node: "LeakyReluBackward0",
    forward: (k, x, y, n) => leakyReluForward(k, { x, y, slope, n }),
    backward: (k, x, y, gy, gx, n) => leakyReluBackward(k, { x, gy, gx, slope, n }),
  };
}

export function eluKernels(alpha: number): ActivationKernels {
  return {
    node: "EluBackward0",
    forward: (k, x, y, n) => eluForward(k, { x, y, alpha, n }),
    backward: (k, x, y, gy, gx, n) => eluBackward(k, { x, gy, gx, alpha, n }),
  };
}

export function softplusKernels(beta: number, threshold: number): ActivationKernels {
  return {
    node: "SoftplusBackward0",
    forward: (k, x, y, n) => softplusForward(k, { x, y, beta, threshold, n }),
    backward: (k, x, y, gy, gx, n) => softplusBackward(k, { x, gy, gx, beta, threshold, n }),
  };
}
