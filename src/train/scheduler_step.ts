import { CyclicLR } from "../optim/lr_scheduler/cyclic_lr.js";
import { NoamLR } from "../optim/lr_scheduler/noam_lr.js";
import { OneCycleLR } from "../optim/lr_scheduler/one_cycle_lr.js";
import { ReduceLROnPlateau } from "../optim/lr_scheduler/reduce_lr_on_plateau.js";
import type { Scheduler } from "../optim/lr_scheduler/scheduler.js";

/** A scheduler `fit` can drive. */
export type AnyScheduler = Scheduler | ReduceLROnPlateau;

/**
 * When `fit` steps a scheduler unless told otherwise: schedules defined in
 * optimizer steps (OneCycleLR, CyclicLR, NoamLR) after every batch, the
 * others after every epoch, as their PyTorch documentation prescribes.
 */
export function defaultSchedulerStep(s: AnyScheduler): "batch" | "epoch" {
  return s instanceof OneCycleLR || s instanceof CyclicLR || s instanceof NoamLR ? "batch" : "epoch";
}

/** Whether the scheduler's `step` takes the monitored metric. */
export function isPlateau(s: AnyScheduler): s is ReduceLROnPlateau {
  return s instanceof ReduceLROnPlateau;
}
