// What the full and the separable CMA-ES of the `cmaes` library (0.9.1)
// share: the population size and its bookkeeping, bounded sampling by
// resampling then clipping, the sorted tell, cumulative step-size
// adaptation, the rank-one evolution path and the termination criteria.
// Subclasses own the covariance (full matrix or diagonal) and its update.
import { exp, log, pow } from "../../../runtime/math.js";
import { Generator } from "../../../random/generator.js";

const MEAN_MAX = 1e32;
const SIGMA_MAX = 1e32;

/** One evaluated point: (x, value), lower is better. */
export type Solution = readonly [x: ArrayLike<number>, value: number];

/** Options the CMA-ES variants share (the `cmaes` library's arguments, camelCase). */
export interface StrategyOptions {
  /** [low, high] per dimension; samples outside are redrawn, then clipped. */
  bounds?: readonly (readonly [number, number])[] | null;
  /** Draws before the last sample is clipped into the bounds (default 100). */
  nMaxResampling?: number;
  /** Seed of the generator that draws the samples. */
  seed?: number;
  /** λ, default 4 + ⌊3 ln n⌋. */
  populationSize?: number;
}

/** The learning rates and recombination weights a variant derives from n and λ. */
export interface StrategyParameters {
  mu: number;
  muEff: number;
  weights: Float64Array;
  c1: number;
  cmu: number;
  cSigma: number;
  dSigma: number;
  cc: number;
}

/** Hansen's default population size 4 + ⌊3 ln n⌋. */
export function defaultPopulationSize(n: number): number {
  return 4 + Math.floor(3 * log(n));
}

/** The damping shared by both variants: 1 + 2·max(0, √((μ_eff − 1)/(n + 1)) − 1) + c_σ. */
export function sigmaDamping(muEff: number, n: number, cSigma: number): number {
  return 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
}

/** Whether low ≤ mean ≤ high in every dimension (the library's `_is_valid_bounds`). */
export function validBounds(bounds: readonly (readonly [number, number])[], mean: ArrayLike<number>): boolean {
  if (bounds.length !== mean.length) return false;
  for (let i = 0; i < mean.length; i++) if (!(bounds[i][0] <= mean[i] && mean[i] <= bounds[i][1])) return false;
  return true;
}

/**
 * The ask-and-tell skeleton of the `cmaes` library's `CMA` and `SepCMA`.
 * Randomness comes from a `Generator` (normal draws), so the same seed
 * samples the same points in every runtime; needs `await init()`.
 */
export abstract class EvolutionStrategy {
  readonly dim: number;
  readonly populationSize: number;
  readonly mu: number;
  readonly muEff: number;
  readonly weights: Float64Array;
  readonly c1: number;
  readonly cmu: number;
  readonly cSigma: number;
  readonly dSigma: number;
  readonly cc: number;
  /** E‖N(0, I)‖ ≈ √n (1 − 1/(4n) + 1/(21n²)). */
  readonly chiN: number;
  /** Generations whose best and worst values the flat-fitness criterion compares. */
  readonly funhistTerm: number;
  mean: Float64Array;
  sigma: number;
  pSigma: Float64Array;
  pc: Float64Array;
  protected bounds: readonly (readonly [number, number])[] | null;
  protected rng: Generator;
  protected g = 0;
  private readonly nMaxResampling: number;
  private readonly tolx: number;
  private readonly funhist: Float64Array;

