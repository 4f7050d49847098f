// Many processes on one PostgreSQL study (issue #12, test 1): 4 workers ×
// 15 trials; one is killed with SIGKILL in the middle of a trial and its
// machine "comes back" running the rest. The dead worker's trial stops
// beating, is failed as stale by whichever worker looks first, and is
// retried with the same parameters by RetryFailedTrialCallback. The study
// ends with exactly 60 complete trials, numbered without gaps or duplicates,
// each with every report.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { startCluster } from "./pg_cluster.mjs";
import { init, tune } from "../../dist/index.js";

const child = fileURLToPath(new URL("./rdb_child.mjs", import.meta.url));
let cluster;
before(async () => {
  await init();
  cluster = await startCluster();
});
after(() => cluster?.stop());

/** Start a worker; `lines` collects what it prints, `onLine` watches. */
function worker(n, id, onLine = () => {}) {
  const p = spawn(process.execPath, [child, cluster.url, String(n), String(id)], { stdio: ["ignore", "pipe", "pipe"] });
  const lines = [];
  let stderr = "";
  p.stderr.on("data", (d) => (stderr += d));
  createInterface({ input: p.stdout }).on("line", (line) => {
    lines.push(line);
    onLine(line, p);
  });
  const exited = once(p, "exit").then(([code, signal]) => ({ code, signal, stderr }));
  return { p, lines, exited };
}

test("4 processes × 15 trials, one killed mid-trial: its trial is failed by the heartbeat and retried; 60 complete, no duplicates, no lost reports", async () => {
  // Create the schema and study first, so the workers only load it.
  const storage = new tune.RDBStorage(cluster.url, { heartbeatInterval: 1, gracePeriod: 2 });
  await tune.createStudy({ studyName: "shared", storage });

  let killedAt = null;
  const victim = worker(15, 3, (line, p) => {
    // Its third trial: two are stored, the third is in its objective.
    if (killedAt === null && line.startsWith("start ") && victim.lines.filter((l) => l.startsWith("start ")).length === 3) {
      killedAt = Number(line.slice(6));
      p.kill("SIGKILL");
    }
  });
  const survivors = [0, 1, 2].map((id) => worker(15, id));
  const v = await victim.exited;
  assert.equal(v.signal, "SIGKILL", v.stderr);
  const doneByVictim = victim.lines.filter((l) => l.startsWith("done ")).length;
  assert.equal(doneByVictim, 2);

  // The machine comes back once the trial is stale, and runs what its first run did not.
  const study = await tune.loadStudy({ studyName: "shared", storage });
  while (!study.storage.getStaleTrialIds(study.studyId).length && study.trials.find((t) => t.number === killedAt).state === "RUNNING") {
    await new Promise((r) => setTimeout(r, 100));
  }
  const comeback = worker(15 - doneByVictim, 4);
  for (const w of [...survivors, comeback]) {
    const r = await w.exited;
    assert.equal(r.code, 0, r.stderr);
  }

  const trials = study.trials;
  const complete = trials.filter((t) => t.state === "COMPLETE");
  assert.equal(complete.length, 60);
  assert.deepEqual(trials.map((t) => t.number), trials.map((_, i) => i), "numbers 0..n-1, no gaps, no duplicates");
  assert.equal(trials.length, 61);

  const failed = trials.filter((t) => t.state === "FAIL");
  assert.deepEqual(failed.map((t) => t.number), [killedAt]);
  const retry = complete.filter((t) => tune.RetryFailedTrialCallback.retriedTrialNumber(t) !== null);
  assert.equal(retry.length, 1, "retried exactly once");
  assert.equal(retry[0].systemAttrs.failed_trial, killedAt);
  assert.deepEqual(tune.RetryFailedTrialCallback.retryHistory(retry[0]), [killedAt]);
  assert.deepEqual(retry[0].params, failed[0].params);

  for (const t of complete) {
    const { x, k } = t.params;
    assert.equal(t.values[0], x * x + k);
    assert.deepEqual([...t.intermediateValues.entries()], [0, 1, 2, 3, 4].map((s) => [s, x * x + k / (s + 1)]), `trial ${t.number} has every report`);
  }
  // Each process ran what it was asked for (the comeback includes the retry).
  assert.deepEqual([0, 1, 2, 3, 4].map((w) => complete.filter((t) => t.userAttrs.worker === w).length), [15, 15, 15, 2, 13]);
  await storage.close();
});
