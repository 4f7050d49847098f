// Optuna 3.1's _ParzenEstimator: a mixture with one kernel per observation
// (plus an optional prior kernel) over a search space, in the "uniform"
// coordinates where log-scale parameters are logged and discrete ones keep
// half-step margins. Numerical kernels are truncated normals, categorical
// kernels smoothed one-hot vectors.
import type { Distribution } from "../../distributions.js";
import type { Generator } from "../../../random/generator.js";
import { exp, log } from "../../../runtime/math.js";
import { cumsum, npArgsort, npSum, pickIndex, roundHalfEven } from "../numeric.js";
import { logGaussMass, logpdf as truncLogpdf, ppf } from "./truncnorm.js";

const EPS = 1e-12;
const SIGMA0_MAGNITUDE = 0.2;

/** How the estimator is built (Optuna's `_ParzenEstimatorParameters`). */
export interface ParzenEstimatorParameters {
  considerPrior: boolean;
  priorWeight: number;
  considerMagicClip: boolean;
  considerEndpoints: boolean;
  /** Observation weights for n observations, oldest first. */
  weights: (n: number) => ArrayLike<number>;
  multivariate: boolean;
}

/** Internal values (floats; a categorical's index) of each parameter, one entry per trial. */
export type Observations = Record<string, Float64Array>;

type Kernel =
  | { kind: "numerical"; low: number; high: number; q: number | null; mus: Float64Array; sigmas: Float64Array }
  | { kind: "categorical"; probs: Float64Array[] };

/** The mixture Optuna's TPE fits to the good (l) or bad (g) observations. */
export class ParzenEstimator {
  /** Normalised mixture weights: one per observation, then the prior's if any. */
  readonly weights: Float64Array;
  /** Per-parameter kernels, in search-space order. */
  readonly kernels: Record<string, Kernel>;
  private readonly space: Record<string, Distribution>;

  constructor(observations: Observations, searchSpace: Record<string, Distribution>, p: ParzenEstimatorParameters, predeterminedWeights?: ArrayLike<number>) {
    this.space = searchSpace;
    const names = Object.keys(searchSpace);
    const n = names.length === 0 ? 0 : observations[names[0]].length;
    const considerPrior = p.considerPrior || n === 0;
    this.weights = mixtureWeights(n, considerPrior, p, predeterminedWeights);
    // Scott's rule for the multivariate bandwidth (as in BOHB).
    const sigma0 = p.multivariate ? SIGMA0_MAGNITUDE * Math.max(n, 1) ** (-1 / (names.length + 4)) : null;
    this.kernels = {};
    for (const name of names) {
      const d = searchSpace[name];
      const obs = toUniform(d, observations[name]);
      this.kernels[name] = d.kind === "categorical"
        ? { kind: "categorical", probs: categoricalProbs(obs, d.choices.length, considerPrior, p.priorWeight) }
        : numericalKernel(obs, d, considerPrior, p, sigma0);
    }
  }

  /** Draw `size` points (internal values) from the mixture. */
  sample(rng: Generator, size: number): Observations {
    const cum = cumsum(this.weights);
    const total = cum[cum.length - 1];
    const active = Array.from({ length: size }, () => pickIndex(cum, rng.random() * total));
    const out: Observations = {};
    for (const [name, k] of Object.entries(this.kernels)) {
      const d = this.space[name];
      const s = new Float64Array(size);
      if (k.kind === "categorical") {
        for (let i = 0; i < size; i++) {
          const u = rng.random();
          const probs = cumsum(k.probs[active[i]]);
          let c = 0;
          while (c < probs.length && probs[c] < u) c++;
          s[i] = c;
        }
      } else {
        for (let i = 0; i < size; i++) {
          const mu = k.mus[active[i]];
          const sigma = k.sigmas[active[i]];
          s[i] = ppf(rng.random(), (k.low - mu) / sigma, (k.high - mu) / sigma) * sigma + mu;
        }
      }
      out[name] = fromUniform(d, s, k);
    }
    return out;
  }

