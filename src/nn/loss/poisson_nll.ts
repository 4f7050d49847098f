import type { Tensor } from "../../tensor.js";
import { poissonStirlingAdd } from "../../kernels/loss.js";
import { rt } from "../../runtime/wasm.js";
import { KernelLoss } from "./kernel_loss.js";
import type { LossOptions, Reduction } from "./loss.js";
import { reducedNodeName } from "./node_names.js";
import { writeTargetGrad } from "./target_grad.js";
import { log } from "../../runtime/math.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of {@link PoissonNLLLoss}. */
export interface PoissonNLLLossOptions<R extends Reduction> extends LossOptions<R> {
  /** The input is the log of the rate (default true); otherwise the rate itself. */
  logInput?: boolean;
  /** Add Stirling's approximation of log(y!) for targets above 1 (default false). */
  full?: boolean;
  /** Added to a rate input before its log, so that a rate of 0 is finite (default 1e-8). */
  eps?: number;
}

const POISSON_NLL_LOSS_OPTIONS = optionNames<PoissonNLLLossOptions<Reduction>>({ reduction: true, logInput: true, full: true, eps: true });

/**
 * Negative log-likelihood of a Poisson-distributed target, `torch.nn.PoissonNLLLoss`:
 * ℓᵢ = e^xᵢ − yᵢ·xᵢ for log-rate inputs, xᵢ − yᵢ·log(xᵢ + eps) for rates, plus
 * yᵢ·log yᵢ − yᵢ + ½·log(2πyᵢ) where yᵢ > 1 when `full`.
 */
export class PoissonNLLLoss<R extends Reduction = "mean"> extends KernelLoss<R> {
  protected readonly name = "PoissonNLLLoss";
  readonly logInput: boolean;
  readonly full: boolean;
  readonly eps: number;

  constructor(options: PoissonNLLLossOptions<R> = {}) {
    checkOptions("PoissonNLLLoss", options, POISSON_NLL_LOSS_OPTIONS);
    const logInput = options.logInput ?? true;
    const eps = options.eps ?? 1e-8;
    super(options, logInput ? "poissonNllLogInput" : "poissonNll", eps);
    this.logInput = logInput;
    this.full = options.full ?? false;
    this.eps = eps;
  }

  /** PyTorch 1.13 composes it: `exp(x) - y·x` (plus the masked Stirling term when `full`), then the reduction. */
  override gradFnName(): string {
    return reducedNodeName(this.reduction, this.full ? "AddBackward0" : "SubBackward0");
  }

  /**
   * ∂ℓ/∂y = −x, or −log(x + eps) for rates; `full` adds log y + 1/(2y) where
   * y > 1, and is NaN at y = 0 as in PyTorch (its masked y·log y still
   * differentiates 0·log 0).
   */
  protected override targetGrad(input: Tensor, target: Tensor, gout: number, scale: number, grad: number): void {
    const x = input.data, y = target.data;
    const eps = this.eps;
    const base = this.logInput ? (i: number): number => -x[i] : (i: number): number => -log(Math.fround(x[i] + eps));
    const d = !this.full ? base : (i: number): number => (y[i] > 1 ? base(i) + log(y[i]) + 0.5 / y[i] : y[i] === 0 ? NaN : base(i));
    writeTargetGrad(input.size, gout, scale, grad, d);
  }

  protected override explainNaN(input: Tensor, target: Tensor): never {
    if (!this.logInput) this.refuseNegative(input, "rates (the input when logInput is false)");
    return super.explainNaN(input, target);
  }

  protected override sum(input: Tensor, target: Tensor, out: number): number {
    const s = super.sum(input, target, out);
    return this.full ? s + poissonStirlingAdd(rt().k, { y: target.ptr, out, n: target.size }) : s;
  }
}
