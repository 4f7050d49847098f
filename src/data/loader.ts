import { gatherRows } from "../kernels/gather.js";
import { rt } from "../runtime/wasm.js";
import { Tensor, workspace } from "../tensor.js";
import { Generator, defaultGenerator } from "../random/generator.js";
import type { GeneratorState } from "../random/generator.js";
import type { Dataset } from "./dataset.js";
import { checkOptions, optionNames } from "../options.js";
import { Transform } from "./transforms/transform.js";
import { BatchTransformer } from "./transforms/runner.js";
import { imageLayout } from "./transforms/image_shape.js";
import type { ImageLayout, ImageShape } from "./transforms/image_shape.js";

/** Options of `DataLoader`, named as in `torch.utils.data.DataLoader`. */
export interface DataLoaderOptions {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /** Draw a new permutation of the samples every epoch (default false). */
  shuffle?: boolean;
  /** Drop the last batch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /** Shuffle from a private generator seeded with this. */
  seed?: number;
  /**
   * Shuffle from this generator instead (shared stream). Without `seed` or
   * `generator` a private generator is seeded from the default generator, so
   * `manualSeed()` makes runs reproducible.
   */
  generator?: Generator;
  /**
   * Augment every batch with this `data.transforms` transform, each image
   * with its own parameters drawn from the loader's generator (after the
   * epoch's permutation, image after image). For training loaders only.
   */
  transform?: Transform;
  /** How `transform` reads a row of features as an image `[C, H, W]`, when the rows are not shaped so already (flat CSV rows). */
  imageShape?: ImageShape;
}

const DATA_LOADER_OPTIONS = optionNames<DataLoaderOptions>({ batchSize: true, shuffle: true, dropLast: true, seed: true, generator: true, transform: true, imageShape: true });

/** A loader's position, for checkpoints: restoring it replays the same permutations and batches. */
export interface DataLoaderState {
  /** Completed epochs. */
  epoch: number;
  /** Batches already produced in the epoch in progress (0 between epochs). */
  batch: number;
  /** Generator state from which the current (or next) epoch's permutation is drawn. */
  generator: GeneratorState;
  /**
   * With a transform, inside an epoch: the generator state the next batch's
   * transform draws from, so a resumed epoch augments as the interrupted one would have.
   */
  stream?: GeneratorState;
}

/**
 * One mini-batch. The loader reuses this object and its tensors: they are
 * overwritten by the next batch, so copy what you keep.
 */
export interface Batch {
  /** Features `[size, ...]`. */
  x: Tensor;
  /** Targets `[size, ...]`, or `undefined` for a dataset without targets. */
  y: Tensor | undefined;
  /** Rows in this batch (`batchSize`, or fewer for the last one). */
  size: number;
  /** Position of this batch in the epoch, from 0. */
  index: number;
}

/** Batch buffers of one batch size and their shapes, kept between epochs. */
interface Slot {
  batch: Batch | undefined;
  /** The gathered features, before the transform. */
  raw: Tensor | undefined;
  /** The transform with its buffers for this batch size. */
  runner: BatchTransformer | undefined;
  xShape: number[];
  yShape: number[];
}

/**
 * Iterates a dataset in mini-batches, like `torch.utils.data.DataLoader`:
 * every `for (const batch of loader)` is one epoch, reshuffled (when
 * `shuffle`) from the loader's generator.
 *
 * Rows are gathered by index straight into reusable batch tensors in linear
 * memory by a WebAssembly kernel. After the first epoch no memory is
 * allocated, in WebAssembly or (per batch) in JavaScript.
 *
 * With a `transform`, each batch's features are augmented after gathering;
 * the draws come from the loader's generator, whose state `getState` saves,
 * so a checkpoint resumes the same augmented batches.
 */
export class DataLoader implements Iterable<Batch> {
  readonly dataset: Dataset;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly generator: Generator;
  /** The augmentation applied to every batch's features, if any. */
  readonly transform: Transform | undefined;
  private readonly layout: ImageLayout | undefined;
  private resumeStream: GeneratorState | undefined;
  private epoch = 0;
  private produced = 0;
  private inEpoch = false;
  private resumeAt = 0;
  private epochStart: GeneratorState;
  private readonly order: Tensor;
  private readonly full: Slot;
  private readonly tail: Slot;

