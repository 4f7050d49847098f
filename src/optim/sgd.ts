import type { Parameter } from "../nn/parameter.js";
import { SGD_TABLE, sgdStepTable } from "../kernels/optim.js";
import { rt } from "../runtime/wasm.js";
import { Tensor } from "../tensor.js";
import { checkNonNegative } from "./checks.js";
import { Optimizer } from "./optimizer.js";
import type { ParamsInput } from "./optimizer.js";

/** Options of {@link SGD} (torch.optim.SGD's, camelCase). */
export interface SGDOptions {
  /** Learning rate; required unless every parameter group sets its own. */
  lr?: number;
  /** Momentum factor (default 0). */
  momentum?: number;
  /** Dampening for momentum (default 0). */
  dampening?: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
  /** Nesterov momentum (default false; needs momentum > 0 and zero dampening). */
  nesterov?: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize?: boolean;
}

type SGDState = { momentumBuffer: Tensor };

/**
 * Stochastic gradient descent with optional momentum, as `torch.optim.SGD`:
 *
 *     g ← ∇ + weightDecay·θ
 *     b ← g at the first step, then momentum·b + (1 − dampening)·g
 *     g ← g + momentum·b (Nesterov) or b
 *     θ ← θ − lr·g
 *
 * The momentum buffer is allocated at a parameter's first step; without
 * momentum SGD keeps no state.
 */
export class SGD extends Optimizer<SGDState> {
  constructor(params: ParamsInput<SGDOptions>, options: SGDOptions = {}) {
    super(params, { lr: undefined, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false }, options);
  }

  protected override optionsName(): string {
    return "SGD";
  }

  step(): void {
    const r = rt();
    for (const g of this.paramGroups) {
      const momentum = g.momentum as number;
      const table = this.paramTable(g.params.length, SGD_TABLE.slots);
      const slot = SGD_TABLE.i32;
      let at = table >>> 2;
      for (const p of g.params) {
        let buf = 0;
        let first = 0;
        if (momentum !== 0) {
          first = this.state.has(p) ? 0 : 1;
          buf = this.stateOf(p, g).momentumBuffer.ptr;
        }
        // Read after stateOf, whose allocation may have grown the memory.
        const i32 = r.i32;
        i32[at + slot.param] = p.data.ptr;
        i32[at + slot.grad] = p.grad.ptr;
        i32[at + slot.buf] = buf;
        i32[at + slot.n] = p.size;
        i32[at + slot.first] = first;
        at += SGD_TABLE.slots;
      }
      sgdStepTable(r.k, {
        table, count: g.params.length, negLr: -g.lr, weightDecay: g.weightDecay as number, momentum, oneMinusDampening: 1 - (g.dampening as number),
        nesterov: g.nesterov ? 1 : 0, maximize: g.maximize ? 1 : 0,
      });
    }
  }

  protected override initState(p: Parameter): SGDState {
    return { momentumBuffer: Tensor.zeros(p.shape) };
  }

  protected override validate(o: Record<string, unknown>): void {
    if (o.lr !== undefined) checkNonNegative(o.lr, "learning rate");
    checkNonNegative(o.momentum, "momentum value");
    checkNonNegative(o.weightDecay, "weight_decay value");
    if (o.nesterov && (!((o.momentum as number) > 0) || o.dampening !== 0)) {
      throw new RangeError("Nesterov momentum requires a momentum and zero dampening");
    }
  }
}
