import type { FrozenTrial } from "../frozen_trial.js";
import type { Study } from "../study.js";
import type { StudyView } from "../samplers/sampler.js";
import { HyperbandPruner } from "./hyperband.js";

/**
 * The study a sampler should see for `trial` (Optuna's `_filter_study`):
 * under Hyperband, only the trials of the trial's bracket, so each bracket
 * is sampled as its own study.
 */
export function filterStudy(study: Study, trial: FrozenTrial): StudyView {
  return study.pruner instanceof HyperbandPruner ? study.pruner.bracketStudy(study, trial) : study;
}