  constructor(dataset: Dataset, options: DataLoaderOptions = {}) {
    checkOptions("DataLoader", options, DATA_LOADER_OPTIONS);
    const { batchSize = 1, shuffle = false, dropLast = false } = options;
    if (!Number.isInteger(batchSize) || batchSize <= 0) {
      throw new Error(`batch_size should be a positive integer value, but got batch_size=${batchSize}`);
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.generator = options.generator ?? new Generator(options.seed ?? defaultGenerator.nextUint32());
    const { transform, imageShape } = options;
    if (transform !== undefined && !(transform instanceof Transform)) throw new TypeError(`wasmtune: DataLoader: transform must be a data.transforms transform, got ${String(transform)}`);
    if (imageShape !== undefined && transform === undefined) throw new Error("wasmtune: DataLoader: imageShape is only used by a transform; pass transform too");
    if (transform !== undefined && dataset.features.dtype !== "float32") throw new TypeError(`wasmtune: DataLoader: a transform needs float32 features, got ${dataset.features.dtype}`);
    this.transform = transform;
    this.layout = transform && imageLayout("DataLoader", dataset.features.shape, imageShape);
    if (transform && this.layout) transform.outputShape(this.layout.shape); // refuse an image the transform cannot take now, not at the first batch
    this.epochStart = this.generator.getState();
    this.order = Tensor.empty([dataset.length], "int32");
    this.full = slot(dataset, batchSize);
    this.tail = slot(dataset, dataset.length % batchSize);
  }

  /** Batches per epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** Start an epoch (or resume the one saved by `setState`). */
  [Symbol.iterator](): Iterator<Batch> {
    this.beginEpoch();
    const result = { value: undefined as unknown as Batch, done: false };
    const last = this.length;
    return {
      next: () => {
        if (this.produced >= last) {
          this.endEpoch();
          result.done = true;
          return result as IteratorResult<Batch>;
        }
        result.value = this.load(this.produced++);
        return result as IteratorResult<Batch>;
      },
      return: () => {
        // Leaving the loop early ends the epoch, as in PyTorch.
        if (this.inEpoch) this.endEpoch();
        result.done = true;
        return result as IteratorResult<Batch>;
      },
    };
  }

  /** The loader's position, for checkpoints. */
  getState(): DataLoaderState {
    const batch = this.inEpoch ? this.produced : this.resumeAt;
    const state: DataLoaderState = {
      epoch: this.epoch,
      batch,
      generator: this.inEpoch || this.resumeAt > 0 ? this.epochStart.slice() as GeneratorState : this.generator.getState(),
    };
    const stream = this.inEpoch ? this.generator.getState() : this.resumeStream;
    if (this.transform && batch > 0 && stream) state.stream = stream.slice() as GeneratorState;
    return state;
  }

  /** Restore a position from `getState()`: the next iteration replays that epoch from that batch. */
  setState(state: DataLoaderState): void {
    if (!Number.isInteger(state.epoch) || state.epoch < 0 || !Number.isInteger(state.batch) || state.batch < 0 || state.batch > this.length) {
      throw new Error(`wasmtune: invalid DataLoader state (epoch ${state.epoch}, batch ${state.batch}, ${this.length} batches per epoch)`);
    }
    // Checked before anything changes, so a bad state leaves the loader as it was.
    if (state.stream !== undefined) new Generator().setState(state.stream);
    this.generator.setState(state.generator);
    this.epochStart = this.generator.getState();
    this.resumeStream = state.stream?.slice() as GeneratorState | undefined;
    this.epoch = state.epoch;
    this.resumeAt = state.batch;
    this.inEpoch = false;
  }

  /** Free the batch buffers and the index list. */
  dispose(): void {
    for (const slot of [this.full, this.tail]) {
      slot.raw?.dispose();
      slot.runner?.dispose();
      slot.batch?.y?.dispose();
      slot.batch = slot.raw = slot.runner = undefined;
    }
    this.order.dispose();
  }

  private beginEpoch(): void {
    this.epochStart = this.generator.getState();
    const order = this.order.data;
    for (let i = 0; i < order.length; i++) order[i] = i;
    if (this.shuffle) this.generator.shuffle(order);
    // Resuming inside an epoch: the transform continues from where its draws had got to.
    if (this.resumeStream) this.generator.setState(this.resumeStream);
    this.resumeStream = undefined;
    this.produced = this.resumeAt;
    this.resumeAt = 0;
    this.inEpoch = true;
  }

  private endEpoch(): void {
    if (!this.inEpoch) return;
    this.inEpoch = false;
    this.produced = 0;
    this.epoch++;
  }

  private load(index: number): Batch {
    const { features, targets } = this.dataset;
    const start = index * this.batchSize;
    const size = Math.min(this.batchSize, this.dataset.length - start);
    const slot = size === this.batchSize ? this.full : this.tail;
    const raw = (slot.raw = workspace(slot.raw, slot.xShape, features.dtype));
    const y = targets === undefined ? undefined : workspace(slot.batch?.y, slot.yShape, targets.dtype);
    const batch = (slot.batch ??= { x: raw, y, size, index });
    batch.x = raw;
    batch.y = y;
    batch.size = size;
    batch.index = index;
    const idx = this.order.ptr + start * 4;
    gather(features, idx, size, raw);
    if (targets !== undefined && y !== undefined) gather(targets, idx, size, y);
    if (this.transform && this.layout) {
      slot.runner ??= new BatchTransformer(this.transform, this.layout, size);
      batch.x = slot.runner.run(raw, this.generator);
    }
    return batch;
  }
}

function slot(dataset: Dataset, size: number): Slot {
  const rest = (t: Tensor | undefined): number[] => [size, ...(t?.shape.slice(1) ?? [])];
  return { batch: undefined, raw: undefined, runner: undefined, xShape: rest(dataset.features), yShape: rest(dataset.targets) };
}

function gather(src: Tensor, indexPtr: number, count: number, dst: Tensor): void {
  const rowBytes = src.shape[0] === 0 ? 0 : (src.size / src.shape[0]) * 4;
  gatherRows(rt().k, { src: src.ptr, rowBytes, index: indexPtr, count, dst: dst.ptr });
}
