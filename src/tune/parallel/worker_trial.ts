import { jsonToDistribution } from "../distributions.js";
import type { Distribution, ParamValue } from "../distributions.js";
import type { SuggestFloatOptions, SuggestIntOptions } from "../trial.js";
import { callSync } from "./channel.js";
import type { FromWorker, TrialOp } from "./protocol.js";

/**
 * The trial an objective gets inside a worker: the same methods as `Trial`,
 * each a synchronous call to the main thread, where the study's real trial
 * answers it (same values, validation and errors as without workers).
 */
export class WorkerTrial {
  readonly trialId: number;
  readonly number: number;
  readonly datetimeStart: Date | null;
  private readonly buffer: SharedArrayBuffer;
  private readonly post: (m: FromWorker) => void;

  /** @internal */
  constructor(trialId: number, number: number, datetimeStart: Date | null, buffer: SharedArrayBuffer, post: (m: FromWorker) => void) {
    this.trialId = trialId;
    this.number = number;
    this.datetimeStart = datetimeStart;
    this.buffer = buffer;
    this.post = post;
  }

  private call(op: TrialOp, args: unknown[] = []): unknown {
    return callSync(this.buffer, () => this.post({ type: "call", op, args }));
  }

  get params(): Record<string, ParamValue> {
    return this.call("params") as Record<string, ParamValue>;
  }

  get distributions(): Record<string, Distribution> {
    const json = this.call("distributions") as Record<string, string>;
    return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, jsonToDistribution(v)]));
  }

  get userAttrs(): Record<string, unknown> {
    return this.call("userAttrs") as Record<string, unknown>;
  }

  suggestFloat(name: string, low: number, high: number, options?: SuggestFloatOptions): number {
    return this.call("suggestFloat", [name, low, high, options]) as number;
  }

  suggestInt(name: string, low: number, high: number, options?: SuggestIntOptions): number {
    return this.call("suggestInt", [name, low, high, options]) as number;
  }

  suggestCategorical<T extends ParamValue>(name: string, choices: readonly T[]): T {
    return this.call("suggestCategorical", [name, choices]) as T;
  }

  report(value: number, step: number): void {
    this.call("report", [value, step]);
  }

  shouldPrune(): boolean {
    return this.call("shouldPrune") as boolean;
  }

  setUserAttr(key: string, value: unknown): void {
    this.call("setUserAttr", [key, value]);
  }
}
