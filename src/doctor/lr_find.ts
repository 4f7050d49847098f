import type { Module } from "../nn/module.js";
import type { Optimizer } from "../optim/optimizer.js";
import { checkOptions } from "../options.js";
import { defaultGenerator } from "../random/generator.js";
import type { Generator } from "../random/generator.js";
import { pow } from "../runtime/math.js";
import { loadCheckpoint, saveCheckpoint } from "../train/checkpoint.js";
import type { CheckpointParts } from "../train/checkpoint.js";
import { toLoader } from "../train/data_input.js";
import type { DataInput } from "../train/data_input.js";
import type { LossFn } from "../train/loss_fn.js";
import { TrainingStep } from "../train/step.js";
import { lrFinderSuggestions } from "./lr_suggestions.js";
import type { LrSuggestions } from "./lr_suggestions.js";

/** Options of {@link lrFind}. */
export interface LrFindOptions {
  model: Module;
  /** Training data: a `DataLoader` (used as is), a dataset, or `{ x, y }`. */
  train: DataInput;
  loss: LossFn;
  optimizer: Optimizer;
  /** Learning rate of the first batch. Default 1e-7. */
  startLr?: number;
  /** The rate the exponential ramp heads for (reached after `numIter` batches). Default 10. */
  endLr?: number;
  /** Batches to run at most (at least 6, as fastai). Default 100. */
  numIter?: number;
  /** Stop once the smoothed loss exceeds 4× its best. Default true. */
  stopDiv?: boolean;
  /** Rows per batch when `lrFind` builds the loader. Default 32. */
  batchSize?: number;
  /** Seed of the shuffling generator when `lrFind` builds the loader. */
  seed?: number;
  /** Further generators the model draws from (Dropout with its own generator), restored afterwards. */
  generators?: Record<string, Generator>;
}

/** What {@link lrFind} measured. */
export interface LrFindResult {
  /** Learning rate of each batch run. */
  lrs: number[];
  /** Each batch's loss. */
  losses: number[];
  /** The losses smoothed by an exponential moving average (β 0.98, bias-corrected), as fastai plots them. */
  smoothed: number[];
  /** fastai's suggestions from `lrs` and `smoothed`. */
  suggestions: LrSuggestions;
  /** Why the test ended: all `numIter` batches ran, the loss diverged (> 4× best), or it became NaN/Inf. */
  stop: "numIter" | "diverged" | "nonFinite";
}

const KNOWN = ["model", "train", "loss", "optimizer", "startLr", "endLr", "numIter", "stopDiv", "batchSize", "seed", "generators"];
const BETA = 0.98;

/**
 * Leslie Smith's LR range test as fastai's `lr_find`: train on batches with a
 * learning rate growing exponentially from `startLr` towards `endLr`
 * (`startLr · (endLr/startLr)^(i/numIter)` at batch i, every parameter
 * group), record each loss and its bias-corrected moving average, and stop
 * after `numIter` batches or once the average exceeds 4× its best. Then
 * everything is put back exactly as it was: weights and buffers, optimizer
 * state and learning rates, the loader's position and the generators (the
 * gradients are zeroed). A NaN or infinite loss ends the test too (fastai
 * would carry on to `numIter`; nothing after it can be suggested).
 */
export async function lrFind(options: LrFindOptions): Promise<LrFindResult> {
  checkOptions("lrFind", options, KNOWN);
  const { model, loss, optimizer, startLr = 1e-7, endLr = 10, stopDiv = true } = options;
  const numIter = Math.max(6, options.numIter ?? 100);
  if (!(startLr > 0) || !Number.isFinite(startLr)) throw new RangeError(`lrFind: startLr must be a positive number, got ${startLr}`);
  if (!(endLr > startLr) || !Number.isFinite(endLr)) throw new RangeError(`lrFind: endLr must be a finite number above startLr (${startLr}), got ${endLr}`);
  if (!Number.isInteger(numIter)) throw new RangeError(`lrFind: numIter must be an integer, got ${options.numIter}`);
  const owned = toLoader(options.train, { name: "training data", batchSize: options.batchSize ?? 32, shuffle: true, seed: options.seed, loss });
  const loader = owned.loader;
  const parts: CheckpointParts = { model, optimizer, generators: { default: defaultGenerator, ...options.generators }, loaders: { train: loader } };
  const snapshot = saveCheckpoint(parts, { epoch: 0 });
  const wasTraining = model.training;
  const step = new TrainingStep(model, loss);
  const result: LrFindResult = { lrs: [], losses: [], smoothed: [], suggestions: { valley: NaN, slide: NaN, minimum: NaN, steep: NaN }, stop: "numIter" };
  try {
    model.train();
    let avg = 0;
    let best = Infinity;
    for (let i = 0; result.lrs.length < numIter; ) {
      for (const batch of loader) {
        if (batch.y === undefined) throw new Error("lrFind: the training data has no targets");
        const lr = startLr * pow(endLr / startLr, i / numIter);
        for (const g of optimizer.paramGroups) g.lr = lr;
        optimizer.zeroGrad();
        // Forward, loss and (for a finite loss) backward; a user module trains through the tape.
        const l = step.run(batch.x, batch.y);
        avg = BETA * avg + (1 - BETA) * l;
        const smooth = avg / (1 - pow(BETA, ++i));
        result.lrs.push(lr);
        result.losses.push(l);
        result.smoothed.push(smooth);
        if (!Number.isFinite(l)) {
          result.stop = "nonFinite";
          break;
        }
        optimizer.step();
        if (smooth < best) best = smooth;
        if (stopDiv && smooth > 4 * best) {
          result.stop = "diverged";
          break;
        }
        if (i >= numIter) break;
      }
      if (result.stop !== "numIter") break;
    }
  } finally {
    loadCheckpoint(snapshot, parts);
    optimizer.zeroGrad();
    model.train(wasTraining);
    owned.release();
  }
  result.suggestions = lrFinderSuggestions(result.lrs, result.smoothed, { numIter });
  return result;
}
