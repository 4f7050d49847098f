// Activation modules: elementwise maps with PyTorch's formulas, each running
// the kernel pair it shares with its tensor method (`x.relu()`).
import { rt } from "../runtime/wasm.js";
import { Tensor, workspace } from "../tensor.js";
import { Module } from "./module.js";
import { checkGradShape, numberArg, saved } from "./check.js";
import { checkOptions } from "../options.js";
import { latestCall } from "./tape/leaf_call.js";

import { GELU as GELU_EXACT, GELU_TANH, RELU, SIGMOID, TANH, eluKernels, leakyReluKernels, softplusKernels } from "../autograd/ops/activation_kernels.js";
import type { ForwardKernel, BackwardKernel } from "../autograd/ops/activation_kernels.js";

export type { ForwardKernel, BackwardKernel };

/**
 * Base of activations applied element by element to inputs of any shape.
 * It keeps the input and output of the last `forward` (each subclass's
 * backward kernel uses whichever PyTorch saves) and owns the output and
 * input-gradient workspaces.
 */
export class Elementwise extends Module {
  private input?: Tensor;
  private out?: Tensor;
  private gradIn?: Tensor;

  constructor(
    private readonly label: string,
    private readonly runForward: ForwardKernel,
    private readonly runBackward: BackwardKernel,
    /** PyTorch's node name for the activation (`ReluBackward0`); `${ClassName}Backward` when not given. */
    private readonly node?: string,
  ) {
    super();
  }

  override gradFnName(x: Tensor): string {
    return this.node ?? super.gradFnName(x);
  }

  forward(x: Tensor): Tensor {
    this.input = x;
    const y = (this.out = workspace(this.out, x.shape));
    this.runForward(rt().k, x.ptr, y.ptr, x.size);
    return y;
  }

  /** The output of the last `forward` (owned by the layer and overwritten by its next call), or undefined before any; on the tape, the latest call's. */
  lastOutput(): Tensor | undefined {
    return ((latestCall(this) as Elementwise | undefined) ?? this).out;
  }

  override backward(gradOut: Tensor): Tensor {
    const x = saved(this.input, this);
    const y = saved(this.out, this);
    checkGradShape(this, gradOut, y.shape);
    const gx = (this.gradIn = workspace(this.gradIn, x.shape));
    this.runBackward(rt().k, x.ptr, y.ptr, gradOut.ptr, gx.ptr, x.size);
    return gx;
  }

  override toString(): string {
    return this.label;
  }

  protected override disposeWorkspaces(): void {
    this.out?.dispose();
    this.gradIn?.dispose();
  }
}

/** `max(x, 0)`; the gradient is 0 where the output is <= 0 (so 0 at x = 0). NaN propagates. */
export class ReLU extends Elementwise {
  constructor() {
    super("ReLU()", RELU.forward, RELU.backward, RELU.node);
  }
}

/** `x > 0 ? x : negativeSlope * x` (default slope 0.01): `new LeakyReLU(0.2)` or `new LeakyReLU({ negativeSlope: 0.2 })`. */
export class LeakyReLU extends Elementwise {
  readonly negativeSlope: number;
  constructor(negativeSlope: number | { negativeSlope?: number } = 0.01) {
    const slope = numberArg("LeakyReLU", "negativeSlope", negativeSlope, 0.01);
    const kernels = leakyReluKernels(slope);
    super(`LeakyReLU(negativeSlope=${slope})`, kernels.forward, kernels.backward, kernels.node);
    this.negativeSlope = slope;
  }
}

/** `1 / (1 + e^-x)`; 0 below x ≈ -88.7 where e^-x overflows, as in PyTorch. */
export class Sigmoid extends Elementwise {
  constructor() {
    super("Sigmoid()", SIGMOID.forward, SIGMOID.backward, SIGMOID.node);
  }
}

/** Hyperbolic tangent. */
export class Tanh extends Elementwise {
  constructor() {
    super("Tanh()", TANH.forward, TANH.backward, TANH.node);
  }
}

/** Options of {@link GELU}. */
export interface GELUOptions {
  /** `'none'` (exact, with erf; default) or `'tanh'` (the tanh approximation). */
  approximate?: "none" | "tanh";
}

/** `x * Φ(x)`, exactly or with PyTorch's tanh approximation: `new GELU("tanh")` or `new GELU({ approximate: "tanh" })`. */
export class GELU extends Elementwise {
  readonly approximate: "none" | "tanh";
  constructor(options: GELUOptions | "none" | "tanh" = {}) {
    if (typeof options !== "string") checkOptions("GELU", options, ["approximate"]);
    const { approximate = "none" } = typeof options === "string" ? { approximate: options } : options;
    if (approximate !== "none" && approximate !== "tanh") throw new Error("approximate argument must be either none or tanh.");
    const kernels = approximate === "tanh" ? GELU_TANH : GELU_EXACT;
    super(`GELU(approximate='${approximate}')`, kernels.forward, kernels.backward, kernels.node);
    this.approximate = approximate;
  }
}

/** `x > 0 ? x : alpha * (e^x - 1)` (default alpha 1): `new ELU(0.7)` or `new ELU({ alpha: 0.7 })`. */
export class ELU extends Elementwise {
  readonly alpha: number;
  constructor(alpha: number | { alpha?: number } = 1) {
    const a = numberArg("ELU", "alpha", alpha, 1);
    const kernels = eluKernels(a);
    super(`ELU(alpha=${a})`, kernels.forward, kernels.backward, kernels.node);
    this.alpha = a;
  }
}

/** Options of {@link Softplus}. */
export interface SoftplusOptions {
  /** Default 1. */
  beta?: number;
  /** Above `beta * x > threshold` the layer is the identity (default 20). */
  threshold?: number;
}

/**
 * `log(1 + e^(beta x)) / beta`, reverting to `x` where `beta * x > threshold`:
 * `new Softplus(2, 10)` or `new Softplus({ beta: 2, threshold: 10 })`.
 */
export class Softplus extends Elementwise {
  readonly beta: number;
  readonly threshold: number;
  constructor(options: SoftplusOptions | number = {}, threshold?: number) {
    const beta = numberArg("Softplus", "beta", options, 1, ["beta", "threshold"]);
    const th = numberArg("Softplus", "threshold", typeof options === "number" ? threshold : options.threshold, 20);
    const kernels = softplusKernels(beta, th);
    super(`Softplus(beta=${beta}, threshold=${th})`, kernels.forward, kernels.backward, kernels.node);
    this.beta = beta;
    this.threshold = th;
  }
}
