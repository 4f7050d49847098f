import type { Optimizer } from "../optimizer.js";
import type { LRScheduler } from "./scheduler.js";
import { SchedulerList } from "./scheduler_list.js";
import { bisectRight, readLrs } from "./util.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of `SequentialLR`. */
export interface SequentialLROptions {
  /** Epochs at which the next scheduler takes over; one fewer than the schedulers. */
  milestones: readonly number[];
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

const SEQUENTIAL_LR_OPTIONS = optionNames<SequentialLROptions>({ milestones: true, lastEpoch: true });

/**
 * Run `schedulers[k]` from `milestones[k − 1]` on (`torch.optim.lr_scheduler.SequentialLR`).
 * Each scheduler takes over at its own epoch 0 (via `step(0)`, its closed form
 * where it has one), starting from the groups' `initialLr`.
 */
export class SequentialLR extends SchedulerList<LRScheduler> {
  milestones: number[];
  lastEpoch: number;

  constructor(optimizer: Optimizer, schedulers: readonly LRScheduler[], options: SequentialLROptions) {
    checkOptions("SequentialLR", options, SEQUENTIAL_LR_OPTIONS, ["milestones"]);
    super(optimizer, schedulers);
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) {
        throw new Error(
          "Sequential Schedulers expects all schedulers to belong to the same optimizer, but " +
            `got schedulers at index ${i} to be different than the optimizer passed in.`,
        );
      }
    });
    const { milestones } = options;
    if (milestones.length !== schedulers.length - 1) {
      throw new RangeError(
        "Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, " +
          `but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${milestones.length}`,
      );
    }
    this.milestones = milestones.slice();
    this.lastEpoch = (options.lastEpoch ?? -1) + 1;
    // Undo the constructors' steps, then replay only the first scheduler's.
    for (const g of optimizer.paramGroups) g.lr = g.initialLr as number;
    for (const s of this.schedulers) s.lastEpoch -= 1;
    this.schedulers[0].initialStep();
    readLrs(optimizer, this.lastLr);
  }

  step(): void {
    this.lastEpoch += 1;
    const idx = bisectRight(this.milestones, this.lastEpoch);
    const scheduler = this.schedulers[idx];
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) scheduler.step(0);
    else scheduler.step();
    readLrs(this.optimizer, this.lastLr);
  }
}
