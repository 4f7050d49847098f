import { generatorFrom } from "../random/options.js";
import type { RandomOptions } from "../random/options.js";
import type { Generator } from "../random/generator.js";
import { encodeClasses } from "./classes.js";
import { labelsOf, numRows, takeRows } from "./host.js";
import type { Rows } from "./host.js";
import { checkOptions, optionNames } from "../options.js";

/** Options of `trainTestSplit`, as in scikit-learn's `train_test_split`. */
export interface SplitOptions extends RandomOptions {
  /** Fraction in (0, 1) or number of test samples. Default 0.25 (or the complement of `trainSize`). */
  testSize?: number;
  /** Fraction in (0, 1) or number of training samples. Default: the complement of `testSize`. */
  trainSize?: number;
  /** Shuffle before splitting (default true). */
  shuffle?: boolean;
  /** Class labels to keep the class proportions of in both parts (usually the targets). */
  stratify?: Rows;
}

const SPLIT_OPTIONS = optionNames<SplitOptions>({ testSize: true, trainSize: true, shuffle: true, stratify: true, generator: true, seed: true });

/** Row indices of the two parts of a split. */
export interface SplitIndices {
  train: Int32Array;
  test: Int32Array;
}

/** Both parts of a split, in the container types given. */
export interface TrainTestSplit<X, Y> {
  xTrain: X;
  xTest: X;
  yTrain: Y;
  yTest: Y;
}

/**
 * Split features and targets into random train and test parts with
 * scikit-learn's `train_test_split` semantics: the same part sizes (test
 * rounded up), the same per-class counts when stratified (ties in the
 * rounding are broken by the generator). Accepts nested arrays, typed arrays,
 * `HostArray`s and tensors, and returns the same kinds.
 */
export function trainTestSplit<X extends Rows, Y extends Rows>(x: X, y: Y, options: SplitOptions = {}): TrainTestSplit<X, Y> {
  checkOptions("trainTestSplit", options, SPLIT_OPTIONS);
  const n = sameRows(x, y);
  const { train, test } = trainTestSplitIndices(n, options);
  return { xTrain: takeRows(x, train), xTest: takeRows(x, test), yTrain: takeRows(y, train), yTest: takeRows(y, test) };
}

/** The row indices `trainTestSplit` would pick for `n` samples. */
export function trainTestSplitIndices(n: number, options: SplitOptions = {}): SplitIndices {
  checkOptions("trainTestSplitIndices", options, SPLIT_OPTIONS);
  const { shuffle = true, stratify } = options;
  const [nTrain, nTest] = splitSizes(n, options.testSize, options.trainSize);
  if (!shuffle) {
    if (stratify !== undefined) throw new Error("Stratified train/test split is not implemented for shuffle=False");
    return { train: range(0, nTrain), test: range(nTrain, nTrain + nTest) };
  }
  const gen = generatorFrom(options);
  if (stratify === undefined) {
    const perm = gen.permutation(n);
    return { train: perm.slice(nTest, nTest + nTrain), test: perm.slice(0, nTest) };
  }
  const labels = labelsOf(stratify, "stratify");
  if (labels.length !== n) throw new Error(`Found input variables with inconsistent numbers of samples: [${n}, ${labels.length}]`);
  return stratifiedSplit(labels, nTrain, nTest, gen);
}

/** Options of `trainValTestSplit`: like `SplitOptions`, plus the validation part's size. */
export interface ThreeWaySplitOptions extends Omit<SplitOptions, "trainSize"> {
  /** Fraction of all samples in (0, 1), or number of validation samples. Default 0.25 of all samples. */
  valSize?: number;
}

const THREE_WAY_SPLIT_OPTIONS = optionNames<ThreeWaySplitOptions>({ testSize: true, valSize: true, shuffle: true, stratify: true, generator: true, seed: true });

/** Train, validation and test parts. */
export interface TrainValTestSplit<X, Y> extends TrainTestSplit<X, Y> {
  xVal: X;
  yVal: Y;
}

/**
 * Split into train, validation and test parts: the test part is split off
 * first, then the validation part from the rest. Both sizes are fractions of
 * (or counts out of) all samples.
 */
export function trainValTestSplit<X extends Rows, Y extends Rows>(x: X, y: Y, options: ThreeWaySplitOptions = {}): TrainValTestSplit<X, Y> {
  checkOptions("trainValTestSplit", options, THREE_WAY_SPLIT_OPTIONS);
  const n = sameRows(x, y);
  const { valSize = 0.25, testSize = 0.25, stratify, ...rest } = options;
  const gen = generatorFrom(options);
  const outer = trainTestSplitIndices(n, { ...rest, testSize, stratify, generator: gen });
  const nVal = valSize < 1 ? Math.ceil(valSize * n) : valSize;
  const inner = trainTestSplitIndices(outer.train.length, {
    ...rest,
    testSize: nVal,
    stratify: stratify === undefined ? undefined : takeRows(labelsOf(stratify, "stratify") as Rows, outer.train),
    generator: gen,
  });
  const train = takeRows(outer.train, inner.train);
  const val = takeRows(outer.train, inner.test);
  return {
    xTrain: takeRows(x, train),
    xVal: takeRows(x, val),
    xTest: takeRows(x, outer.test),
    yTrain: takeRows(y, train),
    yVal: takeRows(y, val),
    yTest: takeRows(y, outer.test),
  };
}

