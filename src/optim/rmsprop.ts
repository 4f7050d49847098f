import type { Parameter } from "../nn/parameter.js";
import { rmspropStep } from "../kernels/optim.js";
import { rt } from "../runtime/wasm.js";
import { Tensor } from "../tensor.js";
import { checkNonNegative } from "./checks.js";
import { Optimizer } from "./optimizer.js";
import type { ParamGroup, ParamsInput } from "./optimizer.js";

/** Options of {@link RMSprop} (torch.optim.RMSprop's, camelCase). */
export interface RMSpropOptions {
  /** Learning rate (default 1e-2). */
  lr?: number;
  /** Smoothing constant of the squared-gradient average (default 0.99). */
  alpha?: number;
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps?: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
  /** Momentum factor (default 0). */
  momentum?: number;
  /** Normalize by the estimated variance of the gradient instead of its second moment (default false). */
  centered?: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize?: boolean;
}

type RMSpropState = { step: number; squareAvg: Tensor; momentumBuffer?: Tensor; gradAvg?: Tensor };

/**
 * RMSprop, as `torch.optim.RMSprop`:
 *
 *     v ← αv + (1 − α)g²,   ḡ ← αḡ + (1 − α)g (centered)
 *     a ← √(v − ḡ²) (centered) or √v, plus eps
 *     b ← momentum·b + g/a,  θ ← θ − lr·b   (momentum > 0)
 *     θ ← θ − lr·g/a                          (otherwise)
 *
 * State is allocated at a parameter's first step.
 */
export class RMSprop extends Optimizer<RMSpropState> {
  constructor(params: ParamsInput<RMSpropOptions>, options: RMSpropOptions = {}) {
    super(params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false }, options);
  }

  protected override optionsName(): string {
    return "RMSprop";
  }

  step(): void {
    const k = rt().k;
    for (const g of this.paramGroups) {
      const alpha = g.alpha as number;
      const maximize = g.maximize ? 1 : 0;
      for (const p of g.params) {
        const s = this.stateOf(p, g);
        s.step++;
        // Buffers for options switched on after the first step start at zero.
        const gradAvg = g.centered ? (s.gradAvg ??= Tensor.zeros(p.shape)).ptr : 0;
        const buf = (g.momentum as number) > 0 ? (s.momentumBuffer ??= Tensor.zeros(p.shape)).ptr : 0;
        rmspropStep(k, {
          param: p.data.ptr, grad: p.grad.ptr, squareAvg: s.squareAvg.ptr, gradAvg, momentumBuffer: buf, n: p.size, weightDecay: g.weightDecay as number,
          alpha, oneMinusAlpha: 1 - alpha, eps: g.eps as number, momentum: g.momentum as number, negLr: -g.lr, maximize,
        });
      }
    }
  }

  protected override initState(p: Parameter, group: ParamGroup): RMSpropState {
    const s: RMSpropState = { step: 0, squareAvg: Tensor.zeros(p.shape) };
    if ((group.momentum as number) > 0) s.momentumBuffer = Tensor.zeros(p.shape);
    if (group.centered) s.gradAvg = Tensor.zeros(p.shape);
    return s;
  }

  protected override validate(o: Record<string, unknown>): void {
    checkNonNegative(o.lr, "learning rate");
    checkNonNegative(o.eps, "epsilon value");
    checkNonNegative(o.momentum, "momentum value");
    checkNonNegative(o.weightDecay, "weight_decay value");
    checkNonNegative(o.alpha, "alpha value");
  }
}
