import type { Parameter } from "../nn/parameter.js";
import { checkOptions } from "../options.js";
import type { BatchLogs, Callback, Logs, TrainingContext } from "../train/callback.js";
import { clippingRecord } from "./checks/clip_advice.js";
import { diagnose } from "./diagnose.js";
import type { Finding } from "./finding.js";
import { ActivationProbe } from "./probes/activations.js";
import { adamRecords } from "./probes/adam_state.js";
import { l2, ParamSnapshot } from "./probes/norms.js";
import { emptyRecord } from "./record.js";
import type { DoctorRecord, EpochRecord, NonFiniteRecord } from "./record.js";

/** Options of {@link DoctorCallback}. */
export interface DoctorCallbackOptions {
  /**
   * On a NaN or infinite training loss: `"rollback"` (default) restores the
   * state of the last completed epoch, multiplies every group's learning
   * rate by `lrFactor` and carries on; `"stop"` restores it and ends
   * training; `"raise"` lets `fit` throw, as without the doctor.
   */
  onNaN?: "rollback" | "stop" | "raise";
  /** Rollbacks allowed in one run before `fit` throws after all. Default 3. */
  maxRetries?: number;
  /** Measure gradients, update ratios and activations every this many batches (the first batch of each epoch always). Default 10. */
  sampleEvery?: number;
  /** Factor applied to the learning rates on each rollback. Default 0.5. */
  lrFactor?: number;
  /** Called once per finding code as soon as the per-epoch diagnosis finds it (live warnings). */
  onFinding?: (finding: Finding) => void;
}

const KNOWN = ["onNaN", "maxRetries", "sampleEvery", "lrFactor", "onFinding"];

/** Running statistics of the current epoch, reset by `onEpochBegin`. */
interface EpochState {
  lr: number;
  batches: number;
  lossSum: number;
  lossSquares: number;
  lossMin: number;
  lossMax: number;
  gradSamples: number;
  gradSums: number[];
  stepSamples: number;
  stepSums: number[];
}

/**
 * The training doctor's recorder for `fit()`: per epoch it keeps the logs,
 * batch-loss spread, the lr, per-parameter gradient norms and update/weight
 * ratios (per epoch and per sampled step), activation saturation and dead
 * ReLU units (sampled every `sampleEvery` batches), and Adam's `eps` against
 * `sqrt(v̂)`; `record` holds it, `doctor.diagnose` reads it. A checkpoint of
 * the whole training state is kept after every epoch, so a NaN/Inf loss can
 * be rolled back (`onNaN`). Its record is part of `fit`'s checkpoints.
 */
export class DoctorCallback implements Callback {
  readonly onNaN: "rollback" | "stop" | "raise";
  readonly maxRetries: number;
  readonly sampleEvery: number;
  readonly lrFactor: number;
  /** What has been recorded so far. */
  record: DoctorRecord = emptyRecord();
  private readonly onFinding?: (finding: Finding) => void;
  private readonly reported = new Set<string>();
  private params: Parameter[] = [];
  private epochStart?: ParamSnapshot;
  private stepStart?: ParamSnapshot;
  private activations?: ActivationProbe;
  private lastGood?: Uint8Array;
  private running: EpochState = freshEpoch([], 0);

  constructor(options: DoctorCallbackOptions = {}) {
    checkOptions("DoctorCallback", options, KNOWN);
    const { onNaN = "rollback", maxRetries = 3, sampleEvery = 10, lrFactor = 0.5 } = options;
    if (onNaN !== "rollback" && onNaN !== "stop" && onNaN !== "raise") throw new RangeError(`DoctorCallback: onNaN must be "rollback", "stop" or "raise", got ${JSON.stringify(onNaN)}`);
    if (!Number.isInteger(maxRetries) || maxRetries < 0) throw new RangeError(`DoctorCallback: maxRetries must be a non-negative integer, got ${maxRetries}`);
    if (!Number.isInteger(sampleEvery) || sampleEvery < 1) throw new RangeError(`DoctorCallback: sampleEvery must be a positive integer, got ${sampleEvery}`);
    if (!(lrFactor > 0 && lrFactor < 1)) throw new RangeError(`DoctorCallback: lrFactor must be between 0 and 1, got ${lrFactor}`);
    this.onNaN = onNaN;
    this.maxRetries = maxRetries;
    this.sampleEvery = sampleEvery;
    this.lrFactor = lrFactor;
    this.onFinding = options.onFinding;
  }

  onTrainBegin(ctx: TrainingContext): void {
    const named = ctx.model.namedParameters();
    this.params = named.map(([, p]) => p);
    this.record.params = named.map(([name, p]) => ({ name, shape: p.shape.slice() }));
    // This run's setting, not one a resumed checkpoint's record carried.
    if (ctx.gradientClipping) this.record.clipping = clippingRecord(ctx.gradientClipping);
    else delete this.record.clipping;
    this.epochStart?.dispose();
    this.stepStart?.dispose();
    this.epochStart = new ParamSnapshot(this.params);
    this.stepStart = new ParamSnapshot(this.params);
    this.activations = new ActivationProbe(ctx.model);
    this.lastGood = this.onNaN === "raise" ? undefined : ctx.checkpoint();
  }

