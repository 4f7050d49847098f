import { layerNormBackward, layerNormForward } from "../kernels/norm.js";
import { rt } from "../runtime/wasm.js";
import { Tensor, shapeStr, workspace } from "../tensor.js";
import { Module } from "./module.js";
import { Parameter } from "./parameter.js";
import { checkGradShape, saved } from "./check.js";
import { checkOptions, optionNames } from "../options.js";

/** Options of {@link LayerNorm}. */
export interface LayerNormOptions {
  /** Added to the variance for stability (default 1e-5). */
  eps?: number;
  /** Learn `weight` and `bias` of shape `normalizedShape` (default `true`). */
  elementwiseAffine?: boolean;
}

const LAYER_NORM_OPTIONS = optionNames<LayerNormOptions>({ eps: true, elementwiseAffine: true });

/**
 * `torch.nn.LayerNorm`: normalises over the trailing `normalizedShape`
 * dimensions of each sample with the sample's mean and biased variance.
 */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  private readonly d: number;
  private input?: Tensor;
  private mean?: Tensor;
  private rstd?: Tensor;
  // The shape [rows] of mean and rstd, rebuilt only when the batch changes.
  private rowShape = [0];
  private out?: Tensor;
  private gradIn?: Tensor;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    checkOptions("LayerNorm", options, LAYER_NORM_OPTIONS);
    const { eps = 1e-5, elementwiseAffine = true } = options;
    this.normalizedShape = typeof normalizedShape === "number" ? [normalizedShape] : normalizedShape.slice();
    if (this.normalizedShape.length === 0 || !this.normalizedShape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new RangeError(`wasmtune: LayerNorm: normalizedShape must be positive integers, got ${shapeStr(this.normalizedShape)}`);
    }
    this.eps = eps;
    this.d = this.normalizedShape.reduce((a, b) => a * b, 1);
    this.weight = elementwiseAffine ? this.registerParameter("weight", new Parameter(Tensor.full(this.normalizedShape, 1))) : null;
    this.bias = elementwiseAffine ? this.registerParameter("bias", new Parameter(Tensor.zeros(this.normalizedShape))) : null;
  }

  forward(x: Tensor): Tensor {
    if (!endsWith(x.shape, this.normalizedShape)) {
      throw new Error(`wasmtune: ${this}: expected input of shape [*, ${this.normalizedShape.join(", ")}], got ${shapeStr(x.shape)}`);
    }
    this.input = x;
    const rows = x.size / this.d;
    if (this.rowShape[0] !== rows) this.rowShape = [rows];
    const mean = (this.mean = workspace(this.mean, this.rowShape));
    const rstd = (this.rstd = workspace(this.rstd, this.rowShape));
    const y = (this.out = workspace(this.out, x.shape));
    layerNormForward(rt().k, { x: x.ptr, y: y.ptr, mean: mean.ptr, rstd: rstd.ptr, weight: this.weight?.data.ptr ?? 0, bias: this.bias?.data.ptr ?? 0, rows, d: this.d, eps: this.eps });
    return y;
  }

  override backward(gradOut: Tensor): Tensor {
    const x = saved(this.input, this);
    checkGradShape(this, gradOut, x.shape);
    const gx = (this.gradIn = workspace(this.gradIn, x.shape));
    layerNormBackward(rt().k, {
      x: x.ptr, gy: gradOut.ptr, mean: this.mean!.ptr, rstd: this.rstd!.ptr, weight: this.weight?.data.ptr ?? 0,
      gx: gx.ptr, gradWeight: this.weight?.grad.ptr ?? 0, gradBias: this.bias?.grad.ptr ?? 0, rows: x.size / this.d, d: this.d,
    });
    return gx;
  }

  override gradFnName(): string {
    return "NativeLayerNormBackward0";
  }

  override toString(): string {
    return `LayerNorm(${shapeStr(this.normalizedShape)})`;
  }

  protected override disposeWorkspaces(): void {
    for (const t of [this.mean, this.rstd, this.out, this.gradIn]) t?.dispose();
  }
}

/** Whether `shape` ends with the dimensions of `tail` (compared in place: this runs every step). */
function endsWith(shape: readonly number[], tail: readonly number[]): boolean {
  const lead = shape.length - tail.length;
  if (lead < 0) return false;
  for (let i = 0; i < tail.length; i++) if (shape[lead + i] !== tail[i]) return false;
  return true;
}
