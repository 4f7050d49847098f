import type { Module } from "../nn/module.js";
import type { Optimizer } from "../optim/optimizer.js";
import type { ClippingSetting } from "./grad_clip.js";
import type { History } from "./history.js";

/** Per-epoch values handed to callbacks: `loss`, `val_loss`, `val_auc`, `lr`, … */
export type Logs = Record<string, number>;

/** What a hook may return: `"stop"` ends training after the current epoch (or batch). */
export type HookResult = void | "stop" | Promise<void | "stop">;

/**
 * What `onNonFiniteLoss` may return: `"retry"` after `ctx.restore()` (the loop
 * resumes from the restored epoch), `"stop"` to end training without error,
 * nothing to let `fit` throw.
 */
export type NonFiniteResult = void | "retry" | "stop" | Promise<void | "retry" | "stop">;

/** The running training loop as callbacks see it. */
export interface TrainingContext {
  readonly model: Module;
  readonly optimizer: Optimizer;
  readonly history: History;
  /** Total number of epochs requested. */
  readonly epochs: number;
  /** Current epoch (0-based). */
  readonly epoch: number;
  /** Batches per training epoch. */
  readonly stepsPerEpoch: number;
  /** The gradient clipping the run applies before each step (`fit`'s `clipGradNorm` or `clipGradValue`), or undefined. */
  readonly gradientClipping?: ClippingSetting;
  /** Set to true to stop after the current batch; `stopReason` says why. */
  stopTraining: boolean;
  stopReason?: string;
  /** A checkpoint of the whole training state after the epochs completed so far (call it from `onTrainBegin` or `onCheckpoint`). */
  checkpoint(): Uint8Array;
  /**
   * Put every part back as `checkpoint()` saved it (model, optimizer,
   * scheduler, generators, loader position, callbacks' state, history); the
   * loop continues from the restored epoch once the running hook returns
   * `"retry"`. Returns the number of completed epochs restored.
   */
  restore(checkpoint: Uint8Array | ArrayBuffer): number;
}

/** Running values of one training batch. The object is reused between batches: copy what you keep. */
export interface BatchLogs {
  /** Mean loss of this batch. */
  loss: number;
  /** Rows in this batch. */
  size: number;
  /** Learning rate used by this step. */
  lr: number;
}

/**
 * A training callback: any object with some of these hooks (all optional).
 * A hook may return `"stop"` or set `ctx.stopTraining`. Callbacks with
 * `stateDict`/`loadStateDict` have their state saved in checkpoints, so a
 * resumed run continues to count patience exactly where it stopped.
 */
export interface Callback {
  onTrainBegin?(ctx: TrainingContext): HookResult;
  onEpochBegin?(epoch: number, ctx: TrainingContext): HookResult;
  onBatchEnd?(batch: number, logs: BatchLogs, ctx: TrainingContext): HookResult;
  onEpochEnd?(epoch: number, logs: Logs, ctx: TrainingContext): HookResult;
  /** Runs after every callback's `onEpochEnd`, when the epoch's state is final: where checkpoints are taken. */
  onCheckpoint?(epoch: number, logs: Logs, ctx: TrainingContext): HookResult;
  onTrainEnd?(ctx: TrainingContext): HookResult;
  /**
   * The training loss of a batch came out NaN or infinite (before its
   * backward pass). Return `"retry"` after `ctx.restore()`, or `"stop"`;
   * when no callback handles it, `fit` throws.
   */
  onNonFiniteLoss?(epoch: number, batch: number, value: number, ctx: TrainingContext): NonFiniteResult;
  stateDict?(): unknown;
  loadStateDict?(state: unknown): void;
}

/** Whether a higher value of a metric is better, from its name (`auto` modes). */
export function higherIsBetter(metric: string): boolean {
  return /(acc|auc|precision|recall|f1|r2)/.test(metric.replace(/^val_/, ""));
}

/** Look up the monitored value, naming what is available when it is missing. */
export function monitored(logs: Logs, name: string, who: string): number {
  const v = logs[name];
  if (v === undefined) {
    throw new Error(`wasmtune: ${who} monitors "${name}" but the epoch logs have ${Object.keys(logs).map((k) => `"${k}"`).join(", ")}`);
  }
  return v;
}
