// Heartbeats of the trials this process runs, beaten by the database
// thread's own timers: they keep going while the main thread is busy in a
// synchronous training loop, and stop when the process dies, which is what
// lets other workers see its trial as stale (Optuna's heartbeat thread).

import type { Connection } from "./connection.js";
import { recordHeartbeat } from "./queries.js";

/** The beating trials of one process. */
export class Heartbeats {
  private readonly timers = new Map<number, ReturnType<typeof setInterval>>();

  constructor(private readonly db: Connection, private readonly intervalSeconds: number) {}

  /** Beat now (as Optuna's thread does on start) and every interval until {@link stop}. */
  async start(trialId: number): Promise<void> {
    this.stop(trialId);
    await this.db.transaction((q) => recordHeartbeat(q, trialId));
    const timer = setInterval(() => {
      // A beat that fails (server down past the retry window) is skipped; the next one tries again.
      this.db.transaction((q) => recordHeartbeat(q, trialId)).catch(() => {});
    }, this.intervalSeconds * 1000);
    this.timers.set(trialId, timer);
  }

  stop(trialId: number): void {
    clearInterval(this.timers.get(trialId));
    this.timers.delete(trialId);
  }

  stopAll(): void {
    for (const id of [...this.timers.keys()]) this.stop(id);
  }
}
