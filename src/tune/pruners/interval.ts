// Checks shared by the pruners that take Optuna's warm-up and interval
// options (Percentile/Median and Threshold).

/** Refuse a negative warm-up or an interval below 1, with Optuna's wording. */
export function checkWarmupInterval(nWarmupSteps: number, intervalSteps: number): void {
  if (nWarmupSteps < 0) throw new RangeError(`Number of warmup steps cannot be negative but got ${nWarmupSteps}.`);
  if (intervalSteps < 1) throw new RangeError(`Pruning interval steps must be at least 1 but got ${intervalSteps}.`);
}

/**
 * Whether `step` is the first report at or after the latest pruning check
 * point (`nWarmupSteps + k·intervalSteps`), so a check missed because nothing
 * was reported at its step happens at the next report (Optuna's
 * `_is_first_in_interval_step`).
 */
export function isFirstInIntervalStep(step: number, steps: Iterable<number>, nWarmupSteps: number, intervalSteps: number): boolean {
  const nearestLowerPruningStep = Math.floor((step - nWarmupSteps) / intervalSteps) * intervalSteps + nWarmupSteps;
  let secondLast = -1;
  for (const s of steps) if (s > secondLast && s !== step) secondLast = s;
  return secondLast < nearestLowerPruningStep;
}
