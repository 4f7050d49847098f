import { generatorFrom } from "../random/options.js";
import type { RandomOptions } from "../random/options.js";
import { encodeClasses } from "./classes.js";
import { labelsOf } from "./host.js";
import type { Rows } from "./host.js";
import { range } from "./split.js";
import type { SplitIndices } from "./split.js";
import { checkOptions, optionNames } from "../options.js";

/** Options of `kFold` and `stratifiedKFold`. */
export interface KFoldOptions extends RandomOptions {
  /** Shuffle the samples (per class, when stratified) before assigning folds (default false). */
  shuffle?: boolean;
}

const KFOLD_OPTIONS = optionNames<KFoldOptions>({ shuffle: true, generator: true, seed: true });

/**
 * K-fold cross-validation indices, as scikit-learn's `KFold`: consecutive
 * folds of sizes `n / k` (the first `n % k` one larger), each the test part
 * once. Indices in each part are ascending.
 */
export function kFold(n: number, k: number, options: KFoldOptions = {}): SplitIndices[] {
  checkOptions("kFold", options, KFOLD_OPTIONS);
  checkFolds(k, n);
  const order = range(0, n);
  if (options.shuffle) generatorFrom(options).shuffle(order);
  const fold = new Int32Array(n);
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    for (let i = start; i < start + size; i++) fold[order[i]] = f;
    start += size;
  }
  return foldsToSplits(fold, k);
}

/**
 * Stratified k-fold indices, as scikit-learn's `StratifiedKFold`: each fold
 * keeps the class proportions of `y`. Without shuffling the folds are
 * identical to scikit-learn's.
 */
export function stratifiedKFold(y: Rows, k: number, options: KFoldOptions = {}): SplitIndices[] {
  checkOptions("stratifiedKFold", options, KFOLD_OPTIONS);
  const labels = labelsOf(y, "y");
  checkFolds(k, labels.length);
  const { codes, counts } = byFirstAppearance(labels);
  if (counts.every((c) => k > c)) throw new Error(`n_splits=${k} cannot be greater than the number of members in each class.`);
  // allocation[f][c]: members of class c in fold f, dealing the class-sorted samples round-robin.
  const allocation = Array.from({ length: k }, () => new Int32Array(counts.length));
  let pos = 0;
  counts.forEach((count, c) => {
    for (let i = 0; i < count; i++, pos++) allocation[pos % k][c]++;
  });
  const gen = options.shuffle ? generatorFrom(options) : undefined;
  const fold = new Int32Array(labels.length);
  counts.forEach((count, c) => {
    const folds = new Int32Array(count);
    let at = 0;
    for (let f = 0; f < k; f++) for (let i = 0; i < allocation[f][c]; i++) folds[at++] = f;
    gen?.shuffle(folds);
    at = 0;
    for (let i = 0; i < codes.length; i++) if (codes[i] === c) fold[i] = folds[at++];
  });
  return foldsToSplits(fold, k);
}

/**
 * Class indices numbered by first appearance, as scikit-learn's
 * StratifiedKFold numbers them: the numbering decides how its round-robin
 * allocation breaks ties.
 */
function byFirstAppearance(labels: ArrayLike<number | string>): { codes: Int32Array; counts: Int32Array } {
  const sorted = encodeClasses(labels);
  const renumber = new Int32Array(sorted.counts.length).fill(-1);
  let seen = 0;
  for (const c of sorted.codes) if (renumber[c] < 0) renumber[c] = seen++;
  const counts = new Int32Array(sorted.counts.length);
  sorted.counts.forEach((n, c) => (counts[renumber[c]] = n));
  return { codes: sorted.codes.map((c) => renumber[c]), counts };
}

function checkFolds(k: number, n: number): void {
  if (!Number.isInteger(k) || k < 2) {
    throw new Error(`k-fold cross-validation requires at least one train/test split by setting n_splits=2 or more, got n_splits=${k}.`);
  }
  if (k > n) throw new Error(`Cannot have number of splits n_splits=${k} greater than the number of samples: n_samples=${n}.`);
}

function foldsToSplits(fold: Int32Array, k: number): SplitIndices[] {
  return Array.from({ length: k }, (_, f) => {
    const test: number[] = [];
    const train: number[] = [];
    fold.forEach((g, i) => (g === f ? test : train).push(i));
    return { train: Int32Array.from(train), test: Int32Array.from(test) };
  });
}
