import type { FrozenTrial } from "../frozen_trial.js";
import type { StudyView } from "../samplers/sampler.js";

/** A pruner (Optuna's `BasePruner`): whether a running trial should stop, from its reports and the study's. */
export interface Pruner {
  prune(study: StudyView, trial: FrozenTrial): boolean;
}
