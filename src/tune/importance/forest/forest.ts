// A random forest regressor as scikit-learn 1.2's RandomForestRegressor with
// the settings Optuna's importance evaluators pass (max_features = all
// features, bootstrap on, squared error): each tree is grown on a bootstrap
// of the rows, given as per-row counts, which sklearn uses as sample weights.

import type { Generator } from "../../../random/generator.js";
import { fitTree, type RegressionTree, type TreeOptions } from "./cart.js";

/** Forest settings (sklearn's names in camelCase). */
export interface ForestOptions extends TreeOptions {
  nEstimators: number;
}

/**
 * Fit `nEstimators` trees on `x` (row-major `n × nFeatures`) and `y`. Rows are
 * rounded to float32 first, as sklearn rounds them; `rng` draws the bootstraps
 * and the per-node feature orders, tree after tree.
 */
export function fitForest(x: Float64Array, nFeatures: number, y: Float64Array, options: ForestOptions, rng: Generator): RegressionTree[] {
  const n = y.length;
  const x32 = x.map(Math.fround);
  const trees: RegressionTree[] = [];
  const counts = new Float64Array(n);
  for (let t = 0; t < options.nEstimators; t++) {
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[rng.randint(n)] += 1;
    trees.push(fitTree(x32, nFeatures, y, counts, options, rng));
  }
  return trees;
}

/**
 * Mean decrease in impurity per feature (sklearn's `feature_importances_`):
 * each tree's weighted impurity decreases, summed per split feature and
 * normalised to 1, averaged over the trees that split at all, normalised again.
 * All zeros when no tree splits.
 */
export function featureImportances(trees: readonly RegressionTree[]): Float64Array {
  const nFeatures = trees.length > 0 ? trees[0].nFeatures : 0;
  const mean = new Float64Array(nFeatures);
  let used = 0;
  for (const tree of trees) {
    if (tree.nodeCount <= 1) continue;
    const imp = new Float64Array(nFeatures);
    const { left, right, weightedNNodeSamples: wn, impurity } = tree;
    for (let node = 0; node < tree.nodeCount; node++) {
      if (left[node] === -1) continue;
      const l = left[node];
      const r = right[node];
      imp[tree.feature[node]] += wn[node] * impurity[node] - wn[l] * impurity[l] - wn[r] * impurity[r];
    }
    let total = 0;
    for (let f = 0; f < nFeatures; f++) {
      imp[f] /= wn[0];
      total += imp[f];
    }
    for (let f = 0; f < nFeatures; f++) mean[f] += total > 0 ? imp[f] / total : imp[f];
    used++;
  }
  if (used === 0) return mean;
  let total = 0;
  for (let f = 0; f < nFeatures; f++) {
    mean[f] /= used;
    total += mean[f];
  }
  for (let f = 0; f < nFeatures; f++) mean[f] /= total;
  return mean;
}
