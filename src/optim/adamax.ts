import type { Parameter } from "../nn/parameter.js";
import { adamaxStep } from "../kernels/optim.js";
import { pow } from "../runtime/math.js";
import { rt } from "../runtime/wasm.js";
import { Tensor } from "../tensor.js";
import { checkAdamOptions } from "./checks.js";
import { Optimizer } from "./optimizer.js";
import type { ParamsInput } from "./optimizer.js";

/** Options of {@link Adamax} (torch.optim.Adamax's, camelCase). */
export interface AdamaxOptions {
  /** Learning rate (default 2e-3). */
  lr?: number;
  /** Coefficients of the gradient average and of the infinity norm's decay (default [0.9, 0.999]). */
  betas?: [number, number];
  /** Added to |g| for numerical stability (default 1e-8). */
  eps?: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize?: boolean;
}

type AdamaxState = { step: number; expAvg: Tensor; expInf: Tensor };

/**
 * Adamax (Adam with the infinity norm), as `torch.optim.Adamax`:
 *
 *     m ← β₁m + (1 − β₁)g,   u ← max(β₂u, |g| + eps)
 *     θ ← θ − lr/(1 − β₁ᵗ) · m/u
 *
 * State is allocated at a parameter's first step.
 */
export class Adamax extends Optimizer<AdamaxState> {
  constructor(params: ParamsInput<AdamaxOptions>, options: AdamaxOptions = {}) {
    super(params, { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false }, options);
  }

  protected override optionsName(): string {
    return "Adamax";
  }

  step(): void {
    const k = rt().k;
    for (const g of this.paramGroups) {
      const [beta1, beta2] = g.betas as [number, number];
      const maximize = g.maximize ? 1 : 0;
      for (const p of g.params) {
        const s = this.stateOf(p, g);
        const t = ++s.step;
        const clr = g.lr / (1 - pow(beta1, t));
        adamaxStep(k, {
          param: p.data.ptr, grad: p.grad.ptr, expAvg: s.expAvg.ptr, expInf: s.expInf.ptr, n: p.size, weightDecay: g.weightDecay as number,
          beta1, oneMinusBeta1: 1 - beta1, beta2, eps: g.eps as number, negClr: -clr, maximize,
        });
      }
    }
  }

  protected override initState(p: Parameter): AdamaxState {
    return { step: 0, expAvg: Tensor.zeros(p.shape), expInf: Tensor.zeros(p.shape) };
  }

  protected override validate(o: Record<string, unknown>): void {
    checkAdamOptions(o);
  }
}
