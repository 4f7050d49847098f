import { l1Grad } from "../kernels/optim.js";
import type { Module } from "../nn/module.js";
import type { Parameter } from "../nn/parameter.js";
import type { Optimizer } from "../optim/optimizer.js";
import { rt } from "../runtime/wasm.js";
import { defaultGenerator } from "../random/generator.js";
import type { Generator } from "../random/generator.js";
import type { BatchLogs, Callback, HookResult, Logs, TrainingContext } from "./callback.js";
import { monitored } from "./callback.js";
import { loadCheckpoint, saveCheckpoint } from "./checkpoint.js";
import type { CheckpointParts, Stateful } from "./checkpoint.js";
import { toLoader } from "./data_input.js";
import type { DataInput, OwnedLoader } from "./data_input.js";
import type { DataLoader } from "../data/loader.js";
import type { Transform } from "../data/transforms/transform.js";
import type { ImageShape } from "../data/transforms/image_shape.js";
import { Evaluator } from "./evaluate.js";
import { History } from "./history.js";
import type { LossFn } from "./loss_fn.js";
import { TrainingStep } from "./step.js";
import { clippingSetting, gradientClipper } from "./grad_clip.js";
import type { ClippingSetting, FitClipGradNorm } from "./grad_clip.js";
import { resolveMetrics } from "./metrics.js";
import type { MetricSpec } from "./metrics.js";
import { OutputCollector } from "./outputs.js";
import { ProgressReporter } from "./progress.js";
import { defaultSchedulerStep, isPlateau } from "./scheduler_step.js";
import type { AnyScheduler } from "./scheduler_step.js";
import { checkOptions, optionNames } from "../options.js";

/** Options of `fit`. */
export interface FitOptions {
  loss: LossFn;
  optimizer: Optimizer;
  /** LR scheduler, stepped per batch or per epoch (see `schedulerStep`). */
  scheduler?: AnyScheduler;
  /**
   * When to call `scheduler.step()`. Default: `"batch"` for OneCycleLR,
   * CyclicLR and NoamLR, `"epoch"` otherwise. ReduceLROnPlateau is stepped
   * per epoch with the value named by `schedulerMonitor`.
   */
  schedulerStep?: "batch" | "epoch";
  /** Logged value given to ReduceLROnPlateau. Default `"val_loss"` with validation data, else `"loss"`. */
  schedulerMonitor?: string;
  /** Training data: a `DataLoader` (used as is), a dataset, or `{ x, y }`. */
  train: DataInput;
  /** Validation data, evaluated after every epoch in eval mode without gradients; logged as `val_*`. */
  val?: DataInput;
  /** Total number of epochs (including those before a resumed checkpoint). */
  epochs: number;
  /** Rows per batch when `fit` builds the loader. Default 32. */
  batchSize?: number;
  /** Reshuffle the training rows every epoch when `fit` builds the loader. Default true. */
  shuffle?: boolean;
  /** Seed of the shuffling generator when `fit` builds the loader. */
  seed?: number;
  /**
   * Augment the training batches with this `data.transforms` transform when
   * `fit` builds the loader (validation data is never transformed); its draws
   * come from the loader's generator, which checkpoints save.
   */
  transform?: Transform;
  /** How `transform` reads a row of features as an image `[C, H, W]`, for flat rows. */
  imageShape?: ImageShape;
  callbacks?: Callback[];
  /** Metrics logged per epoch for training and validation data (`accuracy`, `val_accuracy`, …). */
  metrics?: MetricSpec[];
  /** Print progress (adds a `ProgressReporter`). Default false. */
  verbose?: boolean;
  /** Continue from a checkpoint written by `ModelCheckpoint` (or `ctx.checkpoint()`), as any `Uint8Array` view (a Node `Buffer`) or an `ArrayBuffer`. */
  resume?: Uint8Array | ArrayBuffer;
  /** Further generators to save in checkpoints (the default generator always is). */
  generators?: Record<string, Generator>;
  /**
   * L1 penalty λ: every step trains on loss + λ·Σ|w| over the model's
   * parameters, adding λ·sign(w) to each gradient before the optimizer step
   * (the logged `loss` stays the data loss). Default 0.
   */
  l1?: number;
  /**
   * Clip the gradients of all the model's parameters together after every
   * backward pass, before the optimizer step, as `torch.nn.utils.clip_grad_norm_`
   * (`optim.clipGradNorm`): a number is `maxNorm` with the 2-norm, an object
   * also takes `normType` and `errorIfNonfinite`. PyTorch Lightning's
   * `gradient_clip_val` with `gradient_clip_algorithm="norm"`.
   */
  clipGradNorm?: number | FitClipGradNorm;
  /**
   * Clamp every gradient element of the model's parameters into
   * [−v, v] after every backward pass, before the optimizer step, as
   * `torch.nn.utils.clip_grad_value_` (`optim.clipGradValue`); Lightning's
   * `gradient_clip_algorithm="value"`. Not together with `clipGradNorm`.
   */
  clipGradValue?: number;
}

