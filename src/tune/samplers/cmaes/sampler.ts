// Optuna 3.1's CmaEsSampler over the `cmaes` library's optimizers: the
// float and int parameters every finished trial shared form the relative
// search space; CMA-ES runs in Optuna's transformed box (log scale, half-step
// margins around discrete ranges) and tells a generation once λ trials of it
// have completed. Optuna keeps the optimizer and each trial's generation in
// trial system attributes; a StudyView cannot write those, so this sampler
// keeps them itself (one study per sampler, as Optuna's search space does).
import { distributionToJson, type Distribution, type ParamValue } from "../../distributions.js";
import { trialValue, type FrozenTrial } from "../../frozen_trial.js";
import type { TrialState } from "../../state.js";
import { checkOptions } from "../../../options.js";
import { Generator } from "../../../random/generator.js";
import { pow } from "../../../runtime/math.js";
import type { Sampler, StudyView } from "../sampler.js";
import { IntersectionSearchSpace } from "../search_space.js";
import { samplerSeed, SearchSpaceTransform, UniformIndependentSampler } from "../transform.js";
import { CMA } from "./cma.js";
import { CMAwM } from "./cmawm.js";
import { SepCMA } from "./sep_cma.js";
import { defaultPopulationSize, type Solution } from "./strategy.js";
import { getWarmStartMgd } from "./warm_start.js";

const EPS = 1e-10;

/** CmaEsSampler options (Optuna's arguments in camelCase). */
export interface CmaEsSamplerOptions {
  /** Initial mean (external values of every relative parameter); the centre of the box by default. */
  x0?: Readonly<Record<string, ParamValue>>;
  /** Initial step size in the transformed box; min(range)/6 by default. */
  sigma0?: number;
  /** Trials sampled independently before CMA-ES starts (default 1). */
  nStartupTrials?: number;
  /** Sampler for parameters outside the relative search space (default: uniform in the box). */
  independentSampler?: Sampler;
  /** Warn when a parameter is sampled independently after the startup trials (default true). */
  warnIndependentSampling?: boolean;
  seed?: number;
  /** Use pruned trials too, valued by their last intermediate value (default false). */
  considerPrunedTrials?: boolean;
  /** Restart a converged run with a larger population ("ipop") or alternating small and large ones ("bipop"). */
  restartStrategy?: "ipop" | "bipop" | null;
  /** Population size λ (the first run's under a restart strategy); 4 + ⌊3 ln n⌋ by default. */
  popsize?: number;
  /** Population growth factor per restart (default 2). */
  incPopsize?: number;
  /** Diagonal covariance (sep-CMA-ES). */
  useSeparableCma?: boolean;
  /** CMA-ES with Margin, keeping discrete parameters from freezing. */
  withMargin?: boolean;
  /** Trials of a similar study to warm-start the distribution from. */
  sourceTrials?: readonly FrozenTrial[];
}

const KNOWN = ["x0", "sigma0", "nStartupTrials", "independentSampler", "warnIndependentSampling", "seed", "considerPrunedTrials", "restartStrategy", "popsize", "incPopsize", "useSeparableCma", "withMargin", "sourceTrials"];

type Optimizer = CMA | SepCMA | CMAwM;

/** One CMA-ES run (and the restart bookkeeping Optuna keeps in system attributes). */
interface Run {
  optimizer: Optimizer;
  /** The search space it samples, as distribution JSON. */
  key: string;
  /** Whether it was updated at least once (Optuna stores the optimizer from then on). */
  stored: boolean;
  nRestarts: number;
  popsize: number;
  nRestartsWithLarge: number;
  poptype: "small" | "large";
  smallNEval: number;
  largeNEval: number;
}

/** What Optuna records in a trial's system attributes when CMA-ES samples it. */
interface TrialRecord {
  nRestarts: number;
  generation: number;
  /** The raw point CMA-ES with Margin tells (Optuna's `x_for_tell`). */
  xForTell: Float64Array;
}

function spaceKey(space: Record<string, Distribution>): string {
  return Object.entries(space)
    .map(([name, d]) => `${JSON.stringify(name)}:${distributionToJson(d)}`)
    .join(",");
}

