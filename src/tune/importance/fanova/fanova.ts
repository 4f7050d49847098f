import { FanovaTree, type TreeStructure } from "./tree.js";

/**
 * fANOVA main-effect importance of each parameter over a forest (Optuna's
 * `_Fanova.get_importance`): per tree, the variance of the marginal
 * prediction over the parameter's encoded columns (`columns[p]`, several for
 * a one-hot categorical) as a fraction of the tree's total variance, averaged
 * over the trees whose prediction varies at all. `bounds` as in `FanovaTree`.
 */
export function fanovaImportances(trees: readonly TreeStructure[], bounds: ArrayLike<number>, columns: readonly (readonly number[])[]): Float64Array {
  const fanova = trees.map((t) => new FanovaTree(t, bounds));
  if (fanova.every((t) => t.variance === 0)) throw new Error("Encountered zero total variance in all trees.");
  return Float64Array.from(columns, (cols) => {
    let sum = 0;
    let count = 0;
    for (const tree of fanova) {
      if (!(tree.variance > 0)) continue;
      sum += Math.max(tree.marginalVariance(cols), 0) / tree.variance;
      count++;
    }
    return sum / count;
  });
}
