import { Tensor, shapeStr, workspace } from "../../tensor.js";
import { rt } from "../../runtime/wasm.js";
import { Loss, requireSameShape } from "./loss.js";
import type { LossOptions, Reduction } from "./loss.js";
import { checkClassIndices, ignoreIndexOf, ownedWeight, targetWeightSum } from "./class_targets.js";
import type { WeightInput } from "./class_targets.js";

/** Options of {@link CrossEntropyLoss}. */
export interface CrossEntropyLossOptions<R extends Reduction> extends LossOptions<R> {
  /** Per-class rescaling weight, length C (copied). */
  weight?: WeightInput;
  /** Target value whose rows contribute nothing (class-index targets only; default -100). */
  ignoreIndex?: number;
  /** ε in [0, 1]: mixes the target with the uniform distribution, q = (1 − ε)·y + ε/C (default 0). */
  labelSmoothing?: number;
}

/**
 * `torch.nn.CrossEntropyLoss`: log-softmax of logits `[N, C]` followed by the
 * negative log-likelihood. The target is either int32 class indices `[N]` or
 * float32 class probabilities `[N, C]`.
 *
 * With class indices, ℓᵢ = (1 − ε)·w[yᵢ]·(−log pᵢ,yᵢ) + (ε/C)·Σⱼ w[j]·(−log pᵢⱼ)
 * (0 for ignored rows) and `'mean'` divides by Σ w[yᵢ] over the rows not
 * ignored. With probabilities, ℓᵢ = −Σⱼ w[j]·qᵢⱼ·log pᵢⱼ and `'mean'` divides
 * by N. Both exactly as PyTorch 1.13.
 */
export class CrossEntropyLoss<R extends Reduction = "mean"> extends Loss<R> {
  protected readonly name = "CrossEntropyLoss";
  readonly weight: Tensor | undefined;
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  /** Σ weight over classes; undefined without weights (then it is C). */
  private readonly weightSum: number | undefined;
  private logp?: Tensor;

  constructor(options: CrossEntropyLossOptions<R> = {}) {
    super(options);
    const eps = options.labelSmoothing ?? 0;
    if (!(eps >= 0 && eps <= 1)) throw new Error(`label_smoothing must be between 0.0 and 1.0. Got: ${eps}`);
    this.labelSmoothing = eps;
    this.ignoreIndex = ignoreIndexOf(this.name, options.ignoreIndex);
    this.weight = ownedWeight(this.name, "weight", options.weight);
    if (this.weight !== undefined) {
      let sum = 0;
      for (const v of this.weight.data) sum += v;
      this.weightSum = sum;
    }
  }

  protected check(input: Tensor, target: Tensor): void {
    // Probabilities have the input's rank; anything else is meant as class indices (and must be int32).
    if (target.dtype === "int32" || target.ndim !== input.ndim) {
      return checkClassIndices(this.name, input, target, this.weight, this.ignoreIndex);
    }
    requireSameShape(this.name, input, target);
    if (input.ndim !== 2) throw new Error(`${this.name}: expected input of shape [N, C], got ${shapeStr(input.shape)}`);
    if (this.ignoreIndex >= 0) throw new Error(`${this.name}: ignore_index is not supported for floating point target`);
    if (this.weight !== undefined && this.weight.size !== input.shape[1]) {
      throw new Error(`${this.name}: weight has ${this.weight.size} entries but the input has ${input.shape[1]} classes`);
    }
  }

  protected unreducedShape(input: Tensor): number[] {
    return [input.shape[0]];
  }

  protected sum(input: Tensor, target: Tensor, out: number): number {
    const [n, c] = input.shape;
    const k = rt().k;
    this.logp = workspace(this.logp, input.shape);
    k.logSoftmaxForward(input.ptr, this.logp.ptr, n, c);
    const w = this.weight?.ptr ?? 0;
    const eps = this.labelSmoothing;
    if (target.dtype === "float32") return k.crossEntropyProbForward(this.logp.ptr, target.ptr, w, eps, out, n, c);
    return k.classNllForward(this.logp.ptr, target.ptr, w, this.ignoreIndex, 1 - eps, eps / c, out, 0, n, c);
  }

  protected meanDivisor(input: Tensor, target: Tensor): number {
    return target.dtype === "float32" ? input.shape[0] : targetWeightSum(target, this.weight, this.ignoreIndex);
  }

  protected grad(input: Tensor, target: Tensor, gout: number, scale: number, grad: number): void {
    const [n, c] = input.shape;
    const k = rt().k;
    const logp = this.logp!.ptr;
    const w = this.weight?.ptr ?? 0;
    const eps = this.labelSmoothing;
    if (target.dtype === "float32") k.crossEntropyProbBackward(logp, target.ptr, w, eps, gout, scale, grad, n, c);
    else k.crossEntropyBackward(logp, target.ptr, w, this.ignoreIndex, 1 - eps, eps / c, this.weightSum ?? c, gout, scale, grad, n, c);
  }

  override dispose(): void {
    super.dispose();
    this.weight?.dispose();
    this.logp?.dispose();
    this.logp = undefined;
  }
}