function sameRows(x: Rows, y: Rows): number {
  const n = numRows(x);
  if (numRows(y) !== n) throw new Error(`Found input variables with inconsistent numbers of samples: [${n}, ${numRows(y)}]`);
  return n;
}

/** Train and test sizes as scikit-learn's `_validate_shuffle_split` computes them. */
function splitSizes(n: number, testSize: number | undefined, trainSize: number | undefined): [number, number] {
  if (testSize === undefined && trainSize === undefined) testSize = 0.25;
  checkSize("test_size", testSize, n);
  checkSize("train_size", trainSize, n);
  if (testSize !== undefined && trainSize !== undefined && testSize < 1 && trainSize < 1 && testSize + trainSize > 1) {
    throw new Error(`The sum of test_size and train_size = ${testSize + trainSize}, should be in the (0, 1) range. Reduce test_size and/or train_size.`);
  }
  let nTest = testSize === undefined ? undefined : testSize < 1 ? Math.ceil(testSize * n) : testSize;
  let nTrain = trainSize === undefined ? undefined : trainSize < 1 ? Math.floor(trainSize * n) : trainSize;
  nTrain ??= n - (nTest as number);
  nTest ??= n - nTrain;
  if (nTrain + nTest > n) {
    throw new Error(`The sum of train_size and test_size = ${nTrain + nTest}, should be smaller than the number of samples ${n}. Reduce test_size and/or train_size.`);
  }
  if (nTrain === 0) {
    throw new Error(`With n_samples=${n}, test_size=${testSize} and train_size=${trainSize}, the resulting train set will be empty. Adjust any of the aforementioned parameters.`);
  }
  return [nTrain, nTest];
}

function checkSize(name: string, size: number | undefined, n: number): void {
  if (size === undefined) return;
  const fraction = size > 0 && size < 1;
  const count = Number.isInteger(size) && size > 0 && size < n;
  if (!fraction && !count) {
    throw new Error(`${name}=${size} should be either positive and smaller than the number of samples ${n} or a float in the (0, 1) range`);
  }
}

function stratifiedSplit(labels: ArrayLike<number | string>, nTrain: number, nTest: number, gen: Generator): SplitIndices {
  const { classes, codes, counts } = encodeClasses(labels);
  if (Math.min(...counts) < 2) {
    throw new Error("The least populated class in y has only 1 member, which is too few. The minimum number of groups for any class cannot be less than 2.");
  }
  if (nTrain < classes.length) throw new Error(`The train_size = ${nTrain} should be greater or equal to the number of classes = ${classes.length}`);
  if (nTest < classes.length) throw new Error(`The test_size = ${nTest} should be greater or equal to the number of classes = ${classes.length}`);
  const trainCounts = approximateMode(counts, nTrain, gen);
  const remaining = counts.map((c, i) => c - trainCounts[i]);
  const testCounts = approximateMode(remaining, nTest, gen);
  const members = classMembers(codes, counts);
  const train: number[] = [];
  const test: number[] = [];
  members.forEach((rows, c) => {
    gen.shuffle(rows);
    for (let i = 0; i < trainCounts[c]; i++) train.push(rows[i]);
    for (let i = trainCounts[c]; i < trainCounts[c] + testCounts[c]; i++) test.push(rows[i]);
  });
  return { train: gen.shuffle(Int32Array.from(train)), test: gen.shuffle(Int32Array.from(test)) };
}

/**
 * Per-class draw counts closest to the class proportions that add up to
 * `draws` (scikit-learn's `_approximate_mode`): floors first, then one more
 * for the largest remainders, ties broken at random.
 */
function approximateMode(counts: ArrayLike<number>, draws: number, gen: Generator): Int32Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  const continuous = Array.from(counts, (c) => (c / total) * draws);
  const out = Int32Array.from(continuous, Math.floor);
  let needToAdd = draws - out.reduce((a, b) => a + b, 0);
  const remainder = continuous.map((c, i) => c - out[i]);
  const values = [...new Set(remainder)].sort((a, b) => b - a);
  for (const value of values) {
    if (needToAdd <= 0) break;
    const tied = Int32Array.from(remainder.flatMap((r, i) => (r === value ? [i] : [])));
    const addNow = Math.min(tied.length, needToAdd);
    gen.shuffle(tied);
    for (let i = 0; i < addNow; i++) out[tied[i]]++;
    needToAdd -= addNow;
  }
  return out;
}

/** Row indices of each class, ascending. */
function classMembers(codes: Int32Array, counts: Int32Array): Int32Array[] {
  const members = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(counts.length);
  for (let i = 0; i < codes.length; i++) members[codes[i]][fill[codes[i]]++] = i;
  return members;
}

/** The integers start..stop-1. */
export function range(start: number, stop: number): Int32Array {
  return Int32Array.from({ length: Math.max(0, stop - start) }, (_, i) => start + i);
}
