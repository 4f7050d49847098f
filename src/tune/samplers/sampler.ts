import type { Distribution, ParamValue } from "../distributions.js";
import type { FrozenTrial } from "../frozen_trial.js";
import type { StudyDirection, TrialState } from "../state.js";

/** What samplers and pruners may read of a study. */
export interface StudyView {
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  /** The single direction; throws for multi-objective studies. */
  readonly direction: StudyDirection;
  /** Trials in number order, optionally only those in `states` (no copies: do not mutate). */
  getTrials(states?: readonly TrialState[]): readonly FrozenTrial[];
  /**
   * Record a system attribute of a running trial (how SuccessiveHalvingPruner
   * marks completed rungs and GridSampler the grid point it chose).
   */
  setTrialSystemAttr(trialId: number, key: string, value: unknown): void;
  /** End `optimize()` after the running trials (GridSampler does when the grid is exhausted). */
  stop(): void;
}

/**
 * A sampler (Optuna's `BaseSampler`, camelCase). A trial's parameters come
 * from `sampleRelative` over the relative search space (drawn once, when the
 * trial starts) and otherwise one by one from `sampleIndependent`. Values are
 * external (what the objective sees).
 */
export interface Sampler {
  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): Record<string, Distribution>;
  sampleRelative(study: StudyView, trial: FrozenTrial, searchSpace: Record<string, Distribution>): Record<string, ParamValue>;
  sampleIndependent(study: StudyView, trial: FrozenTrial, paramName: string, distribution: Distribution): ParamValue;
  /** Called when a trial starts, before any suggestion. */
  beforeTrial?(study: StudyView, trial: FrozenTrial): void;
  /** Called when a trial ends, before its state is stored. */
  afterTrial?(study: StudyView, trial: FrozenTrial, state: TrialState, values: readonly number[] | null): void;
  /** Give the sampler a fresh seed (parallel workers draw different streams). */
  reseedRng?(seed?: number): void;
}
