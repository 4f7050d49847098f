import type { Optimizer } from "../optimizer.js";
import { SchedulerBase } from "./scheduler_base.js";
import type { SchedulerInterval } from "./scheduler_base.js";
import type { SchedulerState } from "./state.js";
import { readLrs } from "./util.js";

/** What every epoch/iteration-driven scheduler offers (`ReduceLROnPlateau` instead takes a metric). */
export interface Scheduler {
  readonly optimizer: Optimizer;
  /** Advance one epoch (or batch) and write the new lr into every parameter group. */
  step(): void;
  /** The lr of each parameter group after the latest `step()`. */
  getLastLr(): number[];
  /** How often `train.fit` steps it by default; `"epoch"` when absent (see `SchedulerBase.interval`). */
  readonly interval?: SchedulerInterval;
  /** JSON-serialisable state; functions (lambdas, custom scale functions) are not saved. */
  stateDict(): SchedulerState;
  /** Continue from a `stateDict()`. The optimizer's state must be restored alongside. */
  loadStateDict(state: SchedulerState): void;
}

/**
 * Base class of the LR schedulers, after `torch.optim.lr_scheduler._LRScheduler`.
 *
 * Construction performs the first `step()` (as PyTorch does), so the
 * optimizer already holds the epoch-0 lr afterwards. Each subclass gives the
 * chainable (recursive) lr of one group in `groupLr`, which `step()` uses;
 * schedulers that PyTorch also gives a closed form use it for `step(epoch)`.
 */
export abstract class LRScheduler extends SchedulerBase implements Scheduler {
  /** Each group's `initialLr` when the scheduler attached. */
  baseLrs: number[] = [];
  /** Index of the latest epoch (or batch); -1 before the first step. */
  lastEpoch = -1;
  protected stepCount = 0;

  /** The lr of group `i` at `lastEpoch`, from the group's current lr where the schedule is chainable. */
  protected abstract groupLr(i: number): number;

  /** The lr of group `i` at `lastEpoch` from `baseLrs` alone; used by `step(epoch)`. */
  protected closedFormLr?(i: number): number;

  /**
   * Record `initialLr` (or require it when resuming with `lastEpoch >= 0`) and
   * take the initial step. Subclass constructors call this last, once their
   * options are in place.
   */
  protected start(lastEpoch: number): void {
    const groups = this.optimizer.paramGroups;
    groups.forEach((g, i) => {
      if (lastEpoch === -1) g.initialLr ??= g.lr;
      else if (g.initialLr === undefined) {
        throw new Error(`param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`);
      }
    });
    this.baseLrs = groups.map((g) => g.initialLr as number);
    this.lastEpoch = lastEpoch;
    this.initialStep();
  }

  /** @internal Reset the step count and take the constructor's step (SequentialLR re-runs it). */
  initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  /**
   * Advance to the next epoch, or jump to `epoch` (deprecated in PyTorch;
   * uses the closed form where the scheduler has one).
   */
  step(epoch?: number): void {
    this.stepCount++;
    if (epoch === undefined) this.lastEpoch++;
    else this.lastEpoch = epoch;
    this.applyLrs(epoch !== undefined && this.closedFormLr !== undefined);
  }

  /**
   * Write the lr of every group for the current `lastEpoch`. All lrs are
   * computed before any is written, as in PyTorch. A non-finite lr is refused
   * (where PyTorch raises ZeroDivisionError, e.g. a zero-length phase).
   */
  protected applyLrs(closedForm: boolean): void {
    const groups = this.optimizer.paramGroups;
    const lrs = this.lastLr;
    lrs.length = groups.length;
    for (let i = 0; i < groups.length; i++) {
      const lr = closedForm ? this.closedFormLr!(i) : this.groupLr(i);
      if (!Number.isFinite(lr)) {
        readLrs(this.optimizer, lrs);
        throw new RangeError(`${this.constructor.name}: the lr of param_groups[${i}] would become ${lr} at epoch ${this.lastEpoch}`);
      }
      lrs[i] = lr;
    }
    for (let i = 0; i < groups.length; i++) groups[i].lr = lrs[i];
  }
}
