// Optuna 3.1's TPESampler: after the startup trials, split the observations
// into good and bad by gamma, fit a Parzen estimator l(x) to the good and
// g(x) to the bad, draw candidates from l and keep the one maximising
// log l(x) − log g(x). Independent per parameter by default; jointly over the
// intersection search space (or its groups) when `multivariate`.
import type { Distribution, ParamValue } from "../../distributions.js";
import type { FrozenTrial } from "../../frozen_trial.js";
import { checkOptions } from "../../../options.js";
import { Generator } from "../../../random/generator.js";
import type { Sampler, StudyView } from "../sampler.js";
import { GroupDecomposedSearchSpace, IntersectionSearchSpace } from "../search_space.js";
import { samplerSeed, UniformIndependentSampler } from "../transform.js";
import { ParzenEstimator, type Observations, type ParzenEstimatorParameters } from "./parzen_estimator.js";
import { observationPairs, splitObservationPairs, weightsBelowMultiObjective } from "./split.js";

/** Optuna's default gamma: the best 10% of trials (rounded up), at most 25, form l(x). */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** Hyperopt's gamma: ⌈0.25·√n⌉, at most 25. */
export function hyperoptDefaultGamma(n: number): number {
  return Math.min(Math.ceil(0.25 * Math.sqrt(n)), 25);
}

/** Optuna's default weights: 1 for the latest 25 observations, a linear ramp from 1/n up for older ones. */
export function defaultWeights(n: number): Float64Array {
  if (n < 25) return new Float64Array(n).fill(1);
  const out = new Float64Array(n).fill(1);
  const num = n - 25;
  // np.linspace(1/n, 1, num): i·step + start, the last point exactly 1.
  if (num === 1) out[0] = 1 / n;
  else if (num > 1) {
    const step = (1 - 1 / n) / (num - 1);
    for (let i = 0; i < num; i++) out[i] = i * step + 1 / n;
    out[num - 1] = 1;
  }
  return out;
}

/** TPESampler options (Optuna's arguments in camelCase). */
export interface TPESamplerOptions {
  considerPrior?: boolean;
  priorWeight?: number;
  considerMagicClip?: boolean;
  considerEndpoints?: boolean;
  nStartupTrials?: number;
  nEiCandidates?: number;
  /** Number of good trials given the number of finished ones. */
  gamma?: (n: number) => number;
  /** Observation weights (oldest first) given their number. */
  weights?: (n: number) => ArrayLike<number>;
  seed?: number;
  multivariate?: boolean;
  group?: boolean;
  warnIndependentSampling?: boolean;
  constantLiar?: boolean;
}

const KNOWN = ["considerPrior", "priorWeight", "considerMagicClip", "considerEndpoints", "nStartupTrials", "nEiCandidates", "gamma", "weights", "seed", "multivariate", "group", "warnIndependentSampling", "constantLiar"];

/**
 * The Tree-structured Parzen Estimator sampler, following Optuna 3.1:
 * same bandwidths, priors, split (pruned trials by depth, running trials last
 * under `constantLiar`) and defaults. Candidates come from a seeded
 * `Generator`, so a seed gives the same trials in every runtime (numbers
 * differ from Optuna's, which draws from NumPy). Needs `await init()`.
 */
export class TPESampler implements Sampler {
  private readonly pe: ParzenEstimatorParameters;
  private readonly nStartupTrials: number;
  private readonly nEiCandidates: number;
  private readonly gamma: (n: number) => number;
  private readonly multivariate: boolean;
  private readonly group: boolean;
  private readonly warnIndependentSampling: boolean;
  private readonly constantLiar: boolean;
  private rng: Generator;
  private readonly randomSampler: UniformIndependentSampler;
  private readonly searchSpace = new IntersectionSearchSpace(true);
  private readonly groupSpace: GroupDecomposedSearchSpace | null;
  private groups: Record<string, Distribution>[] = [];

  constructor(options: TPESamplerOptions = {}) {
    checkOptions("TPESampler", options, KNOWN);
    const o = options;
    this.pe = {
      considerPrior: o.considerPrior ?? true,
      priorWeight: o.priorWeight ?? 1.0,
      considerMagicClip: o.considerMagicClip ?? true,
      considerEndpoints: o.considerEndpoints ?? false,
      weights: o.weights ?? defaultWeights,
      multivariate: o.multivariate ?? false,
    };
    this.nStartupTrials = o.nStartupTrials ?? 10;
    this.nEiCandidates = o.nEiCandidates ?? 24;
    if (!Number.isInteger(this.nEiCandidates) || this.nEiCandidates < 1) throw new RangeError(`nEiCandidates must be a positive integer, got ${this.nEiCandidates}.`);
    this.gamma = o.gamma ?? defaultGamma;
    this.multivariate = this.pe.multivariate;
    this.group = o.group ?? false;
    if (this.group && !this.multivariate) throw new RangeError("``group`` option can only be enabled when ``multivariate`` is enabled.");
    this.groupSpace = this.group ? new GroupDecomposedSearchSpace(true) : null;
    this.warnIndependentSampling = o.warnIndependentSampling ?? true;
    this.constantLiar = o.constantLiar ?? false;
    const seed = samplerSeed(o.seed);
    this.rng = new Generator(seed);
    this.randomSampler = new UniformIndependentSampler(seed);
  }

