import type { Parameter } from "../nn/parameter.js";
import { radamStep } from "../kernels/optim.js";
import { pow, sqrt } from "../runtime/math.js";
import { rt } from "../runtime/wasm.js";
import { Tensor } from "../tensor.js";
import { checkAdamOptions } from "./checks.js";
import { Optimizer } from "./optimizer.js";
import type { ParamsInput } from "./optimizer.js";

/** Options of {@link RAdam} (torch.optim.RAdam's, camelCase). */
export interface RAdamOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** Coefficients of the running averages of the gradient and its square (default [0.9, 0.999]). */
  betas?: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps?: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
}

type RAdamState = { step: number; expAvg: Tensor; expAvgSq: Tensor };

/**
 * RAdam (rectified Adam), as `torch.optim.RAdam`. With m̂ = m/(1 − β₁ᵗ),
 * ρ∞ = 2/(1 − β₂) − 1 and ρₜ = ρ∞ − 2tβ₂ᵗ/(1 − β₂ᵗ):
 *
 *     θ ← θ − lr·m̂ · r·√(1 − β₂ᵗ)/(√v + eps)   when ρₜ > 5, with
 *         r = √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ))
 *     θ ← θ − lr·m̂                               otherwise (the first steps)
 */
export class RAdam extends Optimizer<RAdamState> {
  constructor(params: ParamsInput<RAdamOptions>, options: RAdamOptions = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 }, options);
  }

  protected override optionsName(): string {
    return "RAdam";
  }

  step(): void {
    const k = rt().k;
    for (const g of this.paramGroups) {
      const [beta1, beta2] = g.betas as [number, number];
      const rhoInf = 2 / (1 - beta2) - 1;
      for (const p of g.params) {
        const s = this.stateOf(p, g);
        const t = ++s.step;
        const biasCorrection2 = 1 - pow(beta2, t);
        const rhoT = rhoInf - (2 * t * pow(beta2, t)) / biasCorrection2;
        const rectify = rhoT > 5;
        const rect = rectify ? sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 1;
        radamStep(k, {
          param: p.data.ptr, grad: p.grad.ptr, expAvg: s.expAvg.ptr, expAvgSq: s.expAvgSq.ptr, n: p.size, weightDecay: g.weightDecay as number,
          beta1, oneMinusBeta1: 1 - beta1, beta2, oneMinusBeta2: 1 - beta2, biasCorrection1: 1 - pow(beta1, t), lr: g.lr, rectify: rectify ? 1 : 0,
          rect, biasCorrection2Sqrt: sqrt(biasCorrection2), eps: g.eps as number,
        });
      }
    }
  }

  protected override initState(p: Parameter): RAdamState {
    return { step: 0, expAvg: Tensor.zeros(p.shape), expAvgSq: Tensor.zeros(p.shape) };
  }

  protected override validate(o: Record<string, unknown>): void {
    checkAdamOptions(o);
  }
}
