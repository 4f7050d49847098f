// Optuna 3.1's QMCSampler (Sobol' only): the search space of the first trial
// (without categorical parameters) is fixed, and each later trial takes the
// next point of the sequence, mapped into that space's transformed box.
import type { Distribution, ParamValue } from "../distributions.js";
import type { FrozenTrial } from "../frozen_trial.js";
import { checkOptions } from "../../options.js";
import { Generator } from "../../random/generator.js";
import type { Sampler, StudyView } from "./sampler.js";
import { Sobol } from "./sobol.js";
import { SearchSpaceTransform, samplerSeed, UniformIndependentSampler } from "./transform.js";

/** QMCSampler options (Optuna's arguments in camelCase). */
export interface QMCSamplerOptions {
  /** Only "sobol" (Optuna's "halton" is not implemented). */
  qmcType?: "sobol";
  /** Scramble the sequence (random linear matrix scrambling + digital shift, from `seed`). */
  scramble?: boolean;
  seed?: number;
  /** Samples parameters outside the fixed search space (default: uniform random). */
  independentSampler?: Sampler;
  warnIndependentSampling?: boolean;
}

const KNOWN = ["qmcType", "scramble", "seed", "independentSampler", "warnIndependentSampling"];

/**
 * Quasi-Monte Carlo sampling with Sobol' points (scipy's sequence when not
 * scrambled). Samplers in several processes given the same seed follow the
 * same sequence. The first trial is sampled independently and fixes the
 * search space. Needs `await init()`.
 */
export class QMCSampler implements Sampler {
  private readonly scramble: boolean;
  private readonly seed: number;
  private readonly independent: Sampler;
  private readonly warnIndependentSampling: boolean;
  private initialSpace: Record<string, Distribution> | null = null;
  private engine: Sobol | null = null;
  private nextId: number | null = null;

  constructor(options: QMCSamplerOptions = {}) {
    checkOptions("QMCSampler", options, KNOWN);
    const qmcType = options.qmcType ?? "sobol";
    if (qmcType !== "sobol") throw new RangeError(`The \`qmc_type\`, "${String(qmcType)}", is not a valid. It must be "sobol" (Optuna's "halton" is not implemented).`);
    this.scramble = options.scramble ?? false;
    this.seed = samplerSeed(options.seed);
    this.independent = options.independentSampler ?? new UniformIndependentSampler(this.seed);
    this.warnIndependentSampling = options.warnIndependentSampling ?? true;
  }

  reseedRng(seed?: number): void {
    this.independent.reseedRng?.(seed);
  }

  inferRelativeSearchSpace(study: StudyView, _trial: FrozenTrial): Record<string, Distribution> {
    if (this.initialSpace !== null) return this.initialSpace;
    const past = study.getTrials(["COMPLETE", "PRUNED"]);
    if (past.length === 0) return {};
    const first = past.reduce((a, b) => (b.number < a.number ? b : a));
    this.initialSpace = Object.fromEntries(Object.entries(first.distributions).filter(([, d]) => d.kind !== "categorical"));
    return this.initialSpace;
  }

  sampleRelative(_study: StudyView, trial: FrozenTrial, searchSpace: Record<string, Distribution>): Record<string, ParamValue> {
    const names = Object.keys(searchSpace);
    if (names.length === 0) return {};
    if (this.engine === null || this.engine.d !== names.length) {
      this.engine = new Sobol(names.length, this.scramble ? new Generator(this.seed) : undefined);
    }
    // Optuna keeps the last sample id in the study; a fresh sampler resumes from the trial's position.
    this.nextId ??= Math.max(trial.number - 1, 0);
    const u = this.engine.point(this.nextId++);
    const trans = new SearchSpaceTransform(searchSpace);
    return trans.untransform(trans.bounds.map(([lo, hi], i) => lo + u[i] * (hi - lo)));
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, paramName: string, distribution: Distribution): ParamValue {
    if (this.initialSpace !== null && this.warnIndependentSampling) {
      console.warn(
        `The parameter '${paramName}' in trial#${trial.number} is sampled independently by using a uniform random sampler instead of \`QMCSampler\` (optimization performance may be degraded). ` +
          "`QMCSampler` does not support dynamic search space or `CategoricalDistribution`. You can suppress this warning by setting `warnIndependentSampling` to `false` in the constructor of `QMCSampler`, if this independent sampling is intended behavior.",
      );
    }
    return this.independent.sampleIndependent(study, trial, paramName, distribution);
  }
}
