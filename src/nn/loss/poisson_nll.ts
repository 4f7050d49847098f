import type { Tensor } from "../../tensor.js";
import { poissonStirlingAdd } from "../../kernels/loss.js";
import { rt } from "../../runtime/wasm.js";
import { KernelLoss } from "./kernel_loss.js";
import type { LossOptions, Reduction } from "./loss.js";
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

  protected override explainNaN(input: Tensor, target: Tensor): never {
    if (!this.logInput) this.refuseNegative(input, "rates (the input when logInput is false)");
    return super.explainNaN(input, target);
  }

  protected override sum(input: Tensor, target: Tensor, out: number): number {
    const s = super.sum(input, target, out);
    return this.full ? s + poissonStirlingAdd(rt().k, { y: target.ptr, out, n: target.size }) : s;
  }
}