  /** log of the mixture density at each point (internal values). */
  logPdf(samples: Observations): Float64Array {
    const names = Object.keys(this.kernels);
    const m = samples[names[0]].length;
    const nk = this.weights.length;
    const out = new Float64Array(m);
    const only = this.kernels[names[0]];
    if (names.length === 1 && only.kind === "categorical") {
      // One categorical parameter: the mixture is a single probability vector.
      const probs = only.probs[0].map((_, c) => npSum(only.probs.map((row, i) => row[c] * this.weights[i])));
      const s = samples[names[0]];
      for (let j = 0; j < m; j++) out[j] = log(probs[s[j]]);
      return out;
    }
    const comp = Array.from({ length: m }, () => new Float64Array(nk));
    for (const name of names) {
      const k = this.kernels[name];
      const s = toUniform(this.space[name], samples[name]);
      for (let j = 0; j < m; j++) {
        const row = comp[j];
        for (let i = 0; i < nk; i++) row[i] += kernelLogPdf(k, i, s[j]);
      }
    }
    const logW = this.weights.map((w) => log(w));
    for (let j = 0; j < m; j++) {
      const row = comp[j];
      let max = -Infinity;
      for (let i = 0; i < nk; i++) {
        row[i] += logW[i];
        if (row[i] > max) max = row[i];
      }
      for (let i = 0; i < nk; i++) row[i] = exp(row[i] - max);
      out[j] = log(npSum(row)) + max;
    }
    return out;
  }
}

function kernelLogPdf(k: Kernel, i: number, x: number): number {
  if (k.kind === "categorical") return log(k.probs[i][x]);
  const mu = k.mus[i];
  const sigma = k.sigmas[i];
  const a = (k.low - mu) / sigma;
  const b = (k.high - mu) / sigma;
  if (k.q === null) return truncLogpdf(x, a, b, mu, sigma);
  // A discrete value owns the mass of its step-wide cell.
  const upper = Math.min(x + k.q / 2, k.high);
  const lower = Math.max(x - k.q / 2, k.low);
  return logGaussMass((lower - mu) / sigma, (upper - mu) / sigma) - logGaussMass(a, b);
}

function mixtureWeights(n: number, considerPrior: boolean, p: ParzenEstimatorParameters, predetermined?: ArrayLike<number>): Float64Array {
  let w: ArrayLike<number>;
  if (predetermined === undefined) {
    w = Array.from(p.weights(n)).slice(0, n);
    if (w.length > 0 && Array.prototype.some.call(w, (v: number) => v < 0)) {
      throw new RangeError(`The \`weights\` function is not allowed to return negative values ${fmt(w)}. The argument of the \`weights\` function is ${n}.`);
    }
    if (w.length > 0 && npSum(w) <= 0) {
      throw new RangeError(`The \`weight\` function is not allowed to return all-zero values ${fmt(w)}. The argument of the \`weights\` function is ${n}.`);
    }
    if (!Array.prototype.every.call(w, (v: number) => Number.isFinite(v))) {
      throw new RangeError(`The \`weights\`function is not allowed to return infinite or NaN values ${fmt(w)}. The argument of the \`weights\` function is ${n}.`);
    }
  } else {
    w = Array.from(predetermined).slice(0, n);
  }
  const out = new Float64Array(considerPrior ? n + 1 : n);
  out.set(w);
  if (considerPrior) out[n] = p.priorWeight;
  const total = npSum(out);
  for (let i = 0; i < out.length; i++) out[i] /= total;
  return out;
}

function fmt(w: ArrayLike<number>): string {
  return `[${Array.from(w).join(", ")}]`;
}

