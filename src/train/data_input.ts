import { DataLoader } from "../data/loader.js";
import { TensorDataset } from "../data/dataset.js";
import type { Dataset } from "../data/dataset.js";
import type { ArrayInput } from "../data/host.js";

/** Training or validation data: a loader, a dataset, or features and targets. */
export type DataInput = DataLoader | Dataset | { x: ArrayInput; y: ArrayInput };

/** Batching options `fit`/`evaluate` apply when they build the loader themselves. */
export interface LoaderOptions {
  batchSize: number;
  shuffle: boolean;
  seed?: number;
}

/** A loader to iterate and how to free what was built for it. */
export interface OwnedLoader {
  loader: DataLoader;
  /** Free the loader and dataset built here (a loader passed in is left alone). */
  release(): void;
}

/** `data` itself when it is a loader, else a new loader (and dataset) over it. */
export function toLoader(data: DataInput, options: LoaderOptions): OwnedLoader {
  if (data instanceof DataLoader) return { loader: data, release: () => {} };
  const dataset = "features" in data ? data : new TensorDataset(data.x, data.y);
  const loader = new DataLoader(dataset, options);
  return {
    loader,
    release: () => {
      loader.dispose();
      if (dataset !== data) (dataset as TensorDataset).dispose();
    },
  };
}