  protected constructor(who: string, mean: ArrayLike<number>, sigma: number, options: StrategyOptions, parameters: (n: number, popsize: number) => StrategyParameters) {
    if (!(sigma > 0)) throw new RangeError("sigma must be non-zero positive value");
    for (let i = 0; i < mean.length; i++) if (!(Math.abs(mean[i]) < MEAN_MAX)) throw new RangeError(`Abs of all elements of mean vector must be less than ${MEAN_MAX}`);
    const n = mean.length;
    if (n <= 1) throw new RangeError(`The dimension of mean must be larger than 1 (${who} got ${n}).`);
    const popsize = options.populationSize ?? defaultPopulationSize(n);
    // λ = 1 leaves no parent to recombine (μ = ⌊λ/2⌋ = 0), which the library turns into NaNs.
    if (!Number.isInteger(popsize) || popsize < 2) throw new RangeError(`popsize must be an integer of at least 2, got ${popsize}.`);
    const bounds = options.bounds ?? null;
    if (bounds !== null && !validBounds(bounds, mean)) throw new RangeError("invalid bounds");
    const p = parameters(n, popsize);
    this.dim = n;
    this.populationSize = popsize;
    this.mu = p.mu;
    this.muEff = p.muEff;
    this.weights = p.weights;
    this.c1 = p.c1;
    this.cmu = p.cmu;
    this.cSigma = p.cSigma;
    this.dSigma = p.dSigma;
    this.cc = p.cc;
    this.chiN = Math.sqrt(n) * (1.0 - 1.0 / (4.0 * n) + 1.0 / (21.0 * (n * n)));
    this.mean = Float64Array.from(mean);
    this.sigma = sigma;
    this.pSigma = new Float64Array(n);
    this.pc = new Float64Array(n);
    this.bounds = bounds;
    this.nMaxResampling = options.nMaxResampling ?? 100;
    this.rng = new Generator(options.seed ?? 0);
    this.tolx = 1e-12 * sigma;
    this.funhistTerm = 10 + Math.ceil((30 * n) / popsize);
    this.funhist = new Float64Array(this.funhistTerm * 2);
  }

  /** Times the distribution has been updated. */
  get generation(): number {
    return this.g;
  }

  /** Restart the sample stream from `seed`. */
  reseedRng(seed: number): void {
    this.rng = new Generator(seed);
  }

  /** Replace the box constraints (null: unbounded). */
  setBounds(bounds: readonly (readonly [number, number])[] | null): void {
    if (bounds !== null && !validBounds(bounds, this.mean)) throw new RangeError("invalid bounds");
    this.bounds = bounds;
  }

  /** A point from N(m, σ²C) inside the bounds: redrawn up to `nMaxResampling` times, then clipped. */
  ask(): Float64Array {
    for (let i = 0; i < this.nMaxResampling; i++) {
      const x = this.sampleSolution();
      if (this.isFeasible(x)) return x;
    }
    return this.repair(this.sampleSolution());
  }

  /** @internal One unconstrained draw from N(m, σ²C). */
  sampleSolution(): Float64Array {
    const z = new Float64Array(this.dim);
    for (let i = 0; i < this.dim; i++) z[i] = this.rng.normal();
    const y = this.transformNormal(z);
    for (let i = 0; i < this.dim; i++) y[i] = this.mean[i] + this.sigma * y[i];
    return y;
  }

  private isFeasible(x: ArrayLike<number>): boolean {
    if (this.bounds === null) return true;
    for (let i = 0; i < x.length; i++) if (!(x[i] >= this.bounds[i][0] && x[i] <= this.bounds[i][1])) return false;
    return true;
  }

  private repair(x: Float64Array): Float64Array {
    if (this.bounds === null) return x;
    for (let i = 0; i < x.length; i++) {
      if (x[i] < this.bounds[i][0]) x[i] = this.bounds[i][0];
      if (x[i] > this.bounds[i][1]) x[i] = this.bounds[i][1];
    }
    return x;
  }