  reseedRng(seed?: number): void {
    this.rng = new Generator(samplerSeed(seed));
    this.randomSampler.reseedRng(seed === undefined ? undefined : seed + 1);
  }

  inferRelativeSearchSpace(study: StudyView, _trial: FrozenTrial): Record<string, Distribution> {
    if (!this.multivariate) return {};
    const space: Record<string, Distribution> = {};
    if (this.groupSpace !== null) {
      this.groups = this.groupSpace.calculate(study);
      for (const g of this.groups) for (const name of Object.keys(g).sort()) if (!g[name].single()) space[name] = g[name];
      return space;
    }
    for (const [name, d] of Object.entries(this.searchSpace.calculate(study))) if (!d.single()) space[name] = d;
    return space;
  }

  sampleRelative(study: StudyView, _trial: FrozenTrial, searchSpace: Record<string, Distribution>): Record<string, ParamValue> {
    if (!this.group) return this.sampleJoint(study, searchSpace);
    const params: Record<string, ParamValue> = {};
    for (const g of this.groups) {
      const sub: Record<string, Distribution> = {};
      for (const name of Object.keys(g).sort()) if (!g[name].single()) sub[name] = g[name];
      Object.assign(params, this.sampleJoint(study, sub));
    }
    return params;
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, paramName: string, distribution: Distribution): ParamValue {
    const pairs = observationPairs(study, [paramName], this.constantLiar);
    const n = pairs.scores.filter(([step]) => step < Infinity).length;
    if (pairs.values[paramName].some((v) => v !== null)) this.logIndependentSampling(n, trial, paramName);
    if (n < this.nStartupTrials) return this.randomSampler.sampleIndependent(study, trial, paramName, distribution);
    return this.sampleFromPairs(study, pairs, n, { [paramName]: distribution })[paramName];
  }

  private sampleJoint(study: StudyView, space: Record<string, Distribution>): Record<string, ParamValue> {
    const names = Object.keys(space);
    if (names.length === 0) return {};
    const pairs = observationPairs(study, names, this.constantLiar);
    const n = pairs.scores.filter(([step]) => step < Infinity).length; // running trials do not count
    if (n < this.nStartupTrials) return {};
    return this.sampleFromPairs(study, pairs, n, space);
  }

  private sampleFromPairs(study: StudyView, pairs: ReturnType<typeof observationPairs>, n: number, space: Record<string, Distribution>): Record<string, ParamValue> {
    const names = Object.keys(space);
    const { below, above } = splitObservationPairs(pairs.scores, this.gamma(n));
    // Trials without the parameters (grouped spaces) are left out; one name decides for the group.
    const has = (i: number) => pairs.values[names[0]][i] !== null;
    const pick = (idx: number[]): Observations => Object.fromEntries(names.map((k) => [k, Float64Array.from(idx.filter(has), (i) => pairs.values[k][i] as number)]));
    const multi = study.directions.length > 1;
    const weightsBelow = multi ? weightsBelowMultiObjective(pairs.scores, below).filter((_, j) => has(below[j])) : undefined;
    const l = new ParzenEstimator(pick(below), space, this.pe, weightsBelow);
    const g = new ParzenEstimator(pick(above), space, this.pe);
    const candidates = l.sample(this.rng, this.nEiCandidates);
    const ll = l.logPdf(candidates);
    const lg = g.logPdf(candidates);
    let best = 0;
    for (let i = 1; i < ll.length; i++) if (ll[i] - lg[i] > ll[best] - lg[best]) best = i;
    return Object.fromEntries(names.map((k) => [k, space[k].toExternalRepr(candidates[k][best])]));
  }

  private logIndependentSampling(nComplete: number, trial: FrozenTrial, paramName: string): void {
    if (!this.warnIndependentSampling || !this.multivariate) return;
    if (nComplete < Math.max(this.nStartupTrials, 1)) return;
    console.warn(
      `The parameter '${paramName}' in trial#${trial.number} is sampled independently instead of being sampled by multivariate TPE sampler. ` +
        "(optimization performance may be degraded). You can suppress this warning by setting `warnIndependentSampling` to `false` in the constructor of `TPESampler`, if this independent sampling is intended behavior.",
    );
  }
}
