import { PercentilePruner } from "./percentile.js";
import type { PercentilePrunerOptions } from "./percentile.js";

/**
 * Prune a trial whose best intermediate value is worse than the median of
 * the completed trials' values at the same step (Optuna's `MedianPruner`,
 * the default pruner): `nStartupTrials` 5, `nWarmupSteps` 0, `intervalSteps` 1.
 */
export class MedianPruner extends PercentilePruner {
  constructor(options: PercentilePrunerOptions = {}) {
    super(50, options, "MedianPruner");
  }
}
