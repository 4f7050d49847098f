import { DataLoader } from "../data/loader.js";
import { TensorDataset } from "../data/dataset.js";
import type { Dataset } from "../data/dataset.js";
import { isHostArray, numRows } from "../data/host.js";
import type { ArrayInput } from "../data/host.js";
import { BCELoss } from "../nn/loss/bce.js";
import { BCEWithLogitsLoss } from "../nn/loss/bce_with_logits.js";
import { CrossEntropyLoss } from "../nn/loss/cross_entropy.js";
import { NLLLoss } from "../nn/loss/nll.js";
import { Tensor } from "../tensor.js";
import type { Transform } from "../data/transforms/transform.js";
import type { ImageShape } from "../data/transforms/image_shape.js";

/** Training or validation data: a loader, a dataset, or features and targets. */
export type DataInput = DataLoader | Dataset | { x: ArrayInput; y: ArrayInput };

/** Batching options `fit`/`evaluate` apply when they build the loader themselves. */
export interface LoaderOptions {
  /** What the data is, for error messages ("training data"). */
  name: string;
  batchSize: number;
  shuffle: boolean;
  seed?: number;
  /** The loss the batches feed; with CrossEntropyLoss or NLLLoss, one-dimensional `y` arrays are class indices. */
  loss?: unknown;
  /** Augmentation of the batches (training data only) and how it reads rows as images. */
  transform?: Transform;
  imageShape?: ImageShape;
}

/** A loader to iterate and how to free what was built for it. */
export interface OwnedLoader {
  loader: DataLoader;
  /** Free the loader and dataset built here (a loader passed in is left alone). */
  release(): void;
}

/**
 * `data` itself when it is a loader, else a new loader (and dataset) over it.
 * Data without rows, and text targets, are refused: they would give NaN
 * losses or an error about shapes or NaN that does not say what is wrong.
 */
export function toLoader(data: DataInput, options: LoaderOptions): OwnedLoader {
  const rows = data instanceof DataLoader ? data.dataset.length : "features" in data ? data.length : numRows(data.x);
  if (rows === 0) throw new Error(`wasmtune: the ${options.name} has no rows`);
  if (data instanceof DataLoader) {
    if (options.transform !== undefined || options.imageShape !== undefined) {
      throw new Error(`wasmtune: the ${options.name} is a DataLoader, which brings its own batches: pass transform (and imageShape) to the DataLoader instead`);
    }
    return { loader: data, release: () => {} };
  }
  if (!("features" in data)) checkTargets(data, options);
  const dataset = "features" in data ? data : new TensorDataset(data.x, data.y, { targetDtype: targetDtype(data.y, options.loss) });
  const { batchSize, shuffle, seed, transform, imageShape } = options;
  const loader = new DataLoader(dataset, { batchSize, shuffle, seed, transform, imageShape });
  return {
    loader,
    release: () => {
      loader.dispose();
      if (dataset !== data) (dataset as TensorDataset).dispose();
    },
  };
}

// PyTorch's class-index losses take integer targets; labels given as plain
// numbers (`[3, 0, 7, …]`, a Float64Array) mean indices there, so they become
// int32 (and are checked to be whole and non-negative) instead of float32.
// Tensors are used as they are, and 2-D targets are class probabilities.
function targetDtype(y: ArrayInput, loss: unknown): "int32" | undefined {
  const takesIndices = loss instanceof CrossEntropyLoss || loss instanceof NLLLoss;
  if (!takesIndices || y instanceof Tensor) return undefined;
  const oneDim = isHostArray(y) ? y.shape.length === 1 : !(Array.isArray(y) && Array.isArray(y[0]));
  return oneDim ? "int32" : undefined;
}

/** Text labels ("yes"/"no") cannot be targets: say what the loss wants instead. */
function checkTargets(data: { x: ArrayInput; y: ArrayInput }, options: LoaderOptions): void {
  const y = data.y as unknown;
  if (!Array.isArray(y)) return;
  const row = y.findIndex((v) => typeof v === "string" || (Array.isArray(v) && v.some((u) => typeof u === "string")));
  if (row < 0) return;
  const { loss } = options;
  const example = JSON.stringify(y[row]);
  const want =
    loss instanceof BCEWithLogitsLoss || loss instanceof BCELoss
      ? `${loss instanceof BCELoss ? "BCELoss" : "BCEWithLogitsLoss"} needs 0/1 numbers: map the labels first, e.g. y.map((v) => (v === ${example} ? 1 : 0))`
      : loss instanceof CrossEntropyLoss || loss instanceof NLLLoss
        ? `${loss instanceof NLLLoss ? "NLLLoss" : "CrossEntropyLoss"} needs class indices 0..C-1: number the distinct labels first`
        : "the loss needs numbers";
  throw new Error(`wasmtune: the ${options.name}'s targets are text (${example} in row ${row}); ${want} (data.readCsv turns a text label column into class indices)`);
}