const FIT_OPTIONS = optionNames<FitOptions>({
  loss: true, optimizer: true, scheduler: true, schedulerStep: true, schedulerMonitor: true, train: true, val: true, epochs: true,
  batchSize: true, shuffle: true, seed: true, transform: true, imageShape: true, callbacks: true, metrics: true, verbose: true, resume: true, generators: true, l1: true,
  clipGradNorm: true, clipGradValue: true,
});

/**
 * Apply a hook's result: `"stop"` sets `stopTraining`. Synchronous results
 * are handled at once and return undefined, so per-batch hooks cost no
 * promise; only async hooks are awaited.
 */
function settle(result: HookResult, ctx: { stopTraining: boolean }): Promise<void> | undefined {
  if (result instanceof Promise) return result.then((r) => settle(r, ctx));
  if (result === "stop") ctx.stopTraining = true;
  return undefined;
}

/**
 * Ask the callbacks, in order, what to do about a non-finite training loss:
 * the first that answers decides. `"retry"` is only accepted after the
 * callback restored a checkpoint (otherwise the same NaN would come back).
 */
async function nonFiniteLoss(callbacks: Callback[], epoch: number, batch: number, value: number, ctx: TrainingContext, restores: () => number): Promise<"retry" | "stop" | undefined> {
  for (const c of callbacks) {
    if (!c.onNonFiniteLoss) continue;
    const before = restores();
    const answer = await c.onNonFiniteLoss(epoch, batch, value, ctx);
    if (answer === "retry" && restores() === before) throw new Error('wasmtune: a callback\'s onNonFiniteLoss returned "retry" without calling ctx.restore()');
    if (answer === "retry" || answer === "stop") return answer;
  }
  return undefined;
}

/** The L1 penalty's gradient, λ·sign(w), added to every parameter's gradient. */
function addL1Gradients(params: readonly Parameter[], lambda: number): void {
  const k = rt().k;
  for (const p of params) l1Grad(k, { w: p.data.ptr, g: p.grad.ptr, lambda, n: p.size });
}

function checkFitOptions(o: FitOptions): void {
  checkOptions("fit", o, FIT_OPTIONS, ["loss", "optimizer", "train", "epochs"]);
  if (!Number.isInteger(o.epochs) || o.epochs < 0) throw new Error(`wasmtune: epochs must be a non-negative integer, got ${o.epochs}`);
  if (o.l1 !== undefined && !(typeof o.l1 === "number" && o.l1 >= 0 && Number.isFinite(o.l1))) throw new RangeError(`wasmtune: l1 must be a non-negative number, got ${String(o.l1)}`);
  if (o.scheduler && o.schedulerStep === "batch" && isPlateau(o.scheduler)) throw new Error("wasmtune: ReduceLROnPlateau needs a metric and is stepped per epoch; drop schedulerStep: 'batch'");
  if (o.schedulerStep !== undefined && o.schedulerStep !== "batch" && o.schedulerStep !== "epoch") {
    throw new Error(`wasmtune: schedulerStep must be "batch" or "epoch", got "${String(o.schedulerStep)}"`);
  }
}

/**
 * Train `model` for `epochs` epochs, like Keras' `fit` over PyTorch's
 * training step: per batch `zeroGrad → forward → loss → backward → step`
 * (and the scheduler when it steps per batch); per epoch the mean training
 * loss and metrics, validation loss and metrics in eval mode, the scheduler,
 * then the callbacks. Returns the `History`.
 *
 * A model of built-in layers runs their explicit passes. A model that is or
 * holds a user module (one defining only `forward`) trains through autograd:
 * per batch `loss.call(out, target).backward()`, each step inside `tidy`, so
 * memory stays flat; validation runs under `noGrad`.
 */
export async function fit(model: Module, options: FitOptions): Promise<History> {
  checkFitOptions(options);
  const clipping = clippingSetting(options);
  const batchSize = options.batchSize ?? 32;
  const { seed, loss, transform, imageShape } = options;
  const train = toLoader(options.train, { name: "training data", batchSize, shuffle: options.shuffle ?? true, seed, loss, transform, imageShape });
  let val: OwnedLoader | undefined;
  try {
    val = options.val === undefined ? undefined : toLoader(options.val, { name: "validation data", batchSize, shuffle: false, loss: options.loss });
    return await trainLoop(model, options, train.loader, val?.loader, clipping);
  } finally {
    train.release();
    val?.release();
  }
}

