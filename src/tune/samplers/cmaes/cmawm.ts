// The `cmaes` library's (0.9.1) CMAwM: CMA-ES with Margin (Hamano et al.,
// GECCO 2022) for mixed-integer spaces. Discrete coordinates are encoded to
// the nearest grid value for evaluation, and after each update the mean and
// a per-coordinate scaling A are corrected so that every discrete
// coordinate keeps at least `margin` probability of leaving its current
// value — plain CMA-ES would otherwise fix it forever.
import { erf, erfc } from "../../../runtime/math.js";
import { CMA, type CMAOptions } from "./cma.js";
import { validBounds, type Solution } from "./strategy.js";

/** Options of `CMAwM`: those of `CMA` and the margin (default 1/(n·λ)). */
export interface CMAwMOptions extends Omit<CMAOptions, "bounds"> {
  margin?: number;
}

/** Φ((x − loc)/scale), as scipy's `norm.cdf` computes it from erf and erfc. */
export function normCdf(x: number, loc: number, scale: number): number {
  const u = (x - loc) / scale / Math.SQRT2;
  const z = Math.abs(u);
  if (z < Math.SQRT1_2) return 0.5 + 0.5 * erf(u);
  const y = 0.5 * erfc(z);
  return u > 0 ? 1.0 - y : y;
}

/** The q-quantile of χ² with one degree of freedom: the x with erf(√(x/2)) = q, by bisection (as the library's fallback). */
export function chi2Ppf1(q: number): number {
  if (q === 0) return 0.0;
  if (q === 1) return Infinity;
  let a = 0.0;
  let b = 100.0;
  let m = 0;
  for (let i = 0; i < 100; i++) {
    m = (a + b) / 2;
    // Near 1, compare tails with erfc, where erf has no digits left.
    const below = q < 0.9 ? erf(Math.sqrt(m / 2)) < q : erfc(Math.sqrt(m / 2)) > 1.0 - q;
    if (below) a = m;
    else b = m;
  }
  return m;
}

/** `np.arange(start, stop, step)`: start + i·δ with δ = (start + step) − start, as NumPy fills it. */
function arange(start: number, stop: number, step: number): number[] {
  const length = Math.max(0, Math.ceil((stop - start) / step));
  const delta = start + step - start;
  return Array.from({ length }, (_, i) => (i === 0 ? start : i === 1 ? start + step : start + i * delta));
}

/** Σ table[k] over the positions k where x sits in sort(row ∪ {x}) (NumPy's one-hot lookup, ties included). */
function lookup(row: readonly number[], x: number, table: readonly number[]): number {
  const sorted = [...row, x].sort((a, b) => a - b);
  let s = 0;
  for (let k = 0; k < sorted.length; k++) if (sorted[k] === x) s += table[k];
  return s;
}

/**
 * CMA-ES with Margin (`cmaes.CMAwM`; Optuna's `withMargin`). Coordinates with
 * `steps[i] > 0` are discrete on the grid low, low + step, …, high; the rest
 * are continuous within their bounds. `ask()` returns the point to evaluate
 * (discrete coordinates on the grid) and the raw point to pass back to
 * `tell`. Needs `await init()`.
 */
export class CMAwM {
  /** The underlying CMA-ES. */
  readonly cma: CMA;
  /** The per-coordinate scaling of discrete steps (A in the paper). */
  readonly A: Float64Array;
  readonly margin: number;
  /** The grid of each discrete coordinate, padded with its last value. */
  readonly zSpace: number[][];
  /** Midpoints between neighbouring grid values, padded likewise. */
  readonly zLim: number[][];
  private readonly discreteIdx: number[];
  private readonly continuousIdx: number[];
  private readonly continuousSpace: (readonly [number, number])[];
  private readonly nMaxResampling: number;

  constructor(mean: ArrayLike<number>, sigma: number, bounds: readonly (readonly [number, number])[], steps: ArrayLike<number>, options: CMAwMOptions = {}) {
    this.cma = new CMA(mean, sigma, { ...options, bounds });
    const n = this.cma.dim;
    const lambda = this.cma.populationSize;
    this.nMaxResampling = options.nMaxResampling ?? 100;
    if (bounds.length !== steps.length) throw new RangeError(`bounds and steps must be the same length (${bounds.length} and ${steps.length}).`);
    const stepList = Array.from(steps);
    if (stepList.some((s) => Number.isNaN(s))) throw new RangeError("steps should not include NaN");
    this.discreteIdx = stepList.flatMap((s, i) => (s > 0 ? [i] : []));
    this.continuousIdx = stepList.flatMap((s, i) => (s > 0 ? [] : [i]));
    this.continuousSpace = this.continuousIdx.map((i) => bounds[i]);
    if (!validBounds(this.continuousSpace, this.continuousIdx.map((i) => mean[i]))) throw new RangeError("invalid bounds");
    const grids = this.discreteIdx.map((i) => arange(bounds[i][0], bounds[i][1] + stepList[i] / 2, stepList[i]));
    const width = Math.max(0, ...grids.map((g) => g.length));
    if (grids.some((g) => g.length < 2)) throw new RangeError("Each discrete coordinate needs at least two grid values within its bounds.");
    this.zSpace = grids.map((g) => Array.from({ length: width }, (_, k) => g[Math.min(k, g.length - 1)]));
    this.zLim = grids.map((g) => Array.from({ length: width - 1 }, (_, k) => (k + 1 < g.length ? (g[k + 1] + g[k]) / 2 : (g[g.length - 1] + g[g.length - 2]) / 2)));
    this.margin = options.margin ?? 1 / (n * lambda);
    if (!(this.margin > 0)) throw new RangeError("margin must be non-zero positive value.");
    this.A = new Float64Array(n).fill(1);
  }

