import { stdout } from "../runtime/terminal.js";
import type { TextOutput } from "../runtime/terminal.js";
import type { BatchLogs, Callback, Logs, TrainingContext } from "./callback.js";
import { checkOptions, optionNames } from "../options.js";

/** What a `ProgressReporter` tells `onProgress` listeners (e.g. a browser UI). */
export interface ProgressEvent {
  type: "batch" | "epoch" | "end";
  /** 0-based epoch. */
  epoch: number;
  epochs: number;
  /** Batches done in this epoch, and batches per epoch. */
  batch: number;
  steps: number;
  /** Running mean training loss of this epoch. */
  loss: number;
  /** The epoch's logs (`epoch` events). */
  logs?: Logs;
  /** Milliseconds since training (for `end`) or this epoch began. */
  elapsedMs: number;
  /** The progress line as printed, and for `end` why training stopped early, if it did. */
  text: string;
}

/** Options of `ProgressReporter`. */
export interface ProgressOptions {
  /**
   * Where to print. Default: standard output on server runtimes (a live
   * `\r` line on terminals, one line per epoch otherwise) and `console.log`
   * epoch lines elsewhere; `null` prints nothing.
   */
  output?: TextOutput | null;
  /** Called with every update: the hook for browser UIs. */
  onProgress?: (event: ProgressEvent) => void;
  /** Minimum milliseconds between batch updates. Default 100. */
  intervalMs?: number;
}

const PROGRESS_OPTIONS = optionNames<ProgressOptions>({ output: true, onProgress: true, intervalMs: true });

const consoleLines: TextOutput = { write: (s) => { const line = s.replace(/\n$/, ""); if (line) console.log(line); }, isTTY: false };

function fmt(name: string, v: number): string {
  if (name === "lr") return v.toExponential(2);
  return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : v.toFixed(4);
}

/**
 * Prints training progress: while an epoch runs, a live line
 * (`epoch 3/50 [=====>    ] 12/15 loss 0.4132`) redrawn in place on
 * terminals; after each epoch a line with the loss, every metric and the
 * time; at the end, why training stopped early if it did.
 */
export class ProgressReporter implements Callback {
  private readonly out: TextOutput | null;
  private readonly listener?: (event: ProgressEvent) => void;
  private readonly interval: number;
  private trainStart = 0;
  private epochStart = 0;
  private lastDraw = 0;
  private lossSum = 0;
  private rows = 0;
  private drawn = 0;

  constructor(options: ProgressOptions = {}) {
    checkOptions("ProgressReporter", options, PROGRESS_OPTIONS);
    this.out = options.output === undefined ? (stdout() ?? consoleLines) : options.output;
    this.listener = options.onProgress;
    this.interval = options.intervalMs ?? 100;
  }

  onTrainBegin(): void {
    this.trainStart = performance.now();
  }

  onEpochBegin(): void {
    this.epochStart = performance.now();
    this.lastDraw = 0;
    this.lossSum = 0;
    this.rows = 0;
  }

  onBatchEnd(batch: number, logs: BatchLogs, ctx: TrainingContext): void {
    this.lossSum += logs.loss * logs.size;
    this.rows += logs.size;
    const now = performance.now();
    const last = batch + 1 === ctx.stepsPerEpoch;
    if (!last && now - this.lastDraw < this.interval) return;
    this.lastDraw = now;
    const done = batch + 1;
    const width = 20;
    const filled = Math.round((width * done) / ctx.stepsPerEpoch);
    const bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? (last ? "=" : ">") : "") + " ".repeat(width - filled);
    const loss = this.lossSum / this.rows;
    const text = `epoch ${ctx.epoch + 1}/${ctx.epochs} [${bar}] ${done}/${ctx.stepsPerEpoch} loss ${fmt("loss", loss)}`;
    if (this.out?.isTTY) this.redraw(text);
    this.listener?.({ type: "batch", epoch: ctx.epoch, epochs: ctx.epochs, batch: done, steps: ctx.stepsPerEpoch, loss, elapsedMs: now - this.epochStart, text });
  }

  onEpochEnd(epoch: number, logs: Logs, ctx: TrainingContext): void {
    const ms = performance.now() - this.epochStart;
    const parts = Object.entries(logs).map(([k, v]) => `${k} ${fmt(k, v)}`);
    const text = `epoch ${epoch + 1}/${ctx.epochs} - ${parts.join(" - ")} - ${(ms / 1000).toFixed(2)}s`;
    if (this.out?.isTTY) this.redraw("");
    this.out?.write(`${text}\n`);
    this.drawn = 0;
    this.listener?.({ type: "epoch", epoch, epochs: ctx.epochs, batch: ctx.stepsPerEpoch, steps: ctx.stepsPerEpoch, loss: logs.loss, logs, elapsedMs: ms, text });
  }

  onTrainEnd(ctx: TrainingContext): void {
    const ms = performance.now() - this.trainStart;
    const text = `${ctx.stopReason ? `${ctx.stopReason}\n` : ""}trained ${ctx.history.epochs.length} epochs in ${(ms / 1000).toFixed(2)}s`;
    this.out?.write(`${text}\n`);
    this.listener?.({ type: "end", epoch: ctx.epoch, epochs: ctx.epochs, batch: 0, steps: ctx.stepsPerEpoch, loss: ctx.history.last("loss") ?? NaN, elapsedMs: ms, text });
  }

  private redraw(text: string): void {
    // Pad with spaces so a shorter line fully covers the previous one.
    this.out!.write(`\r${text.padEnd(this.drawn)}${text.length < this.drawn ? "\r" + text : ""}`);
    this.drawn = text.length;
  }
}
