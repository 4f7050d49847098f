// Activation modules: elementwise maps with PyTorch's formulas, each a thin
// wrapper naming its forward and backward kernels.
import { rt } from "../runtime/wasm.js";
import type { Kernels } from "../runtime/wasm.js";
import { Tensor, workspace } from "../tensor.js";
import { Module } from "./module.js";
import { checkGradShape, saved } from "./check.js";

/**
 * Base of activations applied element by element to inputs of any shape.
 * Subclasses call one forward and one backward kernel; the backward gets
 * both the saved input and the saved output and uses whichever PyTorch does.
 */
export abstract class Elementwise extends Module {
  private input?: Tensor;
  private out?: Tensor;
  private gradIn?: Tensor;

  forward(x: Tensor): Tensor {
    this.input = x;
    const y = (this.out = workspace(this.out, x.shape));
    this.run(rt().k, x.ptr, y.ptr, x.size);
    return y;
  }

  backward(gradOut: Tensor): Tensor {
    const x = saved(this.input, `${this}`);
    const y = saved(this.out, `${this}`);
    checkGradShape(`${this}`, gradOut, y.shape);
    const gx = (this.gradIn = workspace(this.gradIn, x.shape));
    this.runBackward(rt().k, x.ptr, y.ptr, gradOut.ptr, gx.ptr, x.size);
    return gx;
  }

  protected abstract run(k: Kernels, x: number, y: number, n: number): void;
  protected abstract runBackward(k: Kernels, x: number, y: number, gy: number, gx: number, n: number): void;

  protected override disposeWorkspaces(): void {
    this.out?.dispose();
    this.gradIn?.dispose();
  }
}

/** `max(x, 0)`; the gradient is 0 where the output is <= 0 (so 0 at x = 0). NaN propagates. */
export class ReLU extends Elementwise {
  protected run(k: Kernels, x: number, y: number, n: number): void {
    k.reluForward(x, y, n);
  }
  protected runBackward(k: Kernels, x: number, y: number, gy: number, gx: number, n: number): void {
    k.reluBackward(y, gy, gx, n);
  }
  override toString(): string {
    return "ReLU()";
  }
}

/** `x > 0 ? x : negativeSlope * x` (default slope 0.01). */
export class LeakyReLU extends Elementwise {
  constructor(readonly negativeSlope = 0.01) {
    super();
  }
  protected run(k: Kernels, x: number, y: number, n: number): void {
    k.leakyReluForward(x, y, this.negativeSlope, n);
  }
  protected runBackward(k: Kernels, x: number, y: number, gy: number, gx: number, n: number): void {
    k.leakyReluBackward(x, gy, gx, this.negativeSlope, n);
  }
  override toString(): string {
    return `LeakyReLU(negativeSlope=${this.negativeSlope})`;
  }
}

/** `1 / (1 + e^-x)`. */
export class Sigmoid extends Elementwise {
  protected run(k: Kernels, x: number, y: number, n: number): void {
    k.sigmoidForward(x, y, n);
  }
  protected runBackward(k: Kernels, x: number, y: number, gy: number, gx: number, n: number): void {
    k.sigmoidBackward(y, gy, gx, n);
  }
  override toString(): string {
    return "Sigmoid()";
  }
}

/** Hyperbolic tangent. */
export class Tanh extends Elementwise {
  protected run(k: Kernels, x: number, y: number, n: number): void {
    k.tanhForward(x, y, n);
  }
  protected runBackward(k: Kernels, x: number, y: number, gy: number, gx: number, n: number): void {
    k.tanhBackward(y, gy, gx, n);
  }
  override toString(): string {
    return "Tanh()";
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
    super();
    if (approximate !== "none" && approximate !== "tanh") throw new Error(`approximate argument must be either none or tanh.`);
    this.approximate = approximate;
  }
  protected run(k: Kernels, x: number, y: number, n: number): void {
    if (this.approximate === "tanh") k.geluTanhForward(x, y, n);
    else k.geluForward(x, y, n);
  }
  protected runBackward(k: Kernels, x: number, y: number, gy: number, gx: number, n: number): void {
    if (this.approximate === "tanh") k.geluTanhBackward(x, gy, gx, n);
    else k.geluBackward(x, gy, gx, n);
  }
  override toString(): string {
    return `GELU(approximate='${this.approximate}')`;
  }
}

/** `x > 0 ? x : alpha * (e^x - 1)` (default alpha 1). */
export class ELU extends Elementwise {
  constructor(readonly alpha = 1) {
    super();
  }
  protected run(k: Kernels, x: number, y: number, n: number): void {
    k.eluForward(x, y, this.alpha, n);
  }
  protected runBackward(k: Kernels, x: number, y: number, gy: number, gx: number, n: number): void {
    k.eluBackward(x, gy, gx, this.alpha, n);
  }
  override toString(): string {
    return `ELU(alpha=${this.alpha})`;
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
    super();
    this.beta = beta;
    this.threshold = threshold;
  }
  protected run(k: Kernels, x: number, y: number, n: number): void {
    k.softplusForward(x, y, this.beta, this.threshold, n);
  }
  protected runBackward(k: Kernels, x: number, y: number, gy: number, gx: number, n: number): void {
    k.softplusBackward(x, gy, gx, this.beta, this.threshold, n);
  }
  override toString(): string {
    return `Softplus(beta=${this.beta}, threshold=${this.threshold})`;
  }
}
