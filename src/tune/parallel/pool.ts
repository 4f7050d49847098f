import { distributionToJson } from "../distributions.js";
import type { LoopOptions } from "../optimize.js";
import { mayStart } from "../optimize.js";
import { failStaleBeforeTrial, withHeartbeat } from "../heartbeat.js";
import { finishTrial } from "../run_trial.js";
import type { Outcome } from "../run_trial.js";
import type { Study } from "../study.js";
import type { Trial } from "../trial.js";
import { createChannelBuffer, writeReply } from "./channel.js";
import { errorInfo, rebuildError, TRIAL_OPS } from "./protocol.js";
import type { FromWorker, ToWorker, TrialOp } from "./protocol.js";
import { spawnWorker } from "./threads.js";
import type { WorkerEndpoint } from "./threads.js";

/** Answer a worker trial's call with the study's real trial. */
function answer(trial: Trial, op: TrialOp, args: unknown[]): unknown {
  if (!TRIAL_OPS.includes(op)) throw new TypeError(`wasmtune: unknown trial operation '${String(op)}'`);
  if (op === "distributions") return Object.fromEntries(Object.entries(trial.distributions).map(([k, d]) => [k, distributionToJson(d)]));
  if (op === "params" || op === "userAttrs") return trial[op];
  return (trial[op] as (...a: unknown[]) => unknown)(...args);
}

/** A worker with its reply channel, running one trial at a time. */
class TrialWorker {
  private trial: Trial | undefined;
  private settle: ((o: Outcome) => void) | undefined;
  private failure: Error | undefined;

  private constructor(
    private readonly endpoint: WorkerEndpoint,
    private readonly buffer: SharedArrayBuffer,
  ) {}

  /** Spawn a worker and wait until it has loaded WebAssembly and the objective module. */
  static async start(entry: URL, objective: URL, workerData: unknown): Promise<TrialWorker> {
    // The buffer first: without shared memory, fail before a worker exists.
    const buffer = createChannelBuffer();
    const w = new TrialWorker(await spawnWorker(entry), buffer);
    const ready = new Promise<void>((resolve, reject) => {
      w.endpoint.onMessage((m: FromWorker) => {
        if (m.type === "ready") resolve();
        else if (m.type === "fatal") reject(rebuildError(m.error));
        else w.receive(m);
      });
      w.endpoint.onFailure((e) => {
        w.failure = e;
        reject(e);
        w.settle?.({ kind: "threw", error: e });
      });
    });
    w.send({ type: "init", objectiveUrl: objective.href, workerData, buffer: w.buffer });
    try {
      await ready;
    } catch (e) {
      await w.endpoint.terminate();
      throw e;
    }
    return w;
  }

  /** Run `trial` in the worker; resolves with how the objective ended. */
  run(trial: Trial): Promise<Outcome> {
    if (this.failure) return Promise.resolve({ kind: "threw", error: this.failure });
    this.trial = trial;
    return new Promise((resolve) => {
      this.settle = (o) => {
        this.trial = this.settle = undefined;
        resolve(o);
      };
      this.send({ type: "run", trialId: trial.trialId, number: trial.number, datetimeStart: trial.datetimeStart?.getTime() ?? null });
    });
  }

  terminate(): Promise<void> {
    return this.endpoint.terminate();
  }

  private send(m: ToWorker): void {
    this.endpoint.post(m);
  }

  private receive(m: FromWorker): void {
    if (m.type === "call") {
      // Synchronous on purpose: the worker is blocked in Atomics.wait until the reply is written.
      try {
        writeReply(this.buffer, { value: answer(this.trial!, m.op, m.args) });
      } catch (e) {
        writeReply(this.buffer, { error: errorInfo(e) });
      }
    } else if (m.type === "done") {
      const o = m.outcome;
      this.settle?.(o.kind === "threw" ? { kind: "threw", error: rebuildError(o.error) } : o);
    }
  }
}

/**
 * `study.optimize(url, { workers })`: start `workers` workers (each with its
 * own WebAssembly instance and the objective module imported once), keep one
 * trial running in each, and record results on this thread, which alone
 * owns the study, its storage and sampler. Running trials are in the storage
 * while they run, so samplers see them (constant liar).
 */
export async function optimizeInWorkers(study: Study, objective: URL, o: LoopOptions): Promise<void> {
  const entry = new URL("./tune_worker.js", import.meta.url);
  const start = performance.now();
  const workers = await Promise.all(Array.from({ length: o.workers }, () => TrialWorker.start(entry, objective, o.workerData)));
  let started = 0;
  let running = 0;
  let failure: { error: unknown } | undefined;
  try {
    await new Promise<void>((resolve) => {
      const next = async (w: TrialWorker): Promise<void> => {
        while (failure === undefined && mayStart(study, o, started, start)) {
          started++;
          running++;
          try {
            await study.storage.flush?.();
            failStaleBeforeTrial(study);
            const trial = study.ask();
            const outcome = await withHeartbeat(study, trial.trialId, () => w.run(trial));
            const frozen = finishTrial(study, trial, outcome, o.catchClasses);
            await study.storage.flush?.();
            for (const cb of o.callbacks) await cb(study, frozen);
          } catch (e) {
            failure ??= { error: e };
          } finally {
            running--;
          }
        }
        if (running === 0) resolve();
      };
      for (const w of workers) void next(w);
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (failure !== undefined) throw failure.error;
}
