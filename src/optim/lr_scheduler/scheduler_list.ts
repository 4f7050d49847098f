import type { Optimizer } from "../optimizer.js";
import type { Scheduler } from "./scheduler.js";
import { captureState, restoreState, type SchedulerState } from "./state.js";

/** Common base of the schedulers that drive other schedulers; their states nest under `schedulers`. */
export abstract class SchedulerList<S extends Scheduler> implements Scheduler {
  readonly optimizer: Optimizer;
  protected readonly schedulers: S[];
  protected lastLr: number[] = [];

  protected constructor(optimizer: Optimizer, schedulers: readonly S[]) {
    this.optimizer = optimizer;
    this.schedulers = schedulers.slice();
  }

  abstract step(): void;

  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  stateDict(): SchedulerState {
    return { ...captureState(this, ["schedulers"]), schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  loadStateDict(state: SchedulerState): void {
    const { schedulers, ...own } = state;
    restoreState(this, own);
    (schedulers as SchedulerState[]).forEach((s, i) => this.schedulers[i].loadStateDict(s));
  }
}
