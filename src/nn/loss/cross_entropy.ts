import { Tensor, workspace } from "../../tensor.js";
import { classNllForward, crossEntropyBackward, crossEntropyProbBackward, crossEntropyProbForward } from "../../kernels/loss.js";
import { firstOutside } from "../../kernels/scan.js";
import { rowSums } from "../../kernels/reduce.js";
import { logSoftmaxForward } from "../../kernels/softmax.js";
import { rt } from "../../runtime/wasm.js";
import { Loss, requireSameShape } from "./loss.js";
import type { LossOptions, Reduction } from "./loss.js";
import { checkClassIndices, checkClassWeight, ignoreIndexOf, targetWeightSum } from "./class_targets.js";
import { ClassRows, classLossShape } from "./class_rows.js";
import { ownedWeight } from "./weights.js";
import type { WeightInput } from "./weights.js";
import { nllNodeName } from "./node_names.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of {@link CrossEntropyLoss}. */
export interface CrossEntropyLossOptions<R extends Reduction> extends LossOptions<R> {
  /** Per-class rescaling weight, length C (copied). */
  weight?: WeightInput;
  /** Target value whose rows contribute nothing (class-index targets only; default -100). */
  ignoreIndex?: number;
  /** ε in [0, 1]: mixes the target with the uniform distribution, q = (1 − ε)·y + ε/C (default 0). */
  labelSmoothing?: number;
}

const CROSS_ENTROPY_LOSS_OPTIONS = optionNames<CrossEntropyLossOptions<Reduction>>({ reduction: true, weight: true, ignoreIndex: true, labelSmoothing: true });

/**
 * `torch.nn.CrossEntropyLoss`: log-softmax of logits `[N, C, d1, …]` (or
 * `[C]`) over the class dimension, followed by the negative log-likelihood.
 * The target is either int32 class indices `[N, d1, …]` (or `[]`) or float32
 * class probabilities shaped like the input.
 *
 * With class indices, ℓᵢ = (1 − ε)·w[yᵢ]·(−log pᵢ,yᵢ) + (ε/C)·Σⱼ w[j]·(−log pᵢⱼ)
 * (0 for ignored targets) and `'mean'` divides by Σ w[yᵢ] over the targets
 * not ignored. With probabilities, ℓᵢ = −Σⱼ w[j]·qᵢⱼ·log pᵢⱼ and `'mean'`
 * divides by the number of rows N·d1·…. Both exactly as PyTorch 1.13.
 */
export class CrossEntropyLoss<R extends Reduction = "mean"> extends Loss<R> {
  protected readonly name = "CrossEntropyLoss";
  readonly weight: Tensor | undefined;
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  /** Σ weight over classes; undefined without weights (then it is C). */
  private readonly weightSum: number | undefined;
  private readonly layout = new ClassRows();
  private readonly targetLayout = new ClassRows();
  private logp?: Tensor;
  private rowTotals?: Tensor;

