// Elementwise activations as graph operations (`x.relu()`), running the same
// kernels as the nn activation modules. One node class serves the family:
// each backward kernel reads whichever of the saved input and output
// PyTorch's formula uses.
import { Tensor } from "../../tensor.js";
import { rt } from "../../runtime/wasm.js";
import { isGradEnabled } from "../grad_mode.js";
import { Node } from "../node.js";
import { newResult } from "../scope.js";
import { alive, requireFloat } from "./saved.js";
import { GELU, GELU_TANH, RELU, SIGMOID, TANH, eluKernels, leakyReluKernels, softplusKernels } from "./activation_kernels.js";
import type { ActivationKernels } from "./activation_kernels.js";

class ElementwiseBackward extends Node {
  constructor(
    private readonly kernels: ActivationKernels,
    private readonly x: Tensor,
    private readonly y: Tensor,
  ) {
    super(kernels.node, [x]);
  }

  backward(gradOut: Tensor): Tensor[] {
    const x = alive(this.x, this);
    const y = alive(this.y, this);
    const gx = Tensor.empty(x.shape);
    this.kernels.backward(rt().k, x.ptr, y.ptr, gradOut.ptr, gx.ptr, x.size);
    return [gx];
  }
}

/** Apply one activation to `x` into a new result, recording its node when `x` requires grad. */
export function activate(op: string, x: Tensor, kernels: ActivationKernels): Tensor {
  requireFloat(op, x);
  const y = newResult(x.shape);
  kernels.forward(rt().k, x.ptr, y.ptr, x.size);
  if (isGradEnabled() && x.requiresGrad) y.gradFn = new ElementwiseBackward(kernels, x, y);
  return y;
}

function finite(op: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new TypeError(`wasmtune: ${op}: ${name} must be a finite number, got ${String(v)}`);
  return v;
}

export const relu = (x: Tensor): Tensor => activate("relu", x, RELU);
export const sigmoid = (x: Tensor): Tensor => activate("sigmoid", x, SIGMOID);
export const tanh = (x: Tensor): Tensor => activate("tanh", x, TANH);

export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return activate("leakyRelu", x, leakyReluKernels(finite("leakyRelu", "negativeSlope", negativeSlope)));
}

export function elu(x: Tensor, alpha = 1): Tensor {
  return activate("elu", x, eluKernels(finite("elu", "alpha", alpha)));
}

export function gelu(x: Tensor, approximate: "none" | "tanh" = "none"): Tensor {
  if (approximate !== "none" && approximate !== "tanh") throw new Error("approximate argument must be either none or tanh.");
  return activate("gelu", x, approximate === "tanh" ? GELU_TANH : GELU);
}

export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  return activate("softplus", x, softplusKernels(finite("softplus", "beta", beta), finite("softplus", "threshold", threshold)));
}