/**
 * CMA-ES for continuous and integer hyperparameters, following Optuna 3.1's
 * `CmaEsSampler` (relative search space, startup trials, generation
 * bookkeeping, IPOP restarts, sep-CMA-ES, CMA-ES with Margin, warm starts)
 * over a port of the `cmaes` 0.9.1 optimizers; BIPOP restarts follow later
 * Optuna. Categorical parameters go to the independent sampler. Samples come
 * from a seeded `Generator`, so a seed repeats a study in every runtime.
 * Needs `await init()`.
 */
export class CmaEsSampler implements Sampler {
  private readonly x0: Readonly<Record<string, ParamValue>> | null;
  private readonly sigma0: number | null;
  private readonly nStartupTrials: number;
  private readonly independentSampler: Sampler;
  private warnIndependentSampling: boolean;
  private readonly considerPrunedTrials: boolean;
  private readonly restartStrategy: "ipop" | "bipop" | null;
  private readonly popsize: number | null;
  private readonly incPopsize: number;
  private readonly useSeparableCma: boolean;
  private readonly withMargin: boolean;
  private readonly sourceTrials: readonly FrozenTrial[] | null;
  private rng: Generator;
  private readonly searchSpace = new IntersectionSearchSpace(false);
  private run: Run | null = null;
  private readonly records = new Map<number, TrialRecord>();

  constructor(options: CmaEsSamplerOptions = {}) {
    checkOptions("CmaEsSampler", options, KNOWN);
    const o = options;
    this.x0 = o.x0 ?? null;
    this.sigma0 = o.sigma0 ?? null;
    if (this.sigma0 !== null && !(this.sigma0 > 0)) throw new RangeError(`sigma0 must be non-zero positive value, got ${this.sigma0}.`);
    this.nStartupTrials = o.nStartupTrials ?? 1;
    if (!Number.isInteger(this.nStartupTrials) || this.nStartupTrials < 0) throw new RangeError(`nStartupTrials must be a non-negative integer, got ${this.nStartupTrials}.`);
    const seed = samplerSeed(o.seed);
    this.independentSampler = o.independentSampler ?? new UniformIndependentSampler(seed);
    this.warnIndependentSampling = o.warnIndependentSampling ?? true;
    this.considerPrunedTrials = o.considerPrunedTrials ?? false;
    this.restartStrategy = o.restartStrategy ?? null;
    this.popsize = o.popsize ?? null;
    if (this.popsize !== null && (!Number.isInteger(this.popsize) || this.popsize < 2)) throw new RangeError(`popsize must be an integer of at least 2, got ${this.popsize}.`);
    this.incPopsize = o.incPopsize ?? 2;
    if (!Number.isInteger(this.incPopsize) || this.incPopsize < 1) throw new RangeError(`incPopsize must be a positive integer, got ${this.incPopsize}.`);
    this.useSeparableCma = o.useSeparableCma ?? false;
    this.withMargin = o.withMargin ?? false;
    this.sourceTrials = o.sourceTrials ?? null;
    this.rng = new Generator(seed);
    if (this.sourceTrials !== null && (this.x0 !== null || this.sigma0 !== null)) {
      throw new RangeError("It is prohibited to pass `sourceTrials` argument when x0 or sigma0 is specified.");
    }
    if (this.sourceTrials !== null && this.useSeparableCma) throw new RangeError("It is prohibited to pass `sourceTrials` argument when using separable CMA-ES.");
    if (this.restartStrategy !== null && this.restartStrategy !== "ipop" && this.restartStrategy !== "bipop") {
      throw new RangeError(`restartStrategy=${JSON.stringify(this.restartStrategy)} is unsupported. Please specify: 'ipop', 'bipop', or null.`);
    }
    if (this.useSeparableCma && this.withMargin) throw new RangeError("Currently, we do not support `useSeparableCma=true` and `withMargin=true`.");
  }

  reseedRng(seed?: number): void {
    this.rng = new Generator(samplerSeed(seed));
    this.independentSampler.reseedRng?.(seed === undefined ? undefined : seed + 1);
  }

