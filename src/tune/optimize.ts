import { checkOptions } from "../options.js";
import type { FrozenTrial } from "./frozen_trial.js";
import { failStaleBeforeTrial, withHeartbeat } from "./heartbeat.js";
import { optimizeInWorkers } from "./parallel/pool.js";
import { callObjective, finishTrial } from "./run_trial.js";
import type { ErrorClass } from "./run_trial.js";
import type { Study } from "./study.js";
import type { Trial } from "./trial.js";

/** An objective: gets a trial, returns its value (or one value per direction), sync or async. */
export type Objective = (trial: Trial) => number | readonly number[] | Promise<number | readonly number[]>;

/** Called after each trial with the study and the finished trial (Optuna's optimize callbacks). */
export type StudyCallback = (study: Study, trial: FrozenTrial) => void | Promise<void>;

/** Options of `study.optimize`. */
export interface OptimizeOptions {
  /** Trials to run; without it (and without `timeout`) runs until `study.stop()`. */
  nTrials?: number;
  /** Stop starting trials after this many seconds. */
  timeout?: number;
  callbacks?: StudyCallback[];
  /** Error classes that fail the trial but not the study; others fail the trial and are thrown. */
  catch?: ErrorClass | readonly ErrorClass[];
  /** With an objective module URL: how many workers run trials at once. Default 1. */
  workers?: number;
  /**
   * With an objective module URL: a structured-cloneable value (file names,
   * settings) handed once to each worker, to the module's optional
   * `export async function setup(workerData)` before its first trial.
   */
  workerData?: unknown;
}

const KNOWN = ["nTrials", "timeout", "callbacks", "catch", "workers", "workerData"];

/** Validated options, with `catch` as a list. */
export interface LoopOptions {
  nTrials?: number;
  timeout?: number;
  callbacks: StudyCallback[];
  catchClasses: readonly ErrorClass[];
  workers: number;
  workerData: unknown;
}

function loopOptions(options: OptimizeOptions): LoopOptions {
  checkOptions("optimize", options, KNOWN);
  const { nTrials, timeout, workers = 1 } = options;
  if (nTrials !== undefined && !(Number.isInteger(nTrials) && nTrials >= 0)) throw new RangeError(`nTrials must be a non-negative integer, got ${nTrials}`);
  if (timeout !== undefined && !(typeof timeout === "number" && timeout >= 0)) throw new RangeError(`timeout must be a non-negative number of seconds, got ${timeout}`);
  if (!(Number.isInteger(workers) && workers >= 1)) throw new RangeError(`workers must be a positive integer, got ${workers}`);
  const c = options.catch ?? [];
  const catchClasses = typeof c === "function" ? [c] : [...c];
  if (!catchClasses.every((C) => typeof C === "function")) throw new TypeError("The catch argument must be an error class or a list of error classes.");
  return { nTrials, timeout, callbacks: options.callbacks ?? [], catchClasses, workers, workerData: options.workerData };
}

/** Seconds since `start` (a `performance.now()` reading). */
export function elapsed(start: number): number {
  return (performance.now() - start) / 1000;
}

/** Whether the loop may start another trial after `started` trials. */
export function mayStart(study: Study, o: LoopOptions, started: number, start: number): boolean {
  if (study.stopFlag) return false;
  if (o.nTrials !== undefined && started >= o.nTrials) return false;
  return o.timeout === undefined || elapsed(start) < o.timeout;
}

/** `study.optimize`: trials one after another, or in workers for a module URL. */
export async function optimizeStudy(study: Study, objective: Objective | URL, options: OptimizeOptions): Promise<void> {
  const o = loopOptions(options);
  if (study.inOptimizeLoop) throw new Error("Nested invocation of `Study.optimize` method isn't allowed.");
  const isUrl = objective instanceof URL;
  if (!isUrl && typeof objective !== "function") throw new TypeError("optimize: the objective must be a function or the URL of a module that default-exports one.");
  if (!isUrl && o.workers !== 1) throw new TypeError("optimize: workers need the objective as a module URL (new URL('./objective.mjs', import.meta.url)), since functions cannot be sent to workers.");
  study.stopFlag = false;
  study.inOptimizeLoop = true;
  try {
    if (isUrl) return await optimizeInWorkers(study, objective, o);
    const start = performance.now();
    for (let started = 0; mayStart(study, o, started, start); started++) {
      await study.storage.flush?.();
      failStaleBeforeTrial(study);
      const trial = study.ask();
      const outcome = await withHeartbeat(study, trial.trialId, () => callObjective(objective, trial));
      const frozen = finishTrial(study, trial, outcome, o.catchClasses);
      await study.storage.flush?.();
      for (const cb of o.callbacks) await cb(study, frozen);
    }
  } finally {
    study.inOptimizeLoop = false;
  }
}
