import { Tensor } from "../../tensor.js";
import { classNllForward, nllLossBackward } from "../../kernels/loss.js";
import { rt } from "../../runtime/wasm.js";
import { Loss } from "./loss.js";
import type { LossOptions, Reduction } from "./loss.js";
import { checkClassIndices, ignoreIndexOf, targetWeightSum } from "./class_targets.js";
import { ClassRows, classLossShape } from "./class_rows.js";
import { ownedWeight } from "./weights.js";
import type { WeightInput } from "./weights.js";
import { nllNodeName } from "./node_names.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of {@link NLLLoss}. */
export interface NLLLossOptions<R extends Reduction> extends LossOptions<R> {
  /** Per-class rescaling weight, length C (copied). */
  weight?: WeightInput;
  /** Target value whose rows contribute nothing (default -100). */
  ignoreIndex?: number;
}

const NLL_LOSS_OPTIONS = optionNames<NLLLossOptions<Reduction>>({ reduction: true, weight: true, ignoreIndex: true });

/**
 * Negative log-likelihood, `torch.nn.NLLLoss`, for log-probabilities
 * `[N, C, d1, …]` (or `[C]`) and int32 class indices `[N, d1, …]` (or `[]`):
 * ℓᵢ = −w[yᵢ]·x[i, yᵢ]. `'mean'` divides by Σ w[yᵢ] over the targets that
 * are not `ignoreIndex`.
 *
 * Passing probabilities instead of log-probabilities is allowed, as in
 * PyTorch, but almost always a bug (the loss goes negative and training
 * pushes the wrong way); {@link NLLLoss.inputLooksLikeProbabilities} reports it.
 */
export class NLLLoss<R extends Reduction = "mean"> extends Loss<R> {
  protected readonly name = "NLLLoss";
  readonly weight: Tensor | undefined;
  readonly ignoreIndex: number;
  private readonly layout = new ClassRows();
  private readonly stats = Tensor.zeros([1]);

  constructor(options: NLLLossOptions<R> = {}) {
    checkOptions("NLLLoss", options, NLL_LOSS_OPTIONS);
    super(options);
    this.weight = ownedWeight(this.name, "weight", options.weight);
    this.ignoreIndex = ignoreIndexOf(this.name, options.ignoreIndex);
  }

  /**
   * After `forward`: true when some input at a target class was positive,
   * which log-probabilities never are, i.e. the input was probabilities (or
   * raw scores) rather than `logSoftmax` output.
   */
  get inputLooksLikeProbabilities(): boolean {
    return this.stats.data[0] > 0;
  }

  protected check(input: Tensor, target: Tensor): void {
    this.layout.measure(this.name, input);
    checkClassIndices(this.name, this.layout, input, target, this.weight, this.ignoreIndex);
  }

  protected unreducedShape(input: Tensor): number[] {
    return classLossShape(input);
  }

  protected sum(input: Tensor, target: Tensor, out: number): number {
    const { rows, classes } = this.layout;
    const x = this.layout.gather(input);
    return classNllForward(rt().k, {
      logp: x, target: target.ptr, weight: this.weight?.ptr ?? 0, ignoreIndex: this.ignoreIndex, a: 1, b: 0, out, stats: this.stats.ptr, n: rows, c: classes,
    });
  }

  protected meanDivisor(_input: Tensor, target: Tensor): number {
    return targetWeightSum(target, this.weight, this.ignoreIndex);
  }

  protected grad(_input: Tensor, target: Tensor, gout: number, scale: number, grad: number): void {
    const { rows, classes } = this.layout;
    nllLossBackward(rt().k, {
      target: target.ptr, weight: this.weight?.ptr ?? 0, ignoreIndex: this.ignoreIndex, gout, scale, grad: this.layout.gradRows(grad), n: rows, c: classes,
    });
    this.layout.scatter(grad);
  }

  override gradFnName(input: Tensor): string {
    return nllNodeName(input, this.reduction);
  }

  override dispose(): void {
    super.dispose();
    this.weight?.dispose();
    this.stats.dispose();
    this.layout.dispose();
  }
}
