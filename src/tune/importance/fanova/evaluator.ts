import { fitStudyForest, type ForestEvaluatorOptions } from "../encode.js";
import { assessedDistributions, type ImportanceStudy, filteredTrials, sortByImportance, type Target } from "../trials.js";
import { fanovaImportances } from "./fanova.js";

/**
 * fANOVA importances (Optuna's `FanovaImportanceEvaluator`), largest first:
 * a random forest is fitted to the trials and each parameter's share of its
 * prediction variance (main effect) averaged over the trees, normalised to
 * sum 1; parameters with a single possible value get 0.
 */
export function fanova(study: ImportanceStudy, params: readonly string[] | undefined, target: Target | undefined, options: ForestEvaluatorOptions): Record<string, number> {
  const space = assessedDistributions(study, params);
  const names = params ?? Object.keys(space);
  const varying = Object.fromEntries(Object.entries(space).filter(([, d]) => !d.single()));
  if (Object.keys(varying).length === 0) return {};
  const { trees, bounds, columns } = fitStudyForest(varying, filteredTrials(study, names, target), target, options);
  const raw = fanovaImportances(trees, bounds, columns);
  const sum = raw.reduce((a, b) => a + b, 0);
  // No main effect at all (pure interactions): zeros, which `importance` turns into equal shares.
  const entries: [string, number][] = Object.keys(varying).map((name, i) => [name, sum > 0 ? raw[i] / sum : 0]);
  for (const [name, d] of Object.entries(space)) if (d.single()) entries.push([name, 0]);
  return sortByImportance(entries);
}
