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

/**
 * An activation without parameters: its kernels are `${name}Forward(x, y, n)`
 * and `${name}Backward(saved, gy, gx, n)`, where `saved` is the input or the
 * output as PyTorch's formula reads it.
 */
function plain(name: "relu" | "sigmoid" | "tanh" | "gelu" | "geluTanh", node: string, reads: "x" | "y"): ActivationKernels {
  return {
    node,
    forward: (k, x, y, n) => k[`${name}Forward`](x, y, n),
    backward: (k, x, y, gy, gx, n) => k[`${name}Backward`](reads === "x" ? x : y, gy, gx, n),
  };
}

export const RELU = plain("relu", "ReluBackward0", "y");
export const SIGMOID = plain("sigmoid", "SigmoidBackward0", "y");
export const TANH = plain("tanh", "TanhBackward0", "y");
export const GELU = plain("gelu", "GeluBackward0", "x");
export const GELU_TANH = plain("geluTanh", "GeluBackward0", "x");

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