  onEpochBegin(epoch: number, ctx: TrainingContext): void {
    this.running = freshEpoch(this.params, ctx.optimizer.paramGroups[0].lr);
    this.epochStart?.take();
    this.stepStart?.invalidate();
    this.activations?.reset();
  }

  onBatchEnd(batch: number, logs: BatchLogs, ctx: TrainingContext): void {
    const r = this.running;
    const first = r.batches === 0 && ctx.epoch === 0 && this.record.epochs.length === 0 && this.record.initialLoss === undefined;
    if (first) this.record.initialLoss = logs.loss;
    r.batches++;
    r.lossSum += logs.loss;
    r.lossSquares += logs.loss * logs.loss;
    r.lossMin = Math.min(r.lossMin, logs.loss);
    r.lossMax = Math.max(r.lossMax, logs.loss);
    const step = this.stepStart;
    // The step after a sampled batch is the one measured: its start was copied then.
    if (step?.valid) {
      step.ratios().forEach((v, i) => (r.stepSums[i] += v));
      r.stepSamples++;
      step.invalidate();
    }
    if (batch % this.sampleEvery !== 0) return;
    let total = 0;
    this.params.forEach((p, i) => {
      const norm = l2(p.grad.ptr, p.size);
      r.gradSums[i] += norm;
      total += norm * norm;
    });
    if (first) this.record.initialGradNorm = Math.sqrt(total);
    r.gradSamples++;
    this.activations?.sample();
    step?.take();
  }

  onEpochEnd(epoch: number, logs: Logs, ctx: TrainingContext): void {
    const r = this.running;
    const names = this.record.params.map((p) => p.name);
    const perParam = (values: number[], div: number): Record<string, number> => Object.fromEntries(names.map((n, i) => [n, values[i] / div]));
    const mean = r.lossSum / r.batches;
    const entry: EpochRecord = {
      epoch,
      lr: r.lr,
      logs: { ...logs },
      batchLoss: { min: r.lossMin, max: r.lossMax, mean, std: Math.sqrt(Math.max(0, r.lossSquares / r.batches - mean * mean)) },
      gradNorm: perParam(r.gradSums, r.gradSamples),
      updateRatio: this.epochStart?.valid ? perParam(this.epochStart.ratios(), 1) : {},
      stepUpdateRatio: r.stepSamples > 0 ? perParam(r.stepSums, r.stepSamples) : {},
      activations: this.activations?.summary() ?? [],
      adam: adamRecords(ctx.optimizer),
    };
    this.record.epochs.push(entry);
    if (this.onFinding) this.report(ctx);
  }

  onCheckpoint(_epoch: number, _logs: Logs, ctx: TrainingContext): void {
    if (this.onNaN !== "raise") this.lastGood = ctx.checkpoint();
  }

  onNonFiniteLoss(epoch: number, batch: number, value: number, ctx: TrainingContext): "retry" | "stop" | void {
    const event: NonFiniteRecord = { epoch, batch, value, action: this.onNaN };
    const rollbacks = this.record.nonFinite.filter((e) => e.action === "rollback").length;
    if (this.onNaN === "raise" || this.lastGood === undefined || (this.onNaN === "rollback" && rollbacks >= this.maxRetries)) {
      this.record.nonFinite.push({ ...event, action: "raise" });
      return undefined;
    }
    // Restoring puts this callback's own state back too; the list of events must survive it.
    const events = this.record.nonFinite.slice();
    const resumedAt = ctx.restore(this.lastGood);
    this.record.nonFinite = events;
    this.epochStart?.invalidate();
    this.stepStart?.invalidate();
    if (this.onNaN === "stop") {
      this.record.nonFinite.push({ ...event, resumedAt });
      return "stop";
    }
    const lrBefore = ctx.optimizer.paramGroups[0].lr;
    for (const g of ctx.optimizer.paramGroups) g.lr *= this.lrFactor;
    this.record.nonFinite.push({ ...event, lrBefore, lrAfter: ctx.optimizer.paramGroups[0].lr, resumedAt });
    return "retry";
  }

  onTrainEnd(ctx: TrainingContext): void {
    if (ctx.stopReason !== undefined) this.record.stopReason = ctx.stopReason;
    this.epochStart?.dispose();
    this.stepStart?.dispose();
    this.epochStart = this.stepStart = undefined;
    this.lastGood = undefined;
  }

  stateDict(): DoctorRecord {
    return structuredClone(this.record);
  }

  loadStateDict(state: unknown): void {
    this.record = structuredClone(state as DoctorRecord);
  }

  /** Run the per-epoch diagnosis and hand each new finding code to `onFinding`. */
  private report(ctx: TrainingContext): void {
    for (const f of diagnose({ history: ctx.history, record: this.record, model: ctx.model, optimizer: ctx.optimizer })) {
      if (f.severity === "info" || this.reported.has(f.code)) continue;
      this.reported.add(f.code);
      this.onFinding?.(f);
    }
  }
}

function freshEpoch(params: Parameter[], lr: number): EpochState {
  const zeros = (): number[] => params.map(() => 0);
  return { lr, batches: 0, lossSum: 0, lossSquares: 0, lossMin: Infinity, lossMax: -Infinity, gradSamples: 0, gradSums: zeros(), stepSamples: 0, stepSums: zeros() };
}
