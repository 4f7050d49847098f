import type { Distribution } from "../distributions.js";
import type { FrozenTrial } from "../frozen_trial.js";
import { Generator } from "../../random/generator.js";
import { SearchSpaceTransform } from "../samplers/transform.js";
import { fitForest } from "./forest/forest.js";
import type { RegressionTree } from "./forest/cart.js";
import { targetValue, type Target } from "./trials.js";

/** Forest settings of the fANOVA and MDI evaluators (Optuna's names in camelCase). */
export interface ForestEvaluatorOptions {
  nTrees: number;
  maxDepth: number;
  seed: number;
}

/** A forest fitted to trials' parameters (as encoded) and targets, with the encoding. */
export interface StudyForest {
  trees: RegressionTree[];
  /** `[low, high]` of each encoded column, flattened. */
  bounds: Float64Array;
  /** The encoded columns of each parameter of the space, in its order. */
  columns: number[][];
}

/**
 * Fit Optuna's importance forest (`nTrees` trees, `maxDepth`, split down to
 * single samples) to `trials`: parameters encoded as Optuna's importance
 * evaluators encode them (`_SearchSpaceTransform` without the log and step
 * transforms: raw values, one 0/1 column per categorical choice).
 */
export function fitStudyForest(space: Record<string, Distribution>, trials: readonly FrozenTrial[], target: Target | undefined, options: ForestEvaluatorOptions): StudyForest {
  if (trials.length === 0) throw new RangeError("Cannot evaluate parameter importances without completed trials that have a finite target value.");
  const trans = new SearchSpaceTransform(space, false, false);
  const d = trans.bounds.length;
  const x = new Float64Array(trials.length * d);
  trials.forEach((t, i) => x.set(trans.transform(t.params), i * d));
  const y = Float64Array.from(trials, (t) => targetValue(t, target));
  const forest = { nEstimators: options.nTrees, maxDepth: options.maxDepth, minSamplesSplit: 2, minSamplesLeaf: 1 };
  const trees = fitForest(x, d, y, forest, new Generator(options.seed));
  return { trees, bounds: Float64Array.from(trans.bounds.flat()), columns: trans.columns };
}
