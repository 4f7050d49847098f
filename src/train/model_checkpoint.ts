import { saveModel } from "../io/model_io.js";
import { writeBytes } from "../runtime/files.js";
import { higherIsBetter, monitored } from "./callback.js";
import type { Callback, Logs, TrainingContext } from "./callback.js";
import { checkOptions, optionNames } from "../options.js";

/** Options of `ModelCheckpoint`; give `path` or `save`. */
export interface ModelCheckpointOptions {
  /** File to write (server runtimes); `{epoch}` is replaced by the 1-based epoch. */
  path?: string;
  /** Receives the bytes instead of a file (browsers, workers, tests). */
  save?: (bytes: Uint8Array, epoch: number, logs: Logs) => void | Promise<void>;
  /** Logged value deciding what is "best". Default `"val_loss"`. */
  monitor?: string;
  mode?: "min" | "max" | "auto";
  /** Only save when the monitored value improves. Default false (save every epoch). */
  saveBestOnly?: boolean;
  /**
   * Save only the model (a plain safetensors state dict PyTorch can load)
   * instead of a full resumable checkpoint. Default false.
   */
  weightsOnly?: boolean;
}

const MODEL_CHECKPOINT_OPTIONS = optionNames<ModelCheckpointOptions>({ path: true, save: true, monitor: true, mode: true, saveBestOnly: true, weightsOnly: true });

/**
 * Save a checkpoint at the end of epochs: by default the full training state
 * (model, optimizer, scheduler, random generators, loader position, epoch,
 * history) that `fit({ resume })` continues from bit-identically.
 */
export class ModelCheckpoint implements Callback {
  readonly monitor: string;
  readonly mode: "min" | "max";
  readonly saveBestOnly: boolean;
  readonly weightsOnly: boolean;
  private readonly sink: (bytes: Uint8Array, epoch: number, logs: Logs) => void | Promise<void>;
  private best: number;

  constructor(options: ModelCheckpointOptions) {
    checkOptions("ModelCheckpoint", options, MODEL_CHECKPOINT_OPTIONS);
    const { path, save } = options;
    if ((path === undefined) === (save === undefined)) throw new Error("wasmtune: ModelCheckpoint needs exactly one of `path` or `save`");
    this.sink = save ?? ((bytes, epoch) => writeBytes(path!.replace("{epoch}", String(epoch + 1)), bytes));
    this.monitor = options.monitor ?? "val_loss";
    const mode = options.mode ?? "auto";
    this.mode = mode === "auto" ? (higherIsBetter(this.monitor) ? "max" : "min") : mode;
    this.saveBestOnly = options.saveBestOnly ?? false;
    this.weightsOnly = options.weightsOnly ?? false;
    this.best = this.mode === "min" ? Infinity : -Infinity;
  }

  async onCheckpoint(epoch: number, logs: Logs, ctx: TrainingContext): Promise<void> {
    if (this.saveBestOnly) {
      const v = monitored(logs, this.monitor, "ModelCheckpoint");
      if (!(this.mode === "min" ? v < this.best : v > this.best)) return;
      this.best = v;
    }
    await this.sink(this.weightsOnly ? saveModel(ctx.model) : ctx.checkpoint(), epoch, logs);
  }

  stateDict(): { best: number } {
    return { best: this.best };
  }

  loadStateDict(state: unknown): void {
    const best = (state as { best?: unknown })?.best;
    if (typeof best !== "number") throw new Error("wasmtune: ModelCheckpoint state is malformed");
    this.best = best;
  }
}