  inferRelativeSearchSpace(study: StudyView, _trial: FrozenTrial): Record<string, Distribution> {
    const space: Record<string, Distribution> = {};
    // Single values need no search and categoricals have no order to search in.
    for (const [name, d] of Object.entries(this.searchSpace.calculate(study))) if (!d.single() && d.kind !== "categorical") space[name] = d;
    return space;
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, searchSpace: Record<string, Distribution>): Record<string, ParamValue> {
    this.refuseMultiObjective(study);
    if (Object.keys(searchSpace).length === 0) return {};
    const completed = this.completedTrials(study);
    if (completed.length < this.nStartupTrials) return {};
    // The `cmaes` optimizers need two or more dimensions.
    if (Object.keys(searchSpace).length === 1) {
      this.warnIndependentSampling = false;
      return {};
    }
    // With margin, CMAwM handles the discrete grid itself, so no half-step margins.
    const trans = new SearchSpaceTransform(searchSpace, true, !this.withMargin);
    const key = spaceKey(searchSpace);
    if (this.run === null || (!this.run.stored && this.run.key !== key)) {
      const popsize = this.popsize ?? defaultPopulationSize(trans.bounds.length);
      this.run = { optimizer: this.initOptimizer(searchSpace, trans, study, this.popsize ?? undefined, false), key, stored: false, nRestarts: 0, popsize, nRestartsWithLarge: 0, poptype: "small", smallNEval: 0, largeNEval: 0 };
    }
    const run = this.run;
    if (run.key !== key) {
      if (this.warnIndependentSampling) console.warn("`CmaEsSampler` does not support dynamic search space. The independent sampler is used instead of `CmaEsSampler`.");
      this.warnIndependentSampling = false;
      return {};
    }
    const solutionTrials = completed.filter((t) => {
      const r = this.records.get(t.number);
      return r !== undefined && r.nRestarts === run.nRestarts && r.generation === run.optimizer.generation;
    });
    if (solutionTrials.length >= run.optimizer.populationSize) {
      const sign = study.direction === "minimize" ? 1 : -1;
      const solutions: Solution[] = solutionTrials
        .slice(0, run.optimizer.populationSize)
        .map((t) => [this.withMargin ? (this.records.get(t.number) as TrialRecord).xForTell : trans.transform(t.params), sign * (trialValue(t) as number)]);
      run.optimizer.tell(solutions);
      run.stored = true;
      if (this.restartStrategy !== null && run.optimizer.shouldStop()) this.restart(run, searchSpace, trans, study);
    }
    run.optimizer.reseedRng(this.rng.randint(65535) + 1 + trial.number);
    const [params, xForTell] = run.optimizer instanceof CMAwM ? run.optimizer.ask() : [run.optimizer.ask(), new Float64Array(0)];
    this.records.set(trial.number, { nRestarts: run.nRestarts, generation: run.optimizer.generation, xForTell });
    return trans.untransform(params);
  }

  /** IPOP: double the population; BIPOP: alternate large runs with small ones of a random size, balancing their evaluations. */
  private restart(run: Run, space: Record<string, Distribution>, trans: SearchSpaceTransform, study: StudyView): void {
    run.nRestarts += 1;
    if (this.restartStrategy === "ipop") run.popsize = run.optimizer.populationSize * this.incPopsize;
    else {
      const initial = this.popsize ?? defaultPopulationSize(trans.bounds.length);
      const nEval = run.popsize * run.optimizer.generation;
      if (run.poptype === "small") run.smallNEval += nEval;
      else run.largeNEval += nEval;
      if (run.smallNEval < run.largeNEval) {
        run.poptype = "small";
        const u = this.rng.random();
        run.popsize = Math.floor(initial * pow(pow(this.incPopsize, run.nRestartsWithLarge), u * u));
      } else {
        run.poptype = "large";
        run.nRestartsWithLarge += 1;
        run.popsize = initial * pow(this.incPopsize, run.nRestartsWithLarge);
      }
    }
    run.optimizer = this.initOptimizer(space, trans, study, run.popsize, true);
  }

