import type { Parameter } from "../nn/parameter.js";
import { nadamStep } from "../kernels/optim.js";
import { pow } from "../runtime/math.js";
import { rt } from "../runtime/wasm.js";
import { Tensor } from "../tensor.js";
import { checkAdamOptions, checkNonNegative } from "./checks.js";
import { Optimizer } from "./optimizer.js";
import type { ParamsInput } from "./optimizer.js";

/** Options of {@link NAdam} (torch.optim.NAdam's, camelCase). */
export interface NAdamOptions {
  /** Learning rate (default 2e-3). */
  lr?: number;
  /** Coefficients of the running averages of the gradient and its square (default [0.9, 0.999]). */
  betas?: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps?: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
  /** Momentum decay ψ of the momentum schedule (default 4e-3). */
  momentumDecay?: number;
}

type NAdamState = { step: number; muProduct: number; expAvg: Tensor; expAvgSq: Tensor };

/**
 * NAdam (Adam with Nesterov momentum), as `torch.optim.NAdam`, with the
 * momentum schedule μₜ = β₁(1 − ½·0.96^(tψ)):
 *
 *     m ← β₁m + (1 − β₁)g,   v ← β₂v + (1 − β₂)g²,   d = √(v/(1 − β₂ᵗ)) + eps
 *     θ ← θ − lr(1 − μₜ)/(1 − Πμ) · g/d − lr·μₜ₊₁/(1 − Πμ·μₜ₊₁) · m/d
 *
 * where Πμ = μ₁⋯μₜ. PyTorch 1.13 multiplied μₜ into the second product twice;
 * this follows the fix of pytorch#92699 (PyTorch ≥ 2.0). Like PyTorch, Πμ is
 * kept in float32.
 */
export class NAdam extends Optimizer<NAdamState> {
  constructor(params: ParamsInput<NAdamOptions>, options: NAdamOptions = {}) {
    super(params, { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3 }, options);
  }

  protected override optionsName(): string {
    return "NAdam";
  }

  step(): void {
    const k = rt().k;
    for (const g of this.paramGroups) {
      const [beta1, beta2] = g.betas as [number, number];
      const psi = g.momentumDecay as number;
      for (const p of g.params) {
        const s = this.stateOf(p, g);
        const t = ++s.step;
        const mu = beta1 * (1 - 0.5 * pow(0.96, t * psi));
        const muNext = beta1 * (1 - 0.5 * pow(0.96, (t + 1) * psi));
        s.muProduct = Math.fround(s.muProduct * Math.fround(mu));
        const muProductNext = Math.fround(s.muProduct * Math.fround(muNext));
        const gradCoef = (-g.lr * (1 - mu)) / (1 - s.muProduct);
        const avgCoef = (-g.lr * muNext) / (1 - muProductNext);
        nadamStep(k, {
          param: p.data.ptr, grad: p.grad.ptr, expAvg: s.expAvg.ptr, expAvgSq: s.expAvgSq.ptr, n: p.size, weightDecay: g.weightDecay as number,
          beta1, oneMinusBeta1: 1 - beta1, beta2, oneMinusBeta2: 1 - beta2, biasCorrection2: 1 - pow(beta2, t), eps: g.eps as number, gradCoef, avgCoef,
        });
      }
    }
  }

  protected override initState(p: Parameter): NAdamState {
    return { step: 0, muProduct: 1, expAvg: Tensor.zeros(p.shape), expAvgSq: Tensor.zeros(p.shape) };
  }

  protected override validate(o: Record<string, unknown>): void {
    checkAdamOptions(o);
    checkNonNegative(o.momentumDecay, "momentum_decay value");
  }
}
