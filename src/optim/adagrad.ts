import type { Parameter } from "../nn/parameter.js";
import { adagradStep } from "../kernels/optim.js";
import { rt } from "../runtime/wasm.js";
import { Tensor } from "../tensor.js";
import { checkNonNegative } from "./checks.js";
import { Optimizer } from "./optimizer.js";
import type { ParamGroup, ParamsInput } from "./optimizer.js";

/** Options of {@link Adagrad} (torch.optim.Adagrad's, camelCase). */
export interface AdagradOptions {
  /** Learning rate (default 1e-2). */
  lr?: number;
  /** Learning-rate decay per step (default 0). */
  lrDecay?: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
  /** Starting value of the sum of squared gradients (default 0). */
  initialAccumulatorValue?: number;
  /** Added to the denominator for numerical stability (default 1e-10). */
  eps?: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize?: boolean;
}

type AdagradState = { step: number; sum: Tensor };

/**
 * Adagrad, as `torch.optim.Adagrad`:
 *
 *     s ← s + g²,   θ ← θ − lr/(1 + (t − 1)·lrDecay) · g / (√s + eps)
 *
 * Like PyTorch, the state (sums filled with `initialAccumulatorValue`) is
 * allocated in the constructor.
 */
export class Adagrad extends Optimizer<AdagradState> {
  constructor(params: ParamsInput<AdagradOptions>, options: AdagradOptions = {}) {
    super(params, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false }, options);
    for (const g of this.paramGroups) for (const p of g.params) this.stateOf(p, g);
  }

  protected override optionsName(): string {
    return "Adagrad";
  }

  step(): void {
    const k = rt().k;
    for (const g of this.paramGroups) {
      const maximize = g.maximize ? 1 : 0;
      for (const p of g.params) {
        const s = this.stateOf(p, g);
        const t = ++s.step;
        const clr = g.lr / (1 + (t - 1) * (g.lrDecay as number));
        adagradStep(k, { param: p.data.ptr, grad: p.grad.ptr, sum: s.sum.ptr, n: p.size, weightDecay: g.weightDecay as number, eps: g.eps as number, negClr: -clr, maximize });
      }
    }
  }

  protected override initState(p: Parameter, group: ParamGroup): AdagradState {
    return { step: 0, sum: Tensor.full(p.shape, group.initialAccumulatorValue as number) };
  }

  protected override validate(o: Record<string, unknown>): void {
    checkNonNegative(o.lr, "learning rate");
    checkNonNegative(o.lrDecay, "lr_decay value");
    checkNonNegative(o.weightDecay, "weight_decay value");
    checkNonNegative(o.initialAccumulatorValue, "initial_accumulator_value value");
    checkNonNegative(o.eps, "epsilon value");
  }
}