  constructor(options: CrossEntropyLossOptions<R> = {}) {
    checkOptions("CrossEntropyLoss", options, CROSS_ENTROPY_LOSS_OPTIONS);
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

  /**
   * Whether the last `forward`'s input looked like probabilities instead of
   * logits: every value in [0, 1] and every row (over the class dimension)
   * summing to 1 within 1e-3. That is a softmax output, and a second softmax
   * (the one this loss applies) squashes the loss towards log C and stalls
   * training. Computed when read, so `forward` pays nothing for it; the input
   * of the last `forward` must still be alive.
   */
  get inputLooksLikeProbabilities(): boolean {
    const input = this.lastInput;
    if (input === undefined || input.isDisposed) throw new Error(`${this.name}: inputLooksLikeProbabilities needs the input of the last forward()`);
    const k = rt().k;
    if (firstOutside(k, { p: input.ptr, n: input.size, lo: 0, hi: 1 }) >= 0) return false;
    const { rows, classes } = this.layout;
    this.rowTotals = workspace(this.rowTotals, [rows]);
    rowSums(k, { x: this.layout.gather(input), out: this.rowTotals.ptr, rows, cols: classes, accumulate: 0 });
    return firstOutside(k, { p: this.rowTotals.ptr, n: rows, lo: 1 - 1e-3, hi: 1 + 1e-3 }) < 0;
  }

  protected check(input: Tensor, target: Tensor): void {
    this.layout.measure(this.name, input);
    // Probabilities have the input's rank; anything else is meant as class indices (and must be int32).
    if (target.dtype === "int32" || target.ndim !== input.ndim) {
      return checkClassIndices(this.name, this.layout, input, target, this.weight, this.ignoreIndex);
    }
    requireSameShape(this.name, input, target);
    if (this.ignoreIndex >= 0) throw new Error(`${this.name}: ignore_index is not supported for floating point target`);
    checkClassWeight(this.name, this.layout, this.weight);
    this.targetLayout.measure(this.name, target);
  }

  protected unreducedShape(input: Tensor): number[] {
    return classLossShape(input);
  }

  protected sum(input: Tensor, target: Tensor, out: number): number {
    const { rows, classes } = this.layout;
    const k = rt().k;
    this.logp = workspace(this.logp, [rows, classes]);
    logSoftmaxForward(k, { x: this.layout.gather(input), y: this.logp.ptr, rows, cols: classes });
    const w = this.weight?.ptr ?? 0;
    const eps = this.labelSmoothing;
    if (target.dtype === "float32") {
      return crossEntropyProbForward(k, { logp: this.logp.ptr, y: this.targetLayout.gather(target), weight: w, eps, out, n: rows, c: classes });
    }
    return classNllForward(k, {
      logp: this.logp.ptr, target: target.ptr, weight: w, ignoreIndex: this.ignoreIndex, a: 1 - eps, b: eps / classes, out, stats: 0, n: rows, c: classes,
    });
  }

  protected meanDivisor(_input: Tensor, target: Tensor): number {
    return target.dtype === "float32" ? this.layout.rows : targetWeightSum(target, this.weight, this.ignoreIndex);
  }

  protected grad(_input: Tensor, target: Tensor, gout: number, scale: number, grad: number): void {
    const { rows, classes } = this.layout;
    const k = rt().k;
    const logp = this.logp!.ptr;
    const w = this.weight?.ptr ?? 0;
    const eps = this.labelSmoothing;
    const g = this.layout.gradRows(grad);
    if (target.dtype === "float32") {
      crossEntropyProbBackward(k, { logp, y: this.targetLayout.gathered(target), weight: w, eps, gout, scale, grad: g, n: rows, c: classes });
    } else {
      crossEntropyBackward(k, {
        logp, target: target.ptr, weight: w, ignoreIndex: this.ignoreIndex, a: 1 - eps, b: eps / classes,
        weightSum: this.weightSum ?? classes, gout, scale, grad: g, n: rows, c: classes,
      });
    }
    this.layout.scatter(grad);
  }

  /**
   * PyTorch 1.13 composes it: `log_softmax` then `nll_loss` for class
   * indices; with label smoothing the sum of that and the smoothing term;
   * with probabilities `-(logp·q).sum(dim)`, divided by the row count for
   * `'mean'`.
   */
  override gradFnName(input: Tensor, target: Tensor): string {
    if (target.dtype === "float32") return this.reduction === "mean" ? "DivBackward1" : "NegBackward0";
    return this.labelSmoothing > 0 ? "AddBackward0" : nllNodeName(input, this.reduction);
  }

  /** Probability targets: ∂ℓᵢ/∂yᵢⱼ = −(1 − ε)·w[j]·log pᵢⱼ. */
  protected override targetGrad(_input: Tensor, _target: Tensor, gout: number, scale: number, grad: number): void {
    const { rows, classes } = this.layout;
    // gradRows may allocate (and grow memory): take the views after it.
    const g = this.layout.gradRows(grad) >>> 2;
    const f32 = rt().f32;
    const logp = this.logp!.ptr >>> 2;
    const w = this.weight?.data;
    const factor = -(1 - this.labelSmoothing) * scale;
    for (let r = 0; r < rows; r++) {
      const up = factor * (gout === 0 ? 1 : f32[(gout >>> 2) + r]);
      for (let j = 0; j < classes; j++) f32[g + r * classes + j] = f32[logp + r * classes + j] * (w === undefined ? 1 : w[j]) * up;
    }
    this.layout.scatter(grad);
  }

  override dispose(): void {
    super.dispose();
    this.weight?.dispose();
    this.logp?.dispose();
    this.rowTotals?.dispose();
    this.logp = this.rowTotals = undefined;
    this.layout.dispose();
    this.targetLayout.dispose();
  }
}
