// A worker process of rdb_processes.test.mjs: runs N trials of study
// "shared" in the PostgreSQL database at URL with heartbeats and retries,
// printing "start <number>" when a trial's objective begins and
// "done <number>" after it is stored.
//   node rdb_child.mjs URL N WORKER
import { init, tune } from "../../dist/index.js";

const [url, n, worker] = process.argv.slice(2);
await init();
const storage = new tune.RDBStorage(url, { heartbeatInterval: 1, gracePeriod: 2, failedTrialCallback: tune.RetryFailedTrialCallback({ maxRetry: 1 }) });
const study = await tune.createStudy({ studyName: "shared", storage, loadIfExists: true, sampler: new tune.TPESampler({ constantLiar: true, nStartupTrials: 5, seed: Number(worker) }) });
const block = new Int32Array(new SharedArrayBuffer(4));

await study.optimize(
  (trial) => {
    const x = trial.suggestFloat("x", -2, 2);
    const k = trial.suggestInt("k", 1, 5);
    trial.setUserAttr("worker", Number(worker));
    console.log(`start ${trial.number}`);
    for (let step = 0; step < 5; step++) {
      Atomics.wait(block, 0, 0, 20); // a synchronous "epoch": the main thread is busy, heartbeats must go on
      trial.report(x * x + k / (step + 1), step);
    }
    return x * x + k;
  },
  { nTrials: Number(n), callbacks: [(_s, t) => console.log(`done ${t.number}`)] },
);
await storage.close();
