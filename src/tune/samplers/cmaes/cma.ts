// The `cmaes` library's (0.9.1) CMA: CMA-ES with a full covariance matrix,
// active (negative) recombination weights and Hansen's 2016 tutorial
// defaults (equation numbers below refer to arXiv:1604.00772).
import { log } from "../../../runtime/math.js";
import { npSum } from "../numeric.js";
import { symmetricEigen } from "./eigh.js";
import { EvolutionStrategy, sigmaDamping, type StrategyOptions, type StrategyParameters } from "./strategy.js";

const EPS = 1e-8;

/** Options of `CMA`: the shared ones and an initial covariance. */
export interface CMAOptions extends StrategyOptions {
  /** Initial covariance matrix (n×n, row-major or rows); the identity by default. */
  cov?: ArrayLike<number> | readonly ArrayLike<number>[] | null;
}

/** Hansen's default weights and learning rates for n dimensions and λ samples (eq. 49–56). */
function parameters(n: number, popsize: number): StrategyParameters {
  const mu = Math.floor(popsize / 2);
  const half = log((popsize + 1) / 2);
  const wp = Float64Array.from({ length: popsize }, (_, i) => half - log(i + 1));
  const squares = wp.map((w) => w * w);
  const muEff = npSum(wp, 0, mu) ** 2 / npSum(squares, 0, mu);
  const muEffMinus = npSum(wp, mu) ** 2 / npSum(squares, mu);
  const alphaCov = 2;
  const c1 = alphaCov / ((n + 1.3) * (n + 1.3) + muEff);
  // The 1e-8 keeps c1 + cmu below 1 for very large populations.
  const cmu = Math.min(1 - c1 - 1e-8, (alphaCov * (muEff - 2 + 1 / muEff)) / ((n + 2) * (n + 2) + (alphaCov * muEff) / 2));
  const minAlpha = Math.min(1 + c1 / cmu, 1 + (2 * muEffMinus) / (muEff + 2), (1 - c1 - cmu) / (n * cmu));
  const positiveSum = npSum(wp.filter((w) => w > 0));
  const negativeSum = npSum(wp.filter((w) => w < 0).map(Math.abs));
  const weights = wp.map((w) => (w >= 0 ? (1 / positiveSum) * w : (minAlpha / negativeSum) * w));
  const cSigma = (muEff + 2) / (n + muEff + 5);
  return { mu, muEff, weights, c1, cmu, cSigma, dSigma: sigmaDamping(muEff, n, cSigma), cc: (4 + muEff / n) / (n + 4 + (2 * muEff) / n) };
}

/** A covariance given as rows or flat, as a flat row-major copy. */
function flatCovariance(cov: CMAOptions["cov"], n: number): Float64Array {
  if (cov === null || cov === undefined) {
    const eye = new Float64Array(n * n);
    for (let i = 0; i < n; i++) eye[i * n + i] = 1;
    return eye;
  }
  const rows = cov as readonly ArrayLike<number>[];
  const flat = typeof rows[0] === "number" ? Float64Array.from(cov as ArrayLike<number>) : Float64Array.from(rows.flatMap((r) => Array.from(r)));
  const shape = typeof rows[0] === "number" ? `${flat.length} values` : `(${rows.length}, ${rows[0]?.length ?? 0})`;
  if (flat.length !== n * n || (typeof rows[0] !== "number" && rows.some((r) => r.length !== n))) {
    throw new RangeError(`Invalid shape of covariance matrix: expected (${n}, ${n}), got ${shape}.`);
  }
  return flat;
}

/**
 * CMA-ES with a full covariance matrix (the `cmaes` library's `CMA`, which
 * Optuna's `CmaEsSampler` drives): same weights, learning rates, update
 * order and termination criteria; the eigendecomposition is a Jacobi
 * iteration in plain arithmetic. Needs `await init()`.
 */
export class CMA extends EvolutionStrategy {
  /** The covariance matrix, n×n row-major. */
  C: Float64Array;
  private B: Float64Array | null = null;
  private D: Float64Array | null = null;
  /** C^(-1/2) of the decomposition the current update uses. */
  private C2 = new Float64Array(0);

  constructor(mean: ArrayLike<number>, sigma: number, options: CMAOptions = {}) {
    super("CMA", mean, sigma, options, parameters);
    this.C = flatCovariance(options.cov, this.dim);
  }

  /** B (row-major, eigenvectors in columns) and D (√eigenvalues) of C, cached until the next update. */
  eigenDecomposition(): { B: Float64Array; D: Float64Array } {
    if (this.B !== null && this.D !== null) return { B: this.B, D: this.D };
    const n = this.dim;
    const C = this.C;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) C[i * n + j] = C[j * n + i] = (C[i * n + j] + C[j * n + i]) / 2;
    }
    const { values, vectors: B } = symmetricEigen(C, n);
    const D = values.map((d2) => Math.sqrt(d2 < 0 ? EPS : d2));
    // Rebuild C from the clamped spectrum, as the library does, so C stays positive definite.
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += B[i * n + k] * D[k] * D[k] * B[j * n + k];
        C[i * n + j] = s;
      }
    }
    this.B = B;
    this.D = D;
    return { B, D };
  }

  protected transformNormal(z: Float64Array): Float64Array {
    const { B, D } = this.eigenDecomposition();
    const n = this.dim;
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += B[i * n + k] * D[k] * z[k];
      y[i] = s;
    }
    return y;
  }

  protected prepareUpdate(): void {
    const { B, D } = this.eigenDecomposition();
    this.B = this.D = null;
    const n = this.dim;
    this.C2 = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += (B[i * n + k] / D[k]) * B[j * n + k];
        this.C2[i * n + j] = s;
      }
    }
  }

  protected whiten(y: Float64Array): Float64Array {
    const n = this.dim;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += this.C2[i * n + k] * y[k];
      out[i] = s;
    }
    return out;
  }

  protected updateCovariance(yk: Float64Array[], deltaHSigma: number): void {
    const n = this.dim;
    // Negative weights are rescaled by n/‖C^(-1/2) y‖² so they cannot drive C indefinite (eq. 46).
    const wio = this.weights.map((w, k) => {
      if (w >= 0) return w;
      const white = this.whiten(yk[k]);
      let norm2 = 0;
      for (const v of white) norm2 += v * v;
      return w * (n / (norm2 + EPS));
    });
    const decay = 1 + this.c1 * deltaHSigma - this.c1 - this.cmu * npSum(this.weights);
    const C = this.C;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let rankMu = 0;
        for (let k = 0; k < yk.length; k++) rankMu += wio[k] * yk[k][i] * yk[k][j];
        C[i * n + j] = decay * C[i * n + j] + this.c1 * this.pc[i] * this.pc[j] + this.cmu * rankMu;
      }
    }
  }

  protected decomposition(): { values: Float64Array; axis: (i: number, k: number) => number } {
    const { B, D } = this.eigenDecomposition();
    const n = this.dim;
    return { values: D, axis: (i, k) => B[k * n + i] };
  }

  protected covarianceDiagonal(): Float64Array {
    const n = this.dim;
    return Float64Array.from({ length: n }, (_, i) => this.C[i * n + i]);
  }
}
