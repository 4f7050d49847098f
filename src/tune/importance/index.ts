// tune.importance: which hyperparameters mattered in a study, with Optuna's
// evaluators and its get_param_importances semantics.

import { checkOptions } from "../../options.js";
import { fanova } from "./fanova/evaluator.js";
import { meanDecreaseImpurity } from "./mdi.js";
import { pedAnova } from "./ped_anova/evaluator.js";
import { asStudy, type StudyLike, type Target } from "./trials.js";

export type { ImportanceStudy, StudyLike, Target } from "./trials.js";

/** An importance evaluator: fANOVA (default), PED-ANOVA, or mean decrease in impurity. */
export type ImportanceEvaluator = "fanova" | "ped-anova" | "mdi";

/** Options of `importance` (Optuna's argument names in camelCase). */
export interface ImportanceOptions {
  /** The method (default `"fanova"`, as Optuna's default evaluator). */
  evaluator?: ImportanceEvaluator;
  /** Parameters to assess (default: those every completed trial suggested with the same distribution). Only trials that suggested them all are used. */
  params?: readonly string[];
  /** What to explain (default: the objective value; required for multi-objective studies), e.g. `(t) => t.values![1]`. Trials whose target is not finite are left out. */
  target?: Target;
  /** Scale the importances to sum 1 (default true); all-zero importances become equal shares. */
  normalize?: boolean;
  /** fANOVA and MDI: seed of the forest's bootstraps and feature orders (default 0). */
  seed?: number;
  /** fANOVA and MDI: trees in the forest (default 64). */
  nTrees?: number;
  /** fANOVA and MDI: depth limit of the trees (default 64). */
  maxDepth?: number;
  /** PED-ANOVA: explain what puts a trial into this top quantile (default 0.1; Optuna's `target_quantile`). */
  targetQuantile?: number;
  /** PED-ANOVA: compared with the trials in this top quantile (default 1, all; Optuna's `region_quantile`). */
  regionQuantile?: number;
  /** PED-ANOVA: compare with the trials' own distribution (default true) rather than a uniform one over the space. */
  evaluateOnLocal?: boolean;
}

const COMMON = ["evaluator", "params", "target", "normalize"];
const KNOWN: Record<ImportanceEvaluator, string[]> = {
  fanova: [...COMMON, "seed", "nTrees", "maxDepth"],
  mdi: [...COMMON, "seed", "nTrees", "maxDepth"],
  "ped-anova": [...COMMON, "targetQuantile", "regionQuantile", "evaluateOnLocal"],
};

function positiveInteger(name: string, v: number): number {
  if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`importance: \`${name}\` must be a positive integer, got ${String(v)}`);
  return v;
}

/**
 * Hyperparameter importances of a study's completed trials (Optuna's
 * `get_param_importances`): an object from parameter name to importance,
 * largest first, summing to 1 unless `normalize: false`.
 *
 * - `"fanova"`: fANOVA (Hutter et al. 2014) over a random forest with
 *   Optuna's settings (64 trees, depth 64, bootstrap, all features per
 *   split): each parameter's main-effect share of the prediction variance.
 * - `"mdi"`: the forest's mean decrease in impurity, per parameter.
 * - `"ped-anova"`: PED-ANOVA (Optuna 4's evaluator): how differently the
 *   top `targetQuantile` of trials are spread over each parameter than all
 *   trials are. Reads "lower is better" when `target` is given or `study` is
 *   a trial list. Needs `await init()` first (it uses the runtime's math).
 *
 * Categorical parameters are one-hot encoded and marginalised together;
 * numeric ones enter on their own scale (no log transform), as Optuna's
 * forest evaluators do. Deterministic: the same trials and seed give the
 * same bits in every runtime. Parameter names that look like array indices
 * ("0", "1") come first in a JavaScript object whatever their importance.
 *
 * @param study a study (anything with `directions` and `getTrials(states)`) or a list of frozen trials.
 */
export function importance(study: StudyLike, options: ImportanceOptions = {}): Record<string, number> {
  const evaluator = options?.evaluator ?? "fanova";
  if (!(evaluator in KNOWN)) throw new RangeError(`importance: unknown evaluator '${String(evaluator)}' (expected 'fanova', 'ped-anova' or 'mdi')`);
  checkOptions(`importance (${evaluator})`, options, KNOWN[evaluator]);
  const { params, target, normalize = true } = options;
  if (target !== undefined && typeof target !== "function") throw new TypeError("importance: `target` must be a function of a frozen trial");
  const view = asStudy(study);
  if (target === undefined && view.directions.length > 1) {
    throw new RangeError(
      "If the `study` is being used for multi-objective optimization, please specify the `target`. For example, use `target=lambda t: t.values[0]` for the first objective value.",
    );
  }
  let raw: Record<string, number>;
  if (evaluator === "ped-anova") {
    const { targetQuantile = 0.1, regionQuantile = 1, evaluateOnLocal = true } = options;
    if (!(0 < targetQuantile && targetQuantile < regionQuantile && regionQuantile <= 1)) {
      throw new RangeError(`condition 0.0 < \`targetQuantile\` < \`regionQuantile\` <= 1.0 must be satisfied (got ${targetQuantile}, ${regionQuantile})`);
    }
    raw = pedAnova(view, params, target, { targetQuantile, regionQuantile, evaluateOnLocal });
  } else {
    const { seed = 0, nTrees = 64, maxDepth = 64 } = options;
    if (!Number.isSafeInteger(seed)) throw new RangeError(`importance: \`seed\` must be a safe integer, got ${String(seed)}`);
    const forest = { seed, nTrees: positiveInteger("nTrees", nTrees), maxDepth: positiveInteger("maxDepth", maxDepth) };
    raw = (evaluator === "fanova" ? fanova : meanDecreaseImpurity)(view, params, target, forest);
  }
  if (!normalize) return raw;
  const names = Object.keys(raw);
  const sum = names.reduce((s, k) => s + raw[k], 0);
  return Object.fromEntries(names.map((k) => [k, sum === 0 ? 1 / names.length : raw[k] / sum]));
}

