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

/** An activation without parameters whose gradient reads its output y, as PyTorch's formula does. */
function readingY(node: string, forward: typeof reluForward, backward: typeof reluBackward): ActivationKernels {
  return { node, forward: (k, x, y, n) => forward(k, { x, y, n }), backward: (k, x, y, gy, gx, n) => backward(k, { y, gy, gx, n }) };
}

/** An activation without parameters whose gradient reads its input x. */
function readingX(node: string, forward: typeof geluForward, backward: typeof geluBackward): ActivationKernels {
  return { node, forward: (k, x, y, n) => forward(k, { x, y, n }), backward: (k, x, y, gy, gx, n) => backward(k, { x, gy, gx, n }) };
}

export const RELU = readingY("ReluBackward0", reluForward, reluBackward);
export const SIGMOID = readingY("SigmoidBackward0", sigmoidForward, sigmoidBackward);
export const TANH = readingY("TanhBackward0", tanhForward, tanhBackward);
export const GELU = readingX("GeluBackward0", geluForward, geluBackward);
export const GELU_TANH = readingX("GeluBackward0", geluTanhForward, geluTanhBackward);

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
