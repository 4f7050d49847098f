import { gemmNN, gemmNT, gemmTN } from "../kernels/gemm.js";
import { colSums } from "../kernels/reduce.js";
import { rt } from "../runtime/wasm.js";
import { Tensor, shapeStr, workspace } from "../tensor.js";
import { Generator, defaultGenerator } from "../random/generator.js";
import { Module } from "./module.js";
import { Parameter } from "./parameter.js";
import { checkGradShape, saved } from "./check.js";
import { defaultInit } from "./default_init.js";
import { checkOptions, optionNames } from "../options.js";

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** Learn an additive bias (default `true`). */
  bias?: boolean;
  /** Source of the initial weights (default: `defaultGenerator`). */
  generator?: Generator;
}

const LINEAR_OPTIONS = optionNames<LinearOptions>({ bias: true, generator: true });

/**
 * `y = x Wᵀ + b`, as `torch.nn.Linear`. `weight` has shape
 * `[outFeatures, inFeatures]`; the input is `[*, inFeatures]`.
 * Initialised like PyTorch: weight from `kaimingUniform(a = sqrt(5))`, bias
 * uniform in ±1/sqrt(inFeatures).
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  private input?: Tensor;
  private rows = 0;
  private out?: Tensor;
  private gradIn?: Tensor;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    checkOptions("Linear", options, LINEAR_OPTIONS);
    const { bias = true, generator = defaultGenerator } = options;
    for (const [name, v] of [["inFeatures", inFeatures], ["outFeatures", outFeatures]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`wasmtune: Linear: ${name} must be a non-negative integer, got ${v}`);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = this.registerParameter("weight", new Parameter(Tensor.empty([outFeatures, inFeatures])));
    this.bias = bias ? this.registerParameter("bias", new Parameter(Tensor.empty([outFeatures]))) : null;
    this.resetParameters(generator);
  }

  /** Re-draw the weights with PyTorch's default initialisation. */
  resetParameters(generator: Generator = defaultGenerator): void {
    defaultInit(this.weight, this.bias, generator);
  }

  forward(x: Tensor): Tensor {
    const s = x.shape;
    if (s.length === 0 || s[s.length - 1] !== this.inFeatures) {
      throw new Error(`wasmtune: ${this}: expected input of shape [N, ${this.inFeatures}], got ${shapeStr(s)}`);
    }
    this.input = x;
    const y = this.output(s);
    const rows = (this.rows = leadingSize(s));
    gemmNT(rt().k, { a: x.ptr, b: this.weight.data.ptr, c: y.ptr, m: rows, k: this.inFeatures, n: this.outFeatures, accumulate: 0, bias: this.bias ? this.bias.data.ptr : 0 });
    return y;
  }

  override backward(gradOut: Tensor): Tensor {
    this.backwardParams(gradOut);
    // dX = dY W.
    const gx = (this.gradIn = workspace(this.gradIn, this.input!.shape));
    gemmNN(rt().k, { a: gradOut.ptr, b: this.weight.data.ptr, c: gx.ptr, m: this.rows, k: this.outFeatures, n: this.inFeatures, accumulate: 0, bias: 0 });
    return gx;
  }

  override backwardParams(gradOut: Tensor): void {
    const x = saved(this.input, this);
    checkGradShape(this, gradOut, saved(this.out, this).shape);
    const k = rt().k;
    const rows = this.rows;
    // dW += dYᵀ X, db += column sums of dY (or = after zeroGrad; see claimGrad).
    const w = this.weight;
    const addW = w.claimGrad();
    gemmTN(k, { a: gradOut.ptr, b: x.ptr, c: w.grad.ptr, m: this.outFeatures, k: rows, n: this.inFeatures, accumulate: addW, bias: 0 });
    const b = this.bias;
    if (b) {
      const addB = b.claimGrad();
      colSums(k, { x: gradOut.ptr, out: b.grad.ptr, rows, cols: this.outFeatures, accumulate: addB });
    }
  }

  /** PyTorch 1.13's `linear` is `addmm` on `[N, F]`, a matrix product plus a separate bias add, or folded batches viewed back. */
  override gradFnName(x: Tensor): string {
    const bias = this.bias !== null;
    switch (x.ndim) {
      case 1:
        return bias ? "AddBackward0" : "SqueezeBackward3";
      case 2:
        return bias ? "AddmmBackward0" : "MmBackward0";
      case 3:
        return bias ? "ViewBackward0" : "UnsafeViewBackward0";
      default:
        return bias ? "AddBackward0" : "UnsafeViewBackward0";
    }
  }

  override toString(): string {
    return `Linear(${this.inFeatures}, ${this.outFeatures})`;
  }

  /** The output workspace for an input of shape `s`; the shape array is only built when it changes. */
  private output(s: readonly number[]): Tensor {
    const y = this.out;
    const last = s.length - 1;
    let same = y !== undefined && !y.isDisposed && y.shape.length === s.length && y.shape[last] === this.outFeatures;
    for (let i = 0; same && i < last; i++) same = y!.shape[i] === s[i];
    if (same) return y!;
    return (this.out = workspace(y, s.slice(0, -1).concat(this.outFeatures)));
  }

  protected override disposeWorkspaces(): void {
    this.out?.dispose();
    this.gradIn?.dispose();
  }
}

/** Product of all but the last dimension: the number of rows a Linear layer maps. */
function leadingSize(s: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < s.length - 1; i++) n *= s[i];
  return n;
}
