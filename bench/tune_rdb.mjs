// Trials per second a PostgreSQL study sustains with 8 processes on
// loopback and a trivial objective: wasmtune's RDBStorage beside Optuna
// 3.1's RDBStorage (psycopg2) on the same server in the same run. Starts a
// throwaway cluster (tests/tune/pg_cluster.mjs). The clock starts when the
// processes are spawned and stops when the study holds all their complete
// trials, so process start-up (Node + WASM, Python + Optuna) is counted;
// the trials per second *after* the first trial is also given.
// `node bench/tune_rdb.mjs [processes] [trialsEach]` after `npm run build`.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { startCluster } from "../tests/tune/pg_cluster.mjs";
import { init, tune } from "../dist/index.js";

const processes = Number(process.argv[2] ?? 8);
const each = Number(process.argv[3] ?? 50);
await init();
const cluster = await startCluster();
const storage = new tune.RDBStorage(cluster.url);
const here = (f) => fileURLToPath(new URL(f, import.meta.url));

async function run(name, command, args) {
  await tune.createStudy({ studyName: name, storage });
  const t0 = performance.now();
  const children = Array.from({ length: processes }, () => spawn(command, [...args, cluster.url, name, String(each)], { stdio: ["ignore", "ignore", "inherit"] }));
  const codes = await Promise.all(children.map(async (c) => (await once(c, "exit"))[0]));
  const seconds = (performance.now() - t0) / 1000;
  if (codes.some((c) => c !== 0)) throw new Error(`${name}: a process failed (${codes})`);
  const study = await tune.loadStudy({ studyName: name, storage });
  const trials = study.getTrials(["COMPLETE"]);
  const starts = trials.map((t) => t.datetimeStart.getTime()).sort((a, b) => a - b);
  const ends = trials.map((t) => t.datetimeComplete.getTime()).sort((a, b) => a - b);
  const steady = (trials.length - 1) / ((ends.at(-1) - starts[0]) / 1000);
  return { trials: trials.length, seconds, perSecond: trials.length / seconds, steady };
}

try {
  const rows = {
    wasmtune: await run("bench-wasmtune", process.execPath, [here("./tune/rdb_worker.mjs")]),
    "Optuna 3.1": await run("bench-optuna", "/usr/bin/python3", [here("./tune/rdb_optuna_worker.py")]),
  };
  for (const [who, r] of Object.entries(rows)) {
    console.log(`${who.padEnd(11)} ${r.trials} trials by ${processes} processes in ${r.seconds.toFixed(1)} s: ${r.perSecond.toFixed(1)} trials/s with start-up, ${r.steady.toFixed(1)} trials/s from first start to last finish`);
  }
} finally {
  await storage.close();
  cluster.stop();
}
