// The shape of a tuning study as the charts read it: what `tune`'s `Study`
// and `FrozenTrial` provide, as plain data (a test or another tool can pass
// objects of this shape). The report never imports tune/ itself.

/** A parameter's search space (Optuna's distributions, by `kind`). */
export type DistributionLike =
  | { readonly kind: "float" | "int"; readonly low: number; readonly high: number; readonly log: boolean }
  | { readonly kind: "categorical"; readonly choices: readonly (number | string | boolean | null)[] };

/** One trial. */
export interface TrialLike {
  readonly number: number;
  readonly state: "COMPLETE" | "PRUNED" | "FAIL" | "RUNNING" | "WAITING";
  readonly values: readonly number[] | null;
  readonly params: Readonly<Record<string, number | string | boolean | null>>;
  readonly distributions: Readonly<Record<string, DistributionLike>>;
  readonly intermediateValues: ReadonlyMap<number, number>;
}

/** A study: its trials and the direction of each objective. */
export interface StudyLike {
  readonly trials: readonly TrialLike[];
  readonly directions: readonly ("minimize" | "maximize")[];
}

/** Which objective a tuning chart plots. */
export interface TargetOptions {
  /** Index into `values` of a multi-objective study. Default 0, required (as Optuna's `target`) when there are several. */
  objective?: number;
  /** Axis name of the objective. Default "objective value". */
  targetName?: string;
}

/** A finished trial with the one objective value a chart plots. */
export interface Scored {
  trial: TrialLike;
  value: number;
}

/** The objective index a chart plots, refusing a multi-objective study without one (Optuna's wording). */
export function objectiveIndex(study: StudyLike, o: TargetOptions): number {
  if (o.objective === undefined) {
    if (study.directions.length > 1) throw new RangeError("If the `study` is being used for multi-objective optimization, please specify the `objective`.");
    return 0;
  }
  if (!(Number.isInteger(o.objective) && o.objective >= 0 && o.objective < study.directions.length)) {
    throw new RangeError(`objective must be an index below ${study.directions.length}, got ${o.objective}`);
  }
  return o.objective;
}

/** COMPLETE trials with a finite value for the chosen objective, in trial order. */
export function completed(study: StudyLike, o: TargetOptions): Scored[] {
  const k = objectiveIndex(study, o);
  return study.trials
    .filter((t) => t.state === "COMPLETE" && t.values !== null && Number.isFinite(t.values[k]))
    .map((trial) => ({ trial, value: (trial.values as readonly number[])[k] }))
    .sort((a, b) => a.trial.number - b.trial.number);
}

/** Whether the chosen objective is maximized. */
export function maximizes(study: StudyLike, o: TargetOptions): boolean {
  return study.directions[objectiveIndex(study, o)] === "maximize";
}

/** Parameter names that appear in the given trials, sorted as Optuna's plots sort them. */
export function paramNames(trials: readonly Scored[]): string[] {
  return [...new Set(trials.flatMap((s) => Object.keys(s.trial.params)))].sort();
}

/** A parameter's distribution as the last trial that used it recorded it. */
export function distributionOf(trials: readonly Scored[], name: string): DistributionLike {
  for (let i = trials.length - 1; i >= 0; i--) {
    const d = trials[i].trial.distributions[name];
    if (d !== undefined) return d;
  }
  throw new RangeError(`no trial has the parameter "${name}"`);
}

/** At least one trial to draw, or an error saying why there is none. */
export function needTrials(who: string, trials: readonly Scored[]): void {
  if (trials.length === 0) throw new RangeError(`${who}: the study has no complete trial to plot`);
}
