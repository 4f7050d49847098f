// The `cmaes` library's (0.9.1) SepCMA: CMA-ES with a diagonal covariance
// (Ros & Hansen 2008), linear in time and memory, with a larger rank-μ
// learning rate since the model has only n free variances.
import { log } from "../../../runtime/math.js";
import { npSum } from "../numeric.js";
import { EvolutionStrategy, sigmaDamping, type StrategyOptions, type StrategyParameters } from "./strategy.js";

const EPS = 1e-8;

/** Positive weights over the best μ = ⌊λ/2⌋ and the separable learning rates. */
function parameters(n: number, popsize: number): StrategyParameters {
  const mu = Math.floor(popsize / 2);
  const wp = Float64Array.from({ length: mu }, (_, i) => log(mu + 1) - log(i + 1));
  // Python's builtin sum: left to right.
  const total = wp.reduce((s, w) => s + w, 0);
  const weights = wp.map((w) => w / total);
  const muEff = 1 / weights.reduce((s, w) => s + w * w, 0);
  const c1 = 2 / ((n + 1.3) * (n + 1.3) + muEff);
  const r2 = n + Math.SQRT2;
  const cmuFull = 2 / muEff / (r2 * r2) + (1 - 1 / muEff) * Math.min(1, (2 * muEff - 1) / ((n + 2) * (n + 2) + muEff));
  const cSigma = (muEff + 2) / (n + muEff + 3);
  return { mu, muEff, weights, c1, cmu: ((n + 2) / 3) * cmuFull, cSigma, dSigma: sigmaDamping(muEff, n, cSigma), cc: 4 / (n + 4) };
}

/**
 * Separable CMA-ES (the `cmaes` library's `SepCMA`; Optuna's
 * `useSeparableCma`): the covariance is kept diagonal. Needs `await init()`.
 */
export class SepCMA extends EvolutionStrategy {
  /** The diagonal of the covariance matrix. */
  C: Float64Array;
  private D: Float64Array | null = null;
  private Dupdate: Float64Array = new Float64Array(0);

  constructor(mean: ArrayLike<number>, sigma: number, options: StrategyOptions = {}) {
    super("SepCMA", mean, sigma, options, parameters);
    this.C = new Float64Array(this.dim).fill(1);
  }

  private sqrtC(): Float64Array {
    if (this.D === null) this.D = this.C.map((c) => Math.sqrt(c < 0 ? EPS : c));
    return this.D;
  }

  protected transformNormal(z: Float64Array): Float64Array {
    const D = this.sqrtC();
    return z.map((v, i) => D[i] * v);
  }

  protected prepareUpdate(): void {
    this.Dupdate = this.sqrtC();
    this.D = null;
  }

  protected whiten(y: Float64Array): Float64Array {
    return y.map((v, i) => v / this.Dupdate[i]);
  }

  protected updateCovariance(yk: Float64Array[], deltaHSigma: number): void {
    const decay = 1 + this.c1 * deltaHSigma - this.c1 - this.cmu * npSum(this.weights);
    for (let i = 0; i < this.dim; i++) {
      let rankMu = 0;
      for (let k = 0; k < this.mu; k++) rankMu += this.weights[k] * yk[k][i] * yk[k][i];
      this.C[i] = decay * this.C[i] + this.c1 * this.pc[i] * this.pc[i] + this.cmu * rankMu;
    }
  }

  protected decomposition(): { values: Float64Array; axis: (i: number, k: number) => number } {
    return { values: this.sqrtC(), axis: () => 1 };
  }

  protected covarianceDiagonal(): Float64Array {
    return this.C;
  }
}
