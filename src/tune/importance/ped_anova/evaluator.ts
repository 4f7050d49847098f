// PED-ANOVA (Watanabe, Bansal and Hutter 2023; Optuna 4's
// PedAnovaImportanceEvaluator): a parameter matters to the extent that the
// distribution of its values among the top `targetQuantile` trials differs
// from their distribution among the top `regionQuantile` (all trials by
// default), measured by the Pearson divergence of two Parzen estimates.

import type { Distribution } from "../../distributions.js";
import type { FrozenTrial } from "../../frozen_trial.js";
import { assessedDistributions, type ImportanceStudy, filteredTrials, sortByImportance, targetValue, type Target } from "../trials.js";
import { gridCounts, scottDensity } from "./parzen.js";

/** PED-ANOVA settings (Optuna's names in camelCase). */
export interface PedAnovaOptions {
  targetQuantile: number;
  regionQuantile: number;
  evaluateOnLocal: boolean;
}

// Optuna's fixed settings: grid size, prior weight, fewest trials kept by a quantile.
const N_STEPS = 50;
const PRIOR_WEIGHT = 1.0;
const MIN_N_TOP_TRIALS = 2;

/** The k-th smallest of `v` (0-based; numpy.partition(v, k)[k]). */
function kth(v: readonly number[], k: number): number {
  return [...v].sort((a, b) => a - b)[k];
}

/** The trials whose loss is within the best `quantile`, and at least the best two (Optuna's `_QuantileFilter`). */
function topTrials(trials: readonly FrozenTrial[], quantile: number, lowerIsBetter: boolean, target: Target | undefined): FrozenTrial[] {
  const sign = lowerIsBetter ? 1 : -1;
  const loss = trials.map((t) => sign * targetValue(t, target));
  const cutoff = Math.max(kth(loss, MIN_N_TOP_TRIALS - 1), kth(loss, Math.ceil(quantile * loss.length) - 1));
  return trials.filter((_, i) => loss[i] <= cutoff);
}

/** Pearson divergence of the top trials' density of `name` from the region's (or from uniform). */
function pearsonDivergence(name: string, d: Distribution, top: readonly FrozenTrial[], region: readonly FrozenTrial[], local: boolean): number {
  const categorical = d.kind === "categorical";
  const pTop = scottDensity(gridCounts(name, d, top, N_STEPS), categorical, PRIOR_WEIGHT);
  const n = pTop.length;
  const pLocal = local ? scottDensity(gridCounts(name, d, region, N_STEPS), categorical, PRIOR_WEIGHT) : new Float64Array(n).fill(1 / n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const q = local ? pLocal[i] + 1e-12 : pLocal[i];
    const r = (pTop[i] + 1e-12) / q - 1;
    s += q * r * r;
  }
  return s;
}

/** Unnormalised PED-ANOVA importances, largest first (see `importance`). */
export function pedAnova(study: ImportanceStudy, params: readonly string[] | undefined, target: Target | undefined, options: PedAnovaOptions): Record<string, number> {
  const space = assessedDistributions(study, params);
  const names = params ?? Object.keys(space);
  const nonSingle = Object.entries(space).filter(([, d]) => !d.single());
  if (nonSingle.length === 0) return {};
  const trials = filteredTrials(study, names, target);
  if (trials.length <= MIN_N_TOP_TRIALS) return Object.fromEntries(Object.keys(space).map((k) => [k, 0]));
  // A custom target is read as "lower is better", as Optuna does.
  const lowerIsBetter = target !== undefined || study.directions[0] === "minimize";
  const top = topTrials(trials, options.targetQuantile, lowerIsBetter, target);
  const region = options.regionQuantile === 1 ? trials : topTrials(trials, options.regionQuantile, lowerIsBetter, target);
  const q = top.length / region.length;
  const entries: [string, number][] = nonSingle.map(([name, d]) => [name, q * q * pearsonDivergence(name, d, top, region, options.evaluateOnLocal)]);
  for (const [name, d] of Object.entries(space)) if (d.single()) entries.push([name, 0]);
  return sortByImportance(entries);
}