/** The kernel domain: log-scaled, and widened by half a step each side for discrete values. */
export function parzenBounds(d: Exclude<Distribution, { kind: "categorical" }>): { low: number; high: number; q: number | null } {
  if (d.kind === "float") {
    if (d.log) return { low: log(d.low), high: log(d.high), q: null };
    if (d.step !== null) return { low: d.low - 0.5 * d.step, high: d.high + 0.5 * d.step, q: d.step };
    return { low: d.low, high: d.high, q: null };
  }
  if (d.log) return { low: log(d.low - 0.5), high: log(d.high + 0.5), q: null };
  return { low: d.low - 0.5 * d.step, high: d.high + 0.5 * d.step, q: d.step };
}

function toUniform(d: Distribution, values: Float64Array): Float64Array {
  return d.kind !== "categorical" && d.log ? values.map((v) => log(v)) : values;
}

function fromUniform(d: Distribution, s: Float64Array, k: Kernel): Float64Array {
  if (d.kind === "categorical") return s;
  const clip = (v: number) => Math.min(Math.max(v, d.low), d.high);
  if (d.log) return d.kind === "float" ? s.map((v) => exp(v)) : s.map((v) => clip(roundHalfEven(exp(v))));
  const q = k.kind === "numerical" ? k.q : null;
  if (q === null) return s;
  return s.map((v) => clip(roundHalfEven((v - d.low) / q) * q + d.low));
}

function categoricalProbs(obs: Float64Array, nChoices: number, considerPrior: boolean, priorWeight: number): Float64Array[] {
  const n = obs.length;
  const rows = considerPrior ? n + 1 : n;
  const fill = considerPrior ? priorWeight / (n + 1) : priorWeight / n;
  const probs = Array.from({ length: rows }, () => new Float64Array(nChoices).fill(fill));
  for (let i = 0; i < n; i++) probs[i][Math.trunc(obs[i])] += 1;
  for (const row of probs) {
    const total = npSum(row);
    for (let c = 0; c < nChoices; c++) row[c] /= total;
  }
  return probs;
}

function numericalKernel(obs: Float64Array, d: Exclude<Distribution, { kind: "categorical" }>, considerPrior: boolean, p: ParzenEstimatorParameters, sigma0: number | null): Kernel {
  const { low, high, q } = parzenBounds(d);
  const n = obs.length;
  const mus = new Float64Array(considerPrior ? n + 1 : n);
  mus.set(obs);
  if (considerPrior) mus[n] = 0.5 * (low + high);
  let sigmas: Float64Array;
  if (sigma0 !== null) {
    sigmas = new Float64Array(mus.length).fill(sigma0 * (high - low));
  } else {
    sigmas = neighbourSigmas(mus, low, high, p.considerEndpoints);
  }
  const maxSigma = 1.0 * (high - low);
  const minSigma = p.considerMagicClip ? (1.0 * (high - low)) / Math.min(100.0, 1.0 + mus.length) : EPS;
  for (let i = 0; i < sigmas.length; i++) sigmas[i] = Math.min(Math.max(sigmas[i], minSigma), maxSigma);
  if (considerPrior) sigmas[n] = 1.0 * (high - low);
  return { kind: "numerical", low, high, q, mus, sigmas };
}

/** Each kernel's bandwidth: the larger gap to its sorted neighbours (domain ends included as neighbours). */
function neighbourSigmas(mus: Float64Array, low: number, high: number, considerEndpoints: boolean): Float64Array {
  const m = mus.length;
  const order = npArgsort(mus);
  const ext = new Float64Array(m + 2);
  ext[0] = low;
  for (let i = 0; i < m; i++) ext[i + 1] = mus[order[i]];
  ext[m + 1] = high;
  const sorted = new Float64Array(m);
  for (let i = 0; i < m; i++) sorted[i] = Math.max(ext[i + 1] - ext[i], ext[i + 2] - ext[i + 1]);
  if (!considerEndpoints && ext.length >= 4) {
    sorted[0] = ext[2] - ext[1];
    sorted[m - 1] = ext[m] - ext[m - 1];
  }
  const sigmas = new Float64Array(m);
  for (let i = 0; i < m; i++) sigmas[order[i]] = sorted[i];
  return sigmas;
}
