import type { Optimizer } from "../optimizer.js";
import { captureState, restoreState, type SchedulerState } from "./state.js";
import { assertOptimizer } from "./util.js";

/** What every scheduler shares: its optimizer, the last lrs it set, and its state as JSON. */
export abstract class SchedulerBase {
  readonly optimizer: Optimizer;
  protected lastLr: number[] = [];

  protected constructor(optimizer: Optimizer) {
    assertOptimizer(optimizer);
    this.optimizer = optimizer;
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
