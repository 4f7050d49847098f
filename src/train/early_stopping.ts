import type { StateDict } from "../nn/module.js";
import { higherIsBetter, monitored } from "./callback.js";
import type { Callback, HookResult, Logs, TrainingContext } from "./callback.js";
import { checkOptions, optionNames } from "../options.js";

/** Options of `EarlyStopping`. */
export interface EarlyStoppingOptions {
  /** Logged value to watch. Default `"val_loss"`. */
  monitor?: string;
  /** `"min"`, `"max"`, or `"auto"` (max for accuracy/AUC-like names). Default `"auto"`. */
  mode?: "min" | "max" | "auto";
  /** Epochs without improvement before stopping. Default 0. */
  patience?: number;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** On stopping, put back the weights of the best epoch. Default false. */
  restoreBestWeights?: boolean;
}

const EARLY_STOPPING_OPTIONS = optionNames<EarlyStoppingOptions>({ monitor: true, mode: true, patience: true, minDelta: true, restoreBestWeights: true });

interface State {
  best: number;
  bestEpoch: number;
  wait: number;
  bestWeights?: StateDict;
}

/**
 * Stop training when a monitored value has stopped improving, as Keras'
 * `EarlyStopping`: an epoch improves when it beats the best so far by more
 * than `minDelta`; after `patience` epochs in a row without improvement
 * training stops (and, with `restoreBestWeights`, the best epoch's weights
 * are loaded back). The best value and patience count live in the instance
 * (and in checkpoints, so a resumed run keeps counting): use a new instance
 * for an independent run.
 */
export class EarlyStopping implements Callback {
  readonly monitor: string;
  readonly mode: "min" | "max";
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBestWeights: boolean;
  /** Epoch at which training was stopped, or -1. */
  stoppedEpoch = -1;
  private state: State;

  constructor(options: EarlyStoppingOptions = {}) {
    checkOptions("EarlyStopping", options, EARLY_STOPPING_OPTIONS);
    this.monitor = options.monitor ?? "val_loss";
    const mode = options.mode ?? "auto";
    if (mode !== "min" && mode !== "max" && mode !== "auto") throw new Error(`wasmtune: EarlyStopping mode must be "min", "max" or "auto", got "${String(mode)}"`);
    this.mode = mode === "auto" ? (higherIsBetter(this.monitor) ? "max" : "min") : mode;
    this.patience = options.patience ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new Error(`wasmtune: EarlyStopping patience must be a non-negative integer, got ${this.patience}`);
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    this.state = this.initial();
  }

  /** Best monitored value so far and its epoch. */
  get best(): { value: number; epoch: number } {
    return { value: this.state.best, epoch: this.state.bestEpoch };
  }

  onTrainBegin(): void {
    this.stoppedEpoch = -1;
  }

  onEpochEnd(epoch: number, logs: Logs, ctx: TrainingContext): HookResult {
    const current = monitored(logs, this.monitor, "EarlyStopping");
    const s = this.state;
    const improved = this.mode === "min" ? current < s.best - this.minDelta : current > s.best + this.minDelta;
    if (improved) {
      s.best = current;
      s.bestEpoch = epoch;
      s.wait = 0;
      if (this.restoreBestWeights) s.bestWeights = ctx.model.stateDict();
      return;
    }
    s.wait++;
    if (s.wait < this.patience || epoch === 0) return;
    this.stoppedEpoch = epoch;
    ctx.stopReason = `early stopping at epoch ${epoch + 1}: ${this.monitor} has not improved for ${s.wait} epochs (best ${s.best.toPrecision(4)} at epoch ${s.bestEpoch + 1})`;
    if (this.restoreBestWeights && s.bestWeights) {
      ctx.model.loadStateDict(s.bestWeights);
      ctx.stopReason += "; restored its weights";
    }
    return "stop";
  }

  stateDict(): State {
    return { ...this.state };
  }

  loadStateDict(state: unknown): void {
    const s = state as State;
    if (typeof s?.best !== "number" || typeof s.wait !== "number") throw new Error("wasmtune: EarlyStopping state is malformed");
    this.state = { ...s };
  }

  private initial(): State {
    return { best: this.mode === "min" ? Infinity : -Infinity, bestEpoch: -1, wait: 0 };
  }
}
