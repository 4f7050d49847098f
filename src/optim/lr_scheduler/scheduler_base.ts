import type { Optimizer } from "../optimizer.js";
import { captureState, restoreState, type SchedulerState } from "./state.js";
import { assertOptimizer } from "./util.js";

/** When a scheduler is stepped: after every optimizer step (batch) or after every epoch. */
export type SchedulerInterval = "batch" | "epoch";

/** What every scheduler shares: its optimizer, the last lrs it set, and its state as JSON. */
export abstract class SchedulerBase {
  readonly optimizer: Optimizer;
  protected lastLr: number[] = [];

  protected constructor(optimizer: Optimizer) {
    assertOptimizer(optimizer);
    this.optimizer = optimizer;
  }

  /**
   * How often `train.fit` steps this scheduler unless its `schedulerStep`
   * option says otherwise: `"batch"` for schedules counted in optimizer steps
   * (OneCycleLR, CyclicLR, NoamLR), `"epoch"` for the others. A subclass
   * counted in optimizer steps overrides this getter (a getter, not a field,
   * so that it stays out of `stateDict()`).
   */
  get interval(): SchedulerInterval {
    return "epoch";
  }

  /** The lr of each parameter group after the latest `step()`. */
  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  /** JSON-serialisable state; functions (lambdas, custom scale functions) are not saved. */
  stateDict(): SchedulerState {
    return captureState(this);
  }

  /** Continue from a `stateDict()`. The optimizer's parameter groups must be restored alongside. */
  loadStateDict(state: SchedulerState): void {
    restoreState(this, state);
  }
}