  /** Update the distribution from exactly `populationSize` evaluated points. */
  tell(solutions: readonly Solution[]): void {
    if (solutions.length !== this.populationSize) throw new RangeError(`Must tell popsize-length solutions (${this.populationSize}), got ${solutions.length}.`);
    for (const [x] of solutions) {
      if (x.length !== this.dim) throw new RangeError(`Each solution must have ${this.dim} coordinates, got ${x.length}.`);
      for (let i = 0; i < x.length; i++) {
        if (!(Math.abs(x[i]) < MEAN_MAX)) throw new RangeError(`Abs of all param values must be less than ${MEAN_MAX} to avoid overflow errors`);
      }
    }
    this.g += 1;
    const sorted = [...solutions].sort((a, b) => a[1] - b[1]);
    const at = 2 * (this.g % this.funhistTerm);
    this.funhist[at] = sorted[0][1];
    this.funhist[at + 1] = sorted[sorted.length - 1][1];
    const n = this.dim;
    const yk = sorted.map(([x]) => {
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) y[i] = (x[i] - this.mean[i]) / this.sigma;
      return y;
    });
    const yw = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < this.mu; k++) s += yk[k][i] * this.weights[k];
      yw[i] = s;
    }
    this.prepareUpdate();
    for (let i = 0; i < n; i++) this.mean[i] += this.sigma * yw[i];
    // Cumulative step-size adaptation on C^(-1/2)·y_w.
    const white = this.whiten(yw);
    const ps = Math.sqrt(this.cSigma * (2 - this.cSigma) * this.muEff);
    let norm2 = 0;
    for (let i = 0; i < n; i++) {
      this.pSigma[i] = (1 - this.cSigma) * this.pSigma[i] + ps * white[i];
      norm2 += this.pSigma[i] * this.pSigma[i];
    }
    const normPSigma = Math.sqrt(norm2);
    this.sigma *= exp((this.cSigma / this.dSigma) * (normPSigma / this.chiN - 1));
    this.sigma = Math.min(this.sigma, SIGMA_MAX);
    // Stall the rank-one path while p_σ is long (Hansen's h_σ).
    const left = normPSigma / Math.sqrt(1 - pow(1 - this.cSigma, 2 * (this.g + 1)));
    const hSigma = left < (1.4 + 2 / (n + 1)) * this.chiN ? 1.0 : 0.0;
    const pcs = hSigma * Math.sqrt(this.cc * (2 - this.cc) * this.muEff);
    for (let i = 0; i < n; i++) this.pc[i] = (1 - this.cc) * this.pc[i] + pcs * yw[i];
    const deltaHSigma = (1 - hSigma) * this.cc * (2 - this.cc);
    this.updateCovariance(yk, deltaHSigma);
  }

  /** Whether the run has converged or degenerated (the library's `should_stop`). */
  shouldStop(): boolean {
    const { values: D, axis } = this.decomposition();
    const dC = this.covarianceDiagonal();
    if (this.g > this.funhistTerm) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of this.funhist) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      if (hi - lo < 1e-12) return true;
    }
    if (dC.every((c) => this.sigma * c < this.tolx) && this.pc.every((p) => this.sigma * p < this.tolx)) return true;
    const maxD = Math.max(...D);
    if (this.sigma * maxD > 1e4) return true;
    for (let i = 0; i < this.dim; i++) if (this.mean[i] === this.mean[i] + 0.2 * this.sigma * Math.sqrt(dC[i])) return true;
    const i = this.g % this.dim;
    let still = true;
    for (let k = 0; k < this.dim; k++) if (this.mean[k] !== this.mean[k] + 0.1 * this.sigma * D[i] * axis(i, k)) still = false;
    if (still) return true;
    return maxD / Math.min(...D) > 1e14;
  }

  /** B·D·z for a standard normal z: a draw from N(0, C). */
  protected abstract transformNormal(z: Float64Array): Float64Array;
  /** Fix the decomposition the coming update uses, and drop the cached one. */
  protected abstract prepareUpdate(): void;
  /** C^(-1/2)·y under the decomposition `prepareUpdate` fixed. */
  protected abstract whiten(y: Float64Array): Float64Array;
  /** The rank-one and rank-μ update of C from the sorted steps y_k = (x_k − m)/σ. */
  protected abstract updateCovariance(yk: Float64Array[], deltaHSigma: number): void;
  /** √eigenvalues of C and component k of its i-th principal axis. */
  protected abstract decomposition(): { values: Float64Array; axis: (i: number, k: number) => number };
  /** diag(C). */
  protected abstract covarianceDiagonal(): Float64Array;
}
