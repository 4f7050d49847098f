// Activation modules: elementwise maps with PyTorch's formulas, each naming
// its forward and backward kernels.
import { rt } from "../runtime/wasm.js";
import type { Kernels } from "../runtime/wasm.js";
import { Tensor, workspace } from "../tensor.js";
import { Module } from "./module.js";
import { checkGradShape, saved } from "./check.js";

/** Runs a forward kernel: input x, output y (byte offsets), n elements. */
export type ForwardKernel = (k: Kernels, x: number, y: number, n: number) => void;
/** Runs a backward kernel given the saved input x and output y, the upstream gradient gy and the result gx. */
export type BackwardKernel = (k: Kernels, x: number, y: number, gy: number, gx: number, n: number) => void;

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
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    this.input = x;
    const y = (this.out = workspace(this.out, x.shape));
    this.runForward(rt().k, x.ptr, y.ptr, x.size);
    return y;
  }

  backward(gradOut: Tensor): Tensor {
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
    super("ReLU()", (k, x, y, n) => k.reluForward(x, y, n), (k, x, y, gy, gx, n) => k.reluBackward(y, gy, gx, n));
  }
}

/** `x > 0 ? x : negativeSlope * x` (default slope 0.01). */
export class LeakyReLU extends Elementwise {
  constructor(readonly negativeSlope = 0.01) {
    super(
      `LeakyReLU(negativeSlope=${negativeSlope})`,
      (k, x, y, n) => k.leakyReluForward(x, y, negativeSlope, n),
      (k, x, y, gy, gx, n) => k.leakyReluBackward(x, gy, gx, negativeSlope, n),
    );
  }
}

/** `1 / (1 + e^-x)`; 0 below x ≈ -88.7 where e^-x overflows, as in PyTorch. */
export class Sigmoid extends Elementwise {
  constructor() {
    super("Sigmoid()", (k, x, y, n) => k.sigmoidForward(x, y, n), (k, x, y, gy, gx, n) => k.sigmoidBackward(y, gy, gx, n));
  }
}

/** Hyperbolic tangent. */
export class Tanh extends Elementwise {
  constructor() {
    super("Tanh()", (k, x, y, n) => k.tanhForward(x, y, n), (k, x, y, gy, gx, n) => k.tanhBackward(y, gy, gx, n));
  }
}

/** Options of {@link GELU}. */
export interface GELUOptions {
  /** `'none'` (exact, with erf; default) or `'tanh'` (the tanh approximation). */
  approximate?: "none" | "tanh";
}

/** `x * Φ(x)`, exactly or with PyTorch's tanh approximation. */
export class GELU extends Elementwise {
  readonly approximate: "none" | "tanh";
  constructor({ approximate = "none" }: GELUOptions = {}) {
    if (approximate !== "none" && approximate !== "tanh") throw new Error("approximate argument must be either none or tanh.");
    const tanh = approximate === "tanh";
    super(
      `GELU(approximate='${approximate}')`,
      tanh ? (k, x, y, n) => k.geluTanhForward(x, y, n) : (k, x, y, n) => k.geluForward(x, y, n),
      tanh ? (k, x, y, gy, gx, n) => k.geluTanhBackward(x, gy, gx, n) : (k, x, y, gy, gx, n) => k.geluBackward(x, gy, gx, n),
    );
    this.approximate = approximate;
  }
}

/** `x > 0 ? x : alpha * (e^x - 1)` (default alpha 1). */
export class ELU extends Elementwise {
  constructor(readonly alpha = 1) {
    super(
      `ELU(alpha=${alpha})`,
      (k, x, y, n) => k.eluForward(x, y, alpha, n),
      (k, x, y, gy, gx, n) => k.eluBackward(x, gy, gx, alpha, n),
    );
  }
}

/** Options of {@link Softplus}. */
export interface SoftplusOptions {
  /** Default 1. */
  beta?: number;
  /** Above `beta * x > threshold` the layer is the identity (default 20). */
  threshold?: number;
}

/** `log(1 + e^(beta x)) / beta`, reverting to `x` where `beta * x > threshold`. */
export class Softplus extends Elementwise {
  readonly beta: number;
  readonly threshold: number;
  constructor({ beta = 1, threshold = 20 }: SoftplusOptions = {}) {
    super(
      `Softplus(beta=${beta}, threshold=${threshold})`,
      (k, x, y, n) => k.softplusForward(x, y, beta, threshold, n),
      (k, x, y, gy, gx, n) => k.softplusBackward(x, gy, gx, beta, threshold, n),
    );
    this.beta = beta;
    this.threshold = threshold;
  }
}
