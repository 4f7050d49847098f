import { init } from "../../runtime/wasm.js";
import { errorInfo } from "./protocol.js";
import type { FromWorker, ToWorker, WorkerOutcome } from "./protocol.js";
import { parentEndpoint } from "./threads.js";
import { WorkerTrial } from "./worker_trial.js";

type WorkerObjective = (trial: WorkerTrial) => unknown;

/**
 * @internal The body of a tuning worker (tune_worker.ts calls it): load
 * this worker's own WebAssembly instance, import the objective module (and
 * await its `setup(workerData)` if it exports one), then run one trial per
 * "run" message, answering "done".
 */
export async function serveWorker(): Promise<void> {
  const parent = await parentEndpoint();
  const post = (m: FromWorker) => parent.post(m);
  let objective: WorkerObjective | undefined;
  let buffer: SharedArrayBuffer | undefined;
  parent.onMessage(async (m: ToWorker) => {
    if (m.type === "init") {
      try {
        buffer = m.buffer;
        await init();
        const mod = await import(/* @vite-ignore */ /* webpackIgnore: true */ m.objectiveUrl);
        if (typeof mod.default !== "function") throw new TypeError(`wasmtune: ${m.objectiveUrl} must default-export the objective function, e.g. \`export default async (trial) => ...\``);
        if (mod.setup !== undefined && typeof mod.setup !== "function") throw new TypeError(`wasmtune: ${m.objectiveUrl} exports a setup that is not a function`);
        await mod.setup?.(m.workerData);
        objective = mod.default;
        post({ type: "ready" });
      } catch (e) {
        post({ type: "fatal", error: errorInfo(e) });
      }
      return;
    }
    const trial = new WorkerTrial(m.trialId, m.number, m.datetimeStart === null ? null : new Date(m.datetimeStart), buffer!, post);
    let outcome: WorkerOutcome;
    try {
      outcome = { kind: "returned", value: await objective!(trial) };
    } catch (e) {
      outcome = e instanceof Error && e.name === "TrialPruned" ? { kind: "pruned" } : { kind: "threw", error: errorInfo(e) };
    }
    try {
      post({ type: "done", outcome });
    } catch {
      // A value structured clone cannot copy (a function, a class instance with methods) fails the trial, as any unusable value does.
      post({ type: "done", outcome: { kind: "returned", value: String(outcome.kind === "returned" ? outcome.value : "") } });
    }
  });
}
