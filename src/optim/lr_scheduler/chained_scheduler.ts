import type { Scheduler } from "./scheduler.js";
import { SchedulerList } from "./scheduler_list.js";
import { readLrs } from "./util.js";

/**
 * Step several chainable schedulers together, each scaling the lr the
 * previous one left (`torch.optim.lr_scheduler.ChainedScheduler`).
 */
export class ChainedScheduler extends SchedulerList<Scheduler> {
  constructor(schedulers: readonly Scheduler[]) {
    if (schedulers.length === 0) throw new RangeError("ChainedScheduler expects at least one scheduler");
    super(schedulers[0].optimizer, schedulers);
    schedulers.forEach((s, i) => {
      if (s.optimizer !== schedulers[0].optimizer) {
        throw new Error(
          `ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different`,
        );
      }
    });
    readLrs(this.optimizer, this.lastLr);
  }

  step(): void {
    for (const s of this.schedulers) s.step();
    readLrs(this.optimizer, this.lastLr);
  }
}
