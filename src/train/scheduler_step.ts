import { ReduceLROnPlateau } from "../optim/lr_scheduler/reduce_lr_on_plateau.js";
import type { Scheduler } from "../optim/lr_scheduler/scheduler.js";

/** A scheduler `fit` can drive. */
export type AnyScheduler = Scheduler | ReduceLROnPlateau;

/**
 * When `fit` steps a scheduler unless told otherwise: as the scheduler
 * declares in its `interval` (schedules counted in optimizer steps, such as
 * OneCycleLR, CyclicLR and NoamLR, after every batch), else after every epoch.
 */
export function defaultSchedulerStep(s: AnyScheduler): "batch" | "epoch" {
  return s.interval ?? "epoch";
}

/** Whether the scheduler's `step` takes the monitored metric. */
export function isPlateau(s: AnyScheduler): s is ReduceLROnPlateau {
  return s instanceof ReduceLROnPlateau;
}
