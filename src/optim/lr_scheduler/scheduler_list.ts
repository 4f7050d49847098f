import type { Optimizer } from "../optimizer.js";
import type { Scheduler } from "./scheduler.js";
import { SchedulerBase } from "./scheduler_base.js";
import { captureState, restoreState, type SchedulerState } from "./state.js";

/** Common base of the schedulers that drive other schedulers; their states nest under `schedulers`. */
export abstract class SchedulerList<S extends Scheduler> extends SchedulerBase implements Scheduler {
  protected readonly schedulers: S[];

  protected constructor(optimizer: Optimizer, schedulers: readonly S[]) {
    super(optimizer);
    this.schedulers = schedulers.slice();
  }

  abstract step(): void;

  override stateDict(): SchedulerState {
    return { ...captureState(this, ["schedulers"]), schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  override loadStateDict(state: SchedulerState): void {
    const { schedulers, ...own } = state;
    restoreState(this, own);
    (schedulers as SchedulerState[]).forEach((s, i) => this.schedulers[i].loadStateDict(s));
  }
}