  private initOptimizer(space: Record<string, Distribution>, trans: SearchSpaceTransform, study: StudyView, populationSize: number | undefined, randomizeStart: boolean): Optimizer {
    const lo = trans.bounds.map((b) => b[0]);
    const hi = trans.bounds.map((b) => b[1]);
    const n = trans.bounds.length;
    let mean: ArrayLike<number>;
    let sigma0: number;
    let cov: Float64Array | null = null;
    if (this.sourceTrials === null) {
      if (randomizeStart) mean = lo.map((l, i) => l + (hi[i] - l) * this.rng.random());
      else if (this.x0 === null) mean = lo.map((l, i) => l + (hi[i] - l) / 2);
      else mean = trans.transform(this.x0);
      sigma0 = this.sigma0 ?? Math.min(...lo.map((l, i) => (hi[i] - l) / 6));
    } else {
      const states: TrialState[] = this.considerPrunedTrials ? ["COMPLETE", "PRUNED"] : ["COMPLETE"];
      const names = Object.keys(space);
      const sign = study.direction === "minimize" ? 1 : -1;
      const source: Solution[] = this.sourceTrials
        .filter((t) => states.includes(t.state) && trialValue(t) !== null)
        .filter((t) => Object.keys(t.distributions).length === names.length && names.every((k) => k in t.distributions))
        .map((t) => [trans.transform(t.params), sign * (trialValue(t) as number)]);
      if (source.length === 0) throw new RangeError("No compatible sourceTrials");
      ({ mean, sigma: sigma0, cov } = getWarmStartMgd(source));
    }
    // Avoid a zero step size, which the optimizers refuse.
    sigma0 = Math.max(sigma0, EPS);
    const seed = this.rng.randint(2 ** 31 - 3) + 1;
    const common = { seed, nMaxResampling: 10 * n, populationSize };
    if (this.useSeparableCma) return new SepCMA(mean, sigma0, { ...common, bounds: trans.bounds });
    if (this.withMargin) {
      // Log-scaled parameters are continuous in the box; only linear grids are discrete.
      const steps = Object.values(space).map((d) => (d.kind !== "categorical" && !d.log && d.step !== null ? d.step : 0));
      return new CMAwM(mean, sigma0, trans.bounds, steps, { ...common, cov });
    }
    return new CMA(mean, sigma0, { ...common, cov, bounds: trans.bounds });
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, paramName: string, distribution: Distribution): ParamValue {
    this.refuseMultiObjective(study);
    if (this.warnIndependentSampling && this.completedTrials(study).length >= this.nStartupTrials) {
      console.warn(
        `The parameter '${paramName}' in trial#${trial.number} is sampled independently instead of by \`CmaEsSampler\` (optimization performance may be degraded). ` +
          "`CmaEsSampler` does not support dynamic search space or `CategoricalDistribution`. You can suppress this warning by setting `warnIndependentSampling` to `false` in the constructor of `CmaEsSampler`, if this independent sampling is intended behavior.",
      );
    }
    return this.independentSampler.sampleIndependent(study, trial, paramName, distribution);
  }

  beforeTrial(study: StudyView, trial: FrozenTrial): void {
    this.independentSampler.beforeTrial?.(study, trial);
  }

  afterTrial(study: StudyView, trial: FrozenTrial, state: TrialState, values: readonly number[] | null): void {
    this.independentSampler.afterTrial?.(study, trial, state, values);
  }

  private refuseMultiObjective(study: StudyView): void {
    if (study.directions.length > 1) throw new Error("If the study is being used for multi-objective optimization, CmaEsSampler cannot be used.");
  }

  /** Complete trials, and pruned ones valued by their last report when `considerPrunedTrials`. */
  private completedTrials(study: StudyView): FrozenTrial[] {
    const out: FrozenTrial[] = [];
    for (const t of study.getTrials()) {
      if (t.state === "COMPLETE") out.push(t);
      else if (t.state === "PRUNED" && this.considerPrunedTrials && t.intermediateValues.size > 0) {
        let step = -Infinity;
        for (const s of t.intermediateValues.keys()) step = Math.max(step, s);
        const value = t.intermediateValues.get(step) as number;
        if (value === null || value === undefined) continue;
        out.push({ ...t, values: [value] });
      }
    }
    return out;
  }
}
