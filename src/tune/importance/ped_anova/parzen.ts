// The one-dimensional Parzen estimators PED-ANOVA compares (Optuna 4's
// optuna/importance/_ped_anova/scott_parzen_estimator.py): a parameter's
// values are counted on a grid (at most 50 points, on a log scale for log
// distributions, one point per value for small discrete ranges, one per
// choice for categoricals), and the counts smoothed into a density over the
// grid points, with a bandwidth from Scott's rule and a wide prior kernel.

import type { Distribution } from "../../distributions.js";
import type { FrozenTrial } from "../../frozen_trial.js";
import { log, pow, exp } from "../../../runtime/math.js";
import { logGaussMass } from "../../samplers/tpe/truncnorm.js";

/** numpy.searchsorted: the first index i with `sorted[i] >= v` (side "left") or `sorted[i] > v` (side "right"). */
function searchSorted(sorted: ArrayLike<number>, v: number, side: "left" | "right"): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v || (side === "right" && sorted[mid] === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many of `trials` fall on each grid point of parameter `name` (the nearest, ties to the lower). */
export function gridCounts(name: string, d: Distribution, trials: readonly FrozenTrial[], maxSteps: number): Float64Array {
  if (d.kind === "categorical") {
    const counts = new Float64Array(d.choices.length);
    for (const t of trials) counts[d.toInternalRepr(t.params[name])] += 1;
    return counts;
  }
  let steps = maxSteps;
  if (d.kind === "int" && d.log) steps = Math.min(Math.ceil(log(d.high - d.low + 1) / log(2)) + 1, steps);
  else if (d.step !== null) steps = Math.min(Math.round((d.high - d.low) / d.step) + 1, steps);
  const scale = (v: number): number => (d.log ? log(v) : v);
  const start = scale(d.low);
  const stop = scale(d.high);
  // numpy.linspace: start + i·step, the last point exactly `stop`.
  const grid = Float64Array.from({ length: steps }, (_, i) => (i === steps - 1 ? stop : i * ((stop - start) / (steps - 1)) + start));
  const half = (grid[1] - grid[0]) / 2;
  const counts = new Float64Array(steps);
  for (const t of trials) counts[searchSorted(grid, scale(t.params[name] as number) - half, "left")] += 1;
  return counts;
}

/**
 * Density of the Parzen estimator over grid points 0..n−1 built from `counts`
 * (Optuna's `_ScottParzenEstimator(...).pdf(arange(n))`): one kernel per
 * occupied point, weighted by its count, plus a prior kernel of weight
 * `priorWeight`. Categorical kernels put their mass on their choice with a
 * uniform floor; numeric ones are normals discretised to the grid cells and
 * truncated to the grid, with a common bandwidth from Scott's rule.
 */
export function scottDensity(counts: Float64Array, categorical: boolean, priorWeight: number): Float64Array {
  const n = counts.length;
  const mus: number[] = [];
  const kernelWeights: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (counts[i] <= 0) continue;
    mus.push(i);
    kernelWeights.push(counts[i]);
    total += counts[i];
  }
  kernelWeights.push(priorWeight);
  const wsum = kernelWeights.reduce((a, b) => a + b, 0);
  const w = kernelWeights.map((v) => v / wsum);
  const pdf = new Float64Array(n);
  if (categorical) {
    // Each observed kernel: priorWeight / nKernels on every choice plus 1 on its own; the prior kernel is uniform.
    const nKernels = mus.length + 1;
    const floor = priorWeight / nKernels;
    const rowSum = 1 + n * floor;
    for (let x = 0; x < n; x++) {
      let p = w[mus.length] / n;
      for (let j = 0; j < mus.length; j++) p += (w[j] * (floor + (mus[j] === x ? 1 : 0))) / rowSum;
      pdf[x] = p;
    }
    return pdf;
  }
  let mean = 0;
  for (let j = 0; j < mus.length; j++) mean += mus[j] * (kernelWeights[j] / total);
  let ss = 0;
  for (let j = 0; j < mus.length; j++) ss += (mus[j] - mean) * (mus[j] - mean) * kernelWeights[j];
  let sigma = Math.sqrt(ss / Math.max(1, total - 1));
  const cumulative: number[] = [];
  let run = 0;
  for (let j = 0; j < mus.length; j++) cumulative.push((run += kernelWeights[j]));
  const q25 = searchSorted(cumulative, Math.floor(total / 4), "left");
  const q75 = searchSorted(cumulative, Math.floor((total * 3) / 4), "right");
  const iqr = mus[Math.min(mus.length - 1, q75)] - mus[q25];
  sigma = 1.059 * Math.min(iqr / 1.34, sigma) * pow(total, -0.2);
  // At least so wide that 90% (1.64σ) of a kernel stays within its grid cell's neighbourhood.
  sigma = Math.max(sigma, 0.5 / 1.64);
  const sigmas = mus.map(() => sigma);
  mus.push(0.5 * (n - 1));
  sigmas.push(n);
  for (let j = 0; j < mus.length; j++) {
    const mu = mus[j];
    const s = sigmas[j];
    const logZ = logGaussMass((-0.5 - mu) / s, (n - 0.5 - mu) / s);
    for (let x = 0; x < n; x++) pdf[x] += w[j] * exp(logGaussMass((x - 0.5 - mu) / s, (x + 0.5 - mu) / s) - logZ);
  }
  return pdf;
}
