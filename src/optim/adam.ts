import type { Parameter } from "../nn/parameter.js";
import { ADAM_TABLE, adamStepTable } from "../kernels/optim.js";
import { pow, sqrt } from "../runtime/math.js";
import { rt } from "../runtime/wasm.js";
import { Tensor } from "../tensor.js";
import { checkAdamOptions } from "./checks.js";
import { Optimizer } from "./optimizer.js";
import type { ParamGroup, ParamsInput } from "./optimizer.js";

/** Options of {@link Adam} and {@link AdamW} (torch.optim's, camelCase). */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** Coefficients of the running averages of the gradient and its square (default [0.9, 0.999]). */
  betas?: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps?: number;
  /** Adam: L2 penalty added to the gradient (default 0). AdamW: decoupled decay rate (default 1e-2). */
  weightDecay?: number;
  /** Use the AMSGrad variant (default false). */
  amsgrad?: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize?: boolean;
}

type AdamState = { step: number; expAvg: Tensor; expAvgSq: Tensor; maxExpAvgSq?: Tensor };

/**
 * Adam, as `torch.optim.Adam`, with `weightDecay` as an L2 penalty added to
 * the gradient:
 *
 *     m ← β₁m + (1 − β₁)g,   v ← β₂v + (1 − β₂)g²
 *     θ ← θ − lr/(1 − β₁ᵗ) · m / (√v̂ / √(1 − β₂ᵗ) + eps)
 *
 * where v̂ is v, or its running maximum with `amsgrad`. State is allocated
 * at a parameter's first step.
 */
export class Adam extends Optimizer<AdamState> {
  constructor(params: ParamsInput<AdamOptions>, options: AdamOptions = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false }, options);
  }

  protected override optionsName(): string {
    return "Adam";
  }

  step(): void {
    const r = rt();
    for (const g of this.paramGroups) {
      const [beta1, beta2] = g.betas as [number, number];
      const amsgrad = g.amsgrad ? 1 : 0;
      const table = this.paramTable(g.params.length, ADAM_TABLE.slots);
      const { i32: slot, f32: slotF32 } = ADAM_TABLE;
      let at = table >>> 2;
      let t = 0;
      let negStepSize = 0;
      let biasCorrection2Sqrt = 0;
      for (const p of g.params) {
        const s = this.stateOf(p, g);
        // amsgrad switched on after the first step starts its running maximum at zero.
        const maxExpAvgSq = amsgrad ? (s.maxExpAvgSq ??= Tensor.zeros(p.shape)).ptr : 0;
        // Parameters of a group usually share their step count, so the bias corrections are computed once.
        if (++s.step !== t) {
          t = s.step;
          negStepSize = -g.lr / (1 - pow(beta1, t));
          biasCorrection2Sqrt = sqrt(1 - pow(beta2, t));
        }
        // The views are read after the allocations above, which may have grown the memory.
        const i32 = r.i32;
        const f32 = r.f32;
        i32[at + slot.param] = p.data.ptr;
        i32[at + slot.grad] = p.grad.ptr;
        i32[at + slot.expAvg] = s.expAvg.ptr;
        i32[at + slot.expAvgSq] = s.expAvgSq.ptr;
        i32[at + slot.maxExpAvgSq] = maxExpAvgSq;
        i32[at + slot.n] = p.size;
        f32[at + slotF32.negStepSize] = negStepSize;
        f32[at + slotF32.biasCorrection2Sqrt] = biasCorrection2Sqrt;
        at += ADAM_TABLE.slots;
      }
      adamStepTable(r.k, {
        table, count: g.params.length, weightDecay: this.l2Penalty(g), paramScale: this.paramScale(g), beta1, oneMinusBeta1: 1 - beta1,
        beta2, oneMinusBeta2: 1 - beta2, eps: g.eps as number, amsgrad, maximize: g.maximize ? 1 : 0,
      });
    }
  }

  /** The L2 penalty added to the gradient: Adam's weight decay. */
  protected l2Penalty(g: ParamGroup): number {
    return g.weightDecay as number;
  }

  /** The factor the parameter is multiplied by before the update: 1 for Adam. */
  protected paramScale(_g: ParamGroup): number {
    return 1;
  }

  protected override initState(p: Parameter, group: ParamGroup): AdamState {
    const s: AdamState = { step: 0, expAvg: Tensor.zeros(p.shape), expAvgSq: Tensor.zeros(p.shape) };
    if (group.amsgrad) s.maxExpAvgSq = Tensor.zeros(p.shape);
    return s;
  }

  protected override validate(o: Record<string, unknown>): void {
    checkAdamOptions(o);
  }
}
