// The database thread: owns the PostgreSQL connection and the heartbeat
// timers, and answers the main thread's synchronous calls (see bridge.ts):
// each request arrives on a MessagePort, its reply is posted back on the
// port and the waiting main thread is woken through the shared flag.

import { Connection, type Query } from "./connection.js";
import { Heartbeats } from "./heartbeat.js";
import * as queries from "./queries.js";
import { type DbTarget, describeTarget, redact } from "./url.js";

/** What the main thread hands the database thread at start. */
export interface BridgeInit {
  target: DbTarget;
  heartbeatInterval: number | null;
  retryTimeout: number;
  port: MessagePortLike;
  flag: SharedArrayBuffer;
}

interface MessagePortLike {
  postMessage(message: unknown): void;
  on(event: "message", listener: (message: any) => void): void;
}

/** A request: the operation's name and arguments. */
export interface BridgeRequest {
  op: string;
  args: any[];
}

type Handler = (...args: any[]) => Promise<unknown>;

async function loadPg(): Promise<{ Client: new (config: object) => any }> {
  const name = "pg"; // a variable, so bundlers of the package never pull pg in
  try {
    const mod = (await import(/* @vite-ignore */ /* webpackIgnore: true */ name)) as { default?: any; Client?: any };
    return mod.default ?? mod;
  } catch {
    throw new Error("wasmtune: PostgreSQL storage needs the `pg` package: npm install pg");
  }
}

async function main(): Promise<void> {
  const name = "node:worker_threads";
  const { workerData } = (await import(/* @vite-ignore */ /* webpackIgnore: true */ name)) as { workerData: BridgeInit };
  const { target, port, heartbeatInterval, retryTimeout } = workerData;
  const flag = new Int32Array(workerData.flag);
  const where = describeTarget(target);
  let db: Connection | null = null;
  let heartbeats: Heartbeats | null = null;

  const tx = <T>(work: (q: Query) => Promise<T>, isolation?: string) => db!.transaction(work, isolation);
  const handlers: Record<string, Handler> = {
    async open() {
      db = new Connection(await loadPg(), target, retryTimeout);
      await db.connect();
      await tx((q) => queries.ensureSchema(q, where));
      if (heartbeatInterval !== null) heartbeats = new Heartbeats(db, heartbeatInterval);
      return null;
    },
    createNewStudy: (directions, studyName) => tx((q) => queries.createNewStudy(q, directions, studyName)),
    deleteStudy: (studyId) => tx((q) => queries.deleteStudy(q, studyId)),
    setStudyAttr: (kind, studyId, key, json) => tx((q) => queries.setStudyAttr(q, kind, studyId, key, json)),
    getStudyIdFromName: (studyName) => tx((q) => queries.getStudyIdFromName(q, studyName)),
    getStudies: (studyId) => tx((q) => queries.getStudies(q, studyId), "REPEATABLE READ"),
    createNewTrial: (studyId, template, now) => tx((q) => queries.createNewTrial(q, studyId, template, now)),
    setTrialParam: (trialId, name, internal, json) => tx((q) => queries.setTrialParam(q, trialId, name, internal, json)),
    getTrialIdFromStudyIdTrialNumber: (studyId, n) => tx((q) => queries.getTrialIdFromStudyIdTrialNumber(q, studyId, n)),
    setTrialStateValues: (trialId, state, values, now) => tx((q) => queries.setTrialStateValues(q, trialId, state, values, now)),
    setTrialIntermediateValue: (trialId, step, value) => tx((q) => queries.setTrialIntermediateValue(q, trialId, step, value)),
    setTrialAttr: (kind, trialId, key, json) => tx((q) => queries.setTrialAttr(q, kind, trialId, key, json)),
    getTrials: (by, id, states) => tx((q) => queries.getTrials(q, by, id, states), "REPEATABLE READ"),
    getStaleTrialIds: (studyId, grace) => tx((q) => queries.getStaleTrialIds(q, studyId, grace)),
    startHeartbeat: async (trialId) => heartbeats?.start(trialId) ?? null,
    stopHeartbeat: async (trialId) => heartbeats?.stop(trialId) ?? null,
    async close() {
      heartbeats?.stopAll();
      await db?.close();
      return null;
    },
  };

  const reply = (message: unknown) => {
    port.postMessage(message);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  port.on("message", async ({ op, args }: BridgeRequest) => {
    try {
      reply({ value: await handlers[op](...args) });
    } catch (e) {
      const err = e as Error;
      reply({ error: { name: err.name ?? "Error", message: redact(String(err.message ?? e), target.password) } });
    }
  });
}

void main();