async function trainLoop(
  model: Module,
  options: FitOptions,
  loader: DataLoader,
  valLoader: DataLoader | undefined,
  clipping: ClippingSetting | undefined,
): Promise<History> {
  const { loss, optimizer, scheduler } = options;
  const l1 = options.l1 ?? 0;
  const clip = clipping && gradientClipper(clipping);
  const params = l1 || clip ? model.parameters() : [];
  const metrics = resolveMetrics(options.metrics ?? []);
  const callbacks: Callback[] = [...(options.callbacks ?? []), ...(options.verbose ? [new ProgressReporter()] : [])];
  const stepMode = options.schedulerStep ?? (scheduler ? defaultSchedulerStep(scheduler) : "epoch");
  const monitor = options.schedulerMonitor ?? (valLoader ? "val_loss" : "loss");

  const extras: Record<string, Stateful> = {};
  callbacks.forEach((c, i) => {
    if (c.stateDict && c.loadStateDict) extras[`callback${i}`] = c as Stateful;
  });
  const parts: CheckpointParts = {
    model,
    optimizer,
    scheduler,
    generators: { default: defaultGenerator, ...options.generators },
    loaders: { train: loader },
    extras,
  };
  const history = new History();
  // Epochs completed: what a checkpoint taken now records and a restore returns to.
  let completed = 0;
  let restores = 0;
  const restore = (bytes: Uint8Array | ArrayBuffer): number => {
    const info = loadCheckpoint(bytes, parts);
    if (info.history) history.load(info.history);
    restores++;
    return (completed = info.epoch);
  };
  const start = options.resume ? restore(options.resume) : 0;
  const ctx: TrainingContext & { epoch: number } = {
    model,
    optimizer,
    history,
    epochs: options.epochs,
    epoch: start,
    stepsPerEpoch: loader.length,
    gradientClipping: clipping,
    stopTraining: false,
    checkpoint: () => saveCheckpoint(parts, { epoch: completed, history: history.toJSON() }),
    restore,
  };
  const evaluator = valLoader ? new Evaluator(loss, metrics) : undefined;
  const collector = new OutputCollector();
  const rowsPerEpoch = loader.dataset.length;
  const step = new TrainingStep(model, loss, metrics.length > 0 ? (out, target) => collector.add(out, target, rowsPerEpoch) : undefined);
  const batchLogs: BatchLogs = { loss: 0, size: 0, lr: 0 };

  model.train();
  for (const c of callbacks) await settle(c.onTrainBegin?.(ctx), ctx);
  epochs: for (let epoch = start; epoch < options.epochs && !ctx.stopTraining; epoch++) {
    ctx.epoch = epoch;
    for (const c of callbacks) await settle(c.onEpochBegin?.(epoch, ctx), ctx);
    collector.reset();
    let sum = 0;
    let rows = 0;
    let b = 0;
    for (const batch of loader) {
      if (batch.y === undefined) throw new Error("wasmtune: the training data has no targets");
      optimizer.zeroGrad();
      const l = step.run(batch.x, batch.y);
      if (!Number.isFinite(l)) {
        const action = await nonFiniteLoss(callbacks, epoch, b, l, ctx, () => restores);
        if (action === "stop") break epochs;
        if (action === undefined) throw step.refused ?? new Error(`wasmtune: the training loss became ${l} at epoch ${epoch + 1}, batch ${b + 1}; lower the learning rate or check the data`);
        epoch = completed - 1; // the loop's epoch++ resumes at the restored epoch
        continue epochs;
      }
      if (l1) addL1Gradients(params, l1);
      // After the penalty's gradient, as PyTorch clips what backward of loss + λ·Σ|w| produced.
      clip?.(params);
      const lr = optimizer.paramGroups[0].lr;
      optimizer.step();
      history.lr.push(lr);
      if (scheduler && stepMode === "batch" && !isPlateau(scheduler)) scheduler.step();
      sum += l * batch.size;
      rows += batch.size;
      batchLogs.loss = l;
      batchLogs.size = batch.size;
      batchLogs.lr = lr;
      for (const c of callbacks) {
        const pending = c.onBatchEnd && settle(c.onBatchEnd(b, batchLogs, ctx), ctx);
        if (pending) await pending;
      }
      b++;
      if (ctx.stopTraining) break;
    }
    const logs: Logs = { loss: sum / rows };
    for (const m of metrics) logs[m.name] = m.compute(collector.targets(), collector.outputs(), collector.cols);
    if (evaluator && valLoader) Object.assign(logs, evaluator.run(model, valLoader, "val_"));
    if (scheduler && stepMode === "epoch") {
      if (isPlateau(scheduler)) scheduler.step(monitored(logs, monitor, "ReduceLROnPlateau"));
      else scheduler.step();
    }
    history.addEpoch(epoch, logs);
    completed = epoch + 1;
    for (const c of callbacks) await settle(c.onEpochEnd?.(epoch, logs, ctx), ctx);
    // Checkpoints are taken once every callback has updated its state for this epoch.
    for (const c of callbacks) await settle(c.onCheckpoint?.(epoch, logs, ctx), ctx);
  }
  for (const c of callbacks) await settle(c.onTrainEnd?.(ctx), ctx);
  return history;
}
