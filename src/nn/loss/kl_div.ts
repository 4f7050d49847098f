import type { Tensor } from "../../tensor.js";
import { KernelLoss } from "./kernel_loss.js";
import type { LossOptions, LossReduction } from "./loss.js";
import { reducedNodeName } from "./node_names.js";
import { writeTargetGrad } from "./target_grad.js";
import { exp, log } from "../../runtime/math.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of {@link KLDivLoss}. */
export interface KLDivLossOptions<R extends LossReduction> extends LossOptions<R> {
  /** The target holds log-probabilities rather than probabilities (default false). */
  logTarget?: boolean;
}

const KL_DIV_LOSS_OPTIONS = optionNames<KLDivLossOptions<LossReduction>>({ reduction: true, logTarget: true });

/**
 * Kullback–Leibler divergence, `torch.nn.KLDivLoss`, for log-probabilities
 * `input` against probabilities `target` (log-probabilities with
 * `logTarget`): ℓᵢ = yᵢ·(log yᵢ − xᵢ) (0 where yᵢ = 0), or e^yᵢ·(yᵢ − xᵢ).
 *
 * `reduction: 'batchmean'` divides the sum by the batch size (dimension 0),
 * which is the KL divergence per sample; `'mean'` (PyTorch's default, kept
 * here) divides by every element instead.
 */
export class KLDivLoss<R extends LossReduction = "mean"> extends KernelLoss<R> {
  protected readonly name = "KLDivLoss";
  readonly logTarget: boolean;

  constructor(options: KLDivLossOptions<R> = {}) {
    checkOptions("KLDivLoss", options, KL_DIV_LOSS_OPTIONS);
    const logTarget = options.logTarget ?? false;
    super(options, logTarget ? "klDivLogTarget" : "klDiv", 0, ["mean", "sum", "none", "batchmean"]);
    this.logTarget = logTarget;
  }

  protected override reductionDivisor(input: Tensor, target: Tensor): number {
    if (this.reduction !== "batchmean") return super.reductionDivisor(input, target);
    return input.ndim === 0 ? 1 : input.shape[0];
  }

  /** PyTorch 1.13 composes it: `xlogy(y, y) - y·x` (`exp(y)·(y - x)` with `logTarget`), then the reduction. */
  override gradFnName(input: Tensor): string {
    if (this.reduction === "batchmean") return input.ndim === 0 ? "SumBackward0" : "DivBackward0";
    return reducedNodeName(this.reduction, this.logTarget ? "MulBackward0" : "SubBackward0");
  }

  /**
   * ∂ℓ/∂y = log y + 1 − x, or e^y·(y − x + 1) with `logTarget`. At y = 0 it is
   * NaN, as PyTorch's (the derivative of y·log y there is 0/0).
   */
  protected override targetGrad(input: Tensor, target: Tensor, gout: number, scale: number, grad: number): void {
    const x = input.data, y = target.data;
    const d = this.logTarget
      ? (i: number): number => exp(y[i]) * (y[i] - x[i] + 1)
      : (i: number): number => (y[i] === 0 ? NaN : log(y[i]) + 1 - x[i]);
    writeTargetGrad(input.size, gout, scale, grad, d);
  }

  protected override explainNaN(input: Tensor, target: Tensor): never {
    if (!this.logTarget) this.refuseNegative(target, "target probabilities");
    return super.explainNaN(input, target);
  }
}
