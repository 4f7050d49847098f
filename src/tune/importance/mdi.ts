import { fitStudyForest, type ForestEvaluatorOptions } from "./encode.js";
import { featureImportances } from "./forest/forest.js";
import { assessedDistributions, type ImportanceStudy, filteredTrials, sortByImportance, type Target } from "./trials.js";

/**
 * Mean-decrease-impurity importances (Optuna's
 * `MeanDecreaseImpurityImportanceEvaluator`), largest first: the impurity
 * decreases of a random forest's splits, summed per parameter over its
 * encoded columns.
 */
export function meanDecreaseImpurity(study: ImportanceStudy, params: readonly string[] | undefined, target: Target | undefined, options: ForestEvaluatorOptions): Record<string, number> {
  const space = assessedDistributions(study, params);
  const names = Object.keys(space);
  if (names.length === 0) return {};
  const { trees, columns } = fitStudyForest(space, filteredTrials(study, params ?? names, target), target, options);
  const fi = featureImportances(trees);
  return sortByImportance(names.map((name, p) => [name, columns[p].reduce((s, c) => s + fi[c], 0)]));
}
