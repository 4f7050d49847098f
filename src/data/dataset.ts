import { Tensor, shapeStr } from "../tensor.js";
import type { DType } from "../tensor.js";
import { flat, isHostArray } from "./host.js";
import type { ArrayInput } from "./host.js";
import { assertFinite } from "./validate.js";
import { checkOptions, optionNames } from "../options.js";

/** What a `DataLoader` batches: row-aligned feature and (optional) target tensors in linear memory. */
export interface Dataset {
  /** Number of samples (rows). */
  readonly length: number;
  /** Features `[N, ...]`, float32. */
  readonly features: Tensor;
  /** Targets `[N]` or `[N, K]`: float32 values or int32 class indices. */
  readonly targets: Tensor | undefined;
}

/** Options of `TensorDataset`. */
export interface TensorDatasetOptions {
  /**
   * Element type of the targets. Defaults to `int32` for an `Int32Array`
   * (bare or as `{ data, shape }`) and int32 tensors (class indices),
   * `float32` for everything else.
   */
  targetDtype?: DType;
}

const TENSOR_DATASET_OPTIONS = optionNames<TensorDatasetOptions>({ targetDtype: true });

/**
 * A dataset over feature and target arrays, like `torch.utils.data.TensorDataset`.
 *
 * Arrays are copied once into linear memory (and validated: NaN/Inf and
 * negative or fractional class indices are refused, naming the row); tensors
 * are used as they are, without a copy, and stay owned by the caller.
 */
export class TensorDataset implements Dataset {
  readonly features: Tensor;
  readonly targets: Tensor | undefined;
  private readonly owned: Tensor[] = [];

  constructor(features: ArrayInput, targets?: ArrayInput, options: TensorDatasetOptions = {}) {
    checkOptions("TensorDataset", options, TENSOR_DATASET_OPTIONS);
    this.features = this.toTensor(features, "features", "float32");
    if (this.features.ndim < 2) {
      throw new Error(`wasmtune: features must be [N, F] (or more dimensions), got shape ${shapeStr(this.features.shape)}; pass nested rows or { data, shape }`);
    }
    if (targets === undefined) {
      this.targets = undefined;
      return;
    }
    const intLike = targets instanceof Int32Array || (isHostArray(targets) && targets.data instanceof Int32Array) || (targets instanceof Tensor && targets.dtype === "int32");
    this.targets = this.toTensor(targets, "targets", options.targetDtype ?? (intLike ? "int32" : "float32"));
    if (this.targets.shape[0] !== this.features.shape[0]) {
      throw new Error(`wasmtune: features ${shapeStr(this.features.shape)} and targets ${shapeStr(this.targets.shape)} have different numbers of rows`);
    }
  }

  get length(): number {
    return this.features.shape[0];
  }

  /** Free the tensors this dataset copied (tensors passed in are left alone). */
  dispose(): void {
    for (const t of this.owned) t.dispose();
  }

  private toTensor(x: ArrayInput, name: string, dtype: DType): Tensor {
    if (x instanceof Tensor) {
      if (x.dtype !== dtype) throw new Error(`wasmtune: ${name} tensor is ${x.dtype}, expected ${dtype}`);
      return x;
    }
    assertFinite(x, name);
    const f = flat(x, name);
    if (dtype === "int32") checkClassIndices(f.data, name);
    const t = Tensor.from(f.data, f.shape, dtype);
    this.owned.push(t);
    return t;
  }
}

function checkClassIndices(data: ArrayLike<number>, name: string): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isInteger(v) || v < 0 || v > 2147483647) throw new Error(`wasmtune: ${name} index ${i} is ${v}, not a class index (an integer >= 0)`);
  }
}
