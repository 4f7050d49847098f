// The forward and backward kernels of each elementwise activation, shared by
// the nn activation modules and the tensor methods (`x.relu()`), so both run
// the same bits.
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

export const RELU: ActivationKernels = {
  node: "ReluBackward0",
  forward: (k, x, y, n) => k.reluForward(x, y, n),
  backward: (k, x, y, gy, gx, n) => k.reluBackward(y, gy, gx, n),
};

export const SIGMOID: ActivationKernels = {
  node: "SigmoidBackward0",
  forward: (k, x, y, n) => k.sigmoidForward(x, y, n),
  backward: (k, x, y, gy, gx, n) => k.sigmoidBackward(y, gy, gx, n),
};

export const TANH: ActivationKernels = {
  node: "TanhBackward0",
  forward: (k, x, y, n) => k.tanhForward(x, y, n),
  backward: (k, x, y, gy, gx, n) => k.tanhBackward(y, gy, gx, n),
};

export const GELU: ActivationKernels = {
  node: "GeluBackward0",
  forward: (k, x, y, n) => k.geluForward(x, y, n),
  backward: (k, x, y, gy, gx, n) => k.geluBackward(x, gy, gx, n),
};

export const GELU_TANH: ActivationKernels = {
  node: "GeluBackward0",
  forward: (k, x, y, n) => k.geluTanhForward(x, y, n),
  backward: (k, x, y, gy, gx, n) => k.geluTanhBackward(x, gy, gx, n),
};

export function leakyReluKernels(slope: number): ActivationKernels {
  return {
    node: "LeakyReluBackward0",
    forward: (k, x, y, n) => k.leakyReluForward(x, y, slope, n),
    backward: (k, x, y, gy, gx, n) => k.leakyReluBackward(x, gy, gx, slope, n),
  };
}

export function eluKernels(alpha: number): ActivationKernels {
  return {
    node: "EluBackward0",
    forward: (k, x, y, n) => k.eluForward(x, y, alpha, n),
    backward: (k, x, y, gy, gx, n) => k.eluBackward(x, gy, gx, alpha, n),
  };
}

export function softplusKernels(beta: number, threshold: number): ActivationKernels {
  return {
    node: "SoftplusBackward0",
    forward: (k, x, y, n) => k.softplusForward(x, y, beta, threshold, n),
    backward: (k, x, y, gy, gx, n) => k.softplusBackward(x, gy, gx, beta, threshold, n),
  };
}