  get dim(): number {
    return this.cma.dim;
  }

  get populationSize(): number {
    return this.cma.populationSize;
  }

  get generation(): number {
    return this.cma.generation;
  }

  reseedRng(seed: number): void {
    this.cma.reseedRng(seed);
  }

  /** [the point to evaluate, the raw point to tell]. Continuous coordinates are redrawn then clipped into bounds. */
  ask(): [Float64Array, Float64Array] {
    for (let i = 0; i < this.nMaxResampling; i++) {
      const x = this.cma.sampleSolution();
      if (this.continuousIdx.every((j, c) => x[j] >= this.continuousSpace[c][0] && x[j] <= this.continuousSpace[c][1])) return [this.encode(x), x];
    }
    const x = this.cma.sampleSolution();
    this.continuousIdx.forEach((j, c) => {
      if (x[j] < this.continuousSpace[c][0]) x[j] = this.continuousSpace[c][0];
      if (x[j] > this.continuousSpace[c][1]) x[j] = this.continuousSpace[c][1];
    });
    return [this.encode(x), x];
  }

  /** The discrete coordinates, scaled by A about the mean, snapped to their grid value. */
  private encode(x: Float64Array): Float64Array {
    const out = Float64Array.from(x);
    const mean = this.cma.mean;
    this.discreteIdx.forEach((j, d) => {
      const scaled = (x[j] - mean[j]) * this.A[j] + mean[j];
      out[j] = lookup(this.zLim[d], scaled, this.zSpace[d]);
    });
    return out;
  }

  /** Tell the raw points (the second element of `ask()`), then correct the margins. */
  tell(solutions: readonly Solution[]): void {
    const cma = this.cma;
    cma.tell(solutions);
    if (this.discreteIdx.length === 0) return;
    const mean = cma.mean;
    const sigma = cma.sigma;
    const n = cma.dim;
    const half = this.margin / 2;
    const rows = this.discreteIdx.map((j, d) => {
      const lim = this.zLim[d];
      const m = mean[j];
      const low = lookup(lim, m, [Math.min(...lim), ...lim]);
      const up = lookup(lim, m, [...lim, Math.max(...lim)]);
      const cii = cma.C[j * n + j];
      const scale = sigma * this.A[j] * Math.sqrt(cii);
      const lowCdf = normCdf(low, m, scale);
      const upCdf = 1.0 - normCdf(up, m, scale);
      return { j, m, low, up, cii, lowCdf, upCdf, midCdf: 1.0 - (lowCdf + upCdf) };
    });
    // A coordinate whose mean left the grid's end cell: pull it back to the margin quantile.
    if (rows.some((r) => Math.max(r.lowCdf, r.upCdf) > 0.5)) {
      const chi = chi2Ppf1(1.0 - 2.0 * this.margin);
      for (const r of rows) {
        const edge = Math.max(r.lowCdf, r.upCdf) > 0.5 ? 1 : 0;
        const modify = Math.min(r.lowCdf, r.upCdf) < this.margin ? 1 : 0;
        const sign = Math.sign(mean[r.j] - r.up);
        const dist = sigma * this.A[r.j] * Math.sqrt(chi * r.cii);
        mean[r.j] = mean[r.j] + modify * edge * (r.up + sign * dist - mean[r.j]);
      }
    }
    for (const r of rows) {
      const side = Math.max(r.lowCdf, r.upCdf) <= 0.5 ? 1 : 0;
      const lowCdf = Math.max(r.lowCdf, half);
      const upCdf = Math.max(r.upCdf, half);
      const rest = 1.0 - lowCdf - upCdf - r.midCdf;
      const denom = lowCdf + r.midCdf + upCdf - (3.0 * this.margin) / 2;
      const clip = (p: number) => Math.min(Math.max(p, 1e-10), 0.5 - 1e-10);
      const modLow = clip(lowCdf + (rest * (lowCdf - half)) / denom);
      const modUp = clip(upCdf + (rest * (upCdf - half)) / denom);
      const chiLow = Math.sqrt(chi2Ppf1(1.0 - 2 * modLow));
      const chiUp = Math.sqrt(chi2Ppf1(1.0 - 2 * modUp));
      const sd = Math.sqrt(r.cii);
      // Solve for the A and mean that put both cell edges at the corrected quantiles, σ and C fixed.
      this.A[r.j] = this.A[r.j] + side * ((r.up - r.low) / ((chiLow + chiUp) * sigma * sd) - this.A[r.j]);
      mean[r.j] = mean[r.j] + side * ((r.low * chiUp + r.up * chiLow) / (chiLow + chiUp) - mean[r.j]);
    }
  }

  shouldStop(): boolean {
    return this.cma.shouldStop();
  }
}
