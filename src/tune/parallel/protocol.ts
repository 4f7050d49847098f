// Messages between the main thread, which owns the study, and the workers
// that run objectives. Workers post requests with `postMessage`; the main
// thread answers a synchronous call (a suggestion must return at once) by
// writing JSON into the worker's SharedArrayBuffer and waking it with
// Atomics.notify (see channel.ts).

/** An error as it crosses a thread boundary. */
export interface ErrorInfo {
  name: string;
  message: string;
  stack?: string;
}

/** Main thread → worker. */
export type ToWorker =
  | { type: "init"; objectiveUrl: string; workerData: unknown; buffer: SharedArrayBuffer }
  | { type: "run"; trialId: number; number: number; datetimeStart: number | null };

/** How an objective call ended, in a worker. */
export type WorkerOutcome = { kind: "returned"; value: unknown } | { kind: "pruned" } | { kind: "threw"; error: ErrorInfo };

/** Worker → main thread. */
export type FromWorker =
  | { type: "ready" }
  | { type: "fatal"; error: ErrorInfo }
  | { type: "call"; op: TrialOp; args: unknown[] }
  | { type: "done"; outcome: WorkerOutcome };

/** The trial methods and properties a worker's trial forwards to the main thread. */
export const TRIAL_OPS = ["suggestFloat", "suggestInt", "suggestCategorical", "report", "shouldPrune", "setUserAttr", "params", "distributions", "userAttrs"] as const;
export type TrialOp = (typeof TRIAL_OPS)[number];

export function errorInfo(e: unknown): ErrorInfo {
  return e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : { name: "Error", message: String(e) };
}

/** The error again, of its built-in class where there is one, so `instanceof RangeError` still holds. */
export function rebuildError(info: ErrorInfo): Error {
  const classes: Record<string, ErrorConstructor> = { TypeError, RangeError, SyntaxError, ReferenceError };
  const e = new (classes[info.name] ?? Error)(info.message);
  if (!(info.name in classes)) e.name = info.name;
  if (info.stack !== undefined) e.stack = info.stack;
  return e;
}

/** JSON that keeps NaN and ±Infinity (categorical choices and reported values may be). */
export function encodeValue(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? { $number: String(v) } : v));
}

export function decodeValue(text: string): unknown {
  return JSON.parse(text, (_k, v) => (v !== null && typeof v === "object" && typeof v.$number === "string" && Object.keys(v).length === 1 ? Number(v.$number) : v));
}
