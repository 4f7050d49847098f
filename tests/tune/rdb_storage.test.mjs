// RDBStorage on a real PostgreSQL server (a throwaway cluster): Optuna's
// storage semantics, the schema check, heartbeats beaten by the database
// thread while the main thread is blocked, and connection faults (a server
// restart mid-study; wrong password, closed port, unknown host: one line
// naming the server, never the password).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { freePort, startCluster } from "./pg_cluster.mjs";
import { init, tune } from "../../dist/index.js";

let cluster;
before(async () => {
  await init();
  cluster = await startCluster();
});
after(() => cluster?.stop());

const block = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

test("a new database gets Optuna 3.1's tables, stamped with its alembic revision and schema version", async () => {
  const url = cluster.createDatabase("fresh");
  const storage = new tune.RDBStorage(url);
  const tables = cluster.psql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", "fresh").trim().split("\n");
  assert.deepEqual(tables, ["alembic_version", "studies", "study_directions", "study_system_attributes", "study_user_attributes", "trial_heartbeats", "trial_intermediate_values", "trial_params", "trial_system_attributes", "trial_user_attributes", "trial_values", "trials", "version_info"]);
  assert.equal(cluster.psql("SELECT version_num FROM alembic_version", "fresh").trim(), "v3.0.0.d");
  assert.equal(cluster.psql("SELECT schema_version || ' ' || library_version FROM version_info", "fresh").trim(), "12 3.1.0");
  await storage.close();
  // Opening it again leaves it as it is.
  await new tune.RDBStorage(url).close();
  assert.equal(cluster.psql("SELECT count(*) FROM alembic_version", "fresh").trim(), "1");
});

test("a schema revision wasmtune does not know is refused with a message", async () => {
  const url = cluster.createDatabase("other");
  await new tune.RDBStorage(url).close();
  cluster.psql("UPDATE alembic_version SET version_num = 'v9.0.0.a'", "other");
  assert.throws(() => new tune.RDBStorage(url), /has Optuna schema revision v9\.0\.0\.a .*wasmtune reads and writes revision v3\.0\.0\.d \(Optuna 3\.1\)/);
  cluster.psql("UPDATE alembic_version SET version_num = 'v2.6.0.a'", "other");
  assert.throws(() => new tune.RDBStorage(url), /revision v2\.6\.0\.a .*optuna storage upgrade/);
});

test("Optuna's storage semantics: duplicates, attributes, templates with ±inf and NaN, claims, finished trials, distributions, deletion", async () => {
  const storage = new tune.RDBStorage(cluster.url);
  const studyId = storage.createNewStudy(["minimize", "maximize"], "semantics");
  assert.throws(() => storage.createNewStudy(["minimize"], "semantics"), (e) => e instanceof tune.DuplicatedStudyError && /Another study with name 'semantics' already exists/.test(e.message));
  assert.throws(() => storage.getStudyIdFromName("absent"), /Record does not exist/);
  storage.setStudyUserAttr(studyId, "note", { a: [1, 2.5, "x"] });
  storage.setStudySystemAttr(studyId, "s", null);
  assert.deepEqual(storage.getStudyUserAttrs(studyId), { note: { a: [1, 2.5, "x"] } });
  assert.deepEqual(storage.getStudyDirections(studyId), ["minimize", "maximize"]);
  assert.ok(storage.getAllStudies().some((s) => s.studyName === "semantics" && s.systemAttrs.s === null));

  const c = new tune.CategoricalDistribution(["a", null, 2]);
  const x = new tune.FloatDistribution(1e-5, 1, true);
  const done = storage.createNewTrial(studyId, {
    state: "COMPLETE",
    values: [Infinity, -Infinity],
    datetimeStart: new Date(2026, 0, 2, 3, 4, 5, 678),
    datetimeComplete: new Date(2026, 0, 2, 3, 4, 6, 789),
    params: { c: null, x: 0.001 },
    distributions: { c, x },
    userAttrs: { u: "v" },
    systemAttrs: { fixed_params: { c: null } },
    intermediateValues: new Map([[0, NaN], [1, Infinity], [2, -Infinity], [3, 0.1 + 0.2]]),
  });
  const t = storage.getTrial(done);
  assert.equal(t.number, 0);
  assert.equal(t.state, "COMPLETE");
  assert.deepEqual(t.values, [Infinity, -Infinity]);
  assert.deepEqual(t.params, { c: null, x: 0.001 });
  assert.equal(t.datetimeStart.getTime(), new Date(2026, 0, 2, 3, 4, 5, 678).getTime());
  assert.deepEqual([...t.intermediateValues], [[0, NaN], [1, Infinity], [2, -Infinity], [3, 0.1 + 0.2]]);
  assert.deepEqual(t.userAttrs, { u: "v" });
  assert.throws(() => storage.setTrialUserAttr(done, "k", 1), (e) => e instanceof tune.UpdateFinishedTrialError && e.message === "Trial#0 has already finished and can not be updated.");

  const running = storage.createNewTrial(studyId);
  assert.equal(storage.getTrial(running).number, 1);
  assert.equal(storage.setTrialStateValues(running, "RUNNING"), false, "a RUNNING trial cannot be claimed");
  assert.throws(() => storage.setTrialParam(running, "x", 3, new tune.IntDistribution(1, 5)), /Cannot set different distribution kind to the same parameter name/);
  storage.setTrialParam(running, "x", 0.5, x);
  const waiting = storage.createNewTrial(studyId, { state: "WAITING" });
  assert.equal(storage.setTrialStateValues(waiting, "RUNNING"), true);
  assert.equal(storage.getTrialIdFromStudyIdTrialNumber(studyId, 2), waiting);
  assert.deepEqual(storage.getAllTrials(studyId, ["RUNNING"]).map((t) => t.number), [1, 2]);

  storage.deleteStudy(studyId);
  assert.throws(() => storage.getAllTrials(studyId), /Record does not exist/);
  assert.equal(cluster.psql(`SELECT count(*) FROM trial_params WHERE trial_id = ${running}`).trim(), "0");
  await storage.close();
});

test("heartbeats come from the database thread: a trial stays fresh while the main thread is blocked, and goes stale when they stop", async () => {
  const mine = new tune.RDBStorage(cluster.url, { heartbeatInterval: 1, gracePeriod: 2 });
  const other = new tune.RDBStorage(cluster.url, { heartbeatInterval: 1, gracePeriod: 2 });
  const studyId = mine.createNewStudy(["minimize"], "beats");
  const trialId = mine.createNewTrial(studyId);
  const stop = mine.startHeartbeat(trialId);
  block(3200); // synchronous training, longer than the grace period: no event loop turns on the main thread
  assert.deepEqual(other.getStaleTrialIds(studyId), []);
  stop();
  block(3100); // stale: the last beat is now over 3 whole seconds old, more than the grace period

  assert.deepEqual(other.getStaleTrialIds(studyId), [trialId]);
  const study = await tune.loadStudy({ studyName: "beats", storage: other });
  assert.deepEqual(study.failStaleTrials(), [0]);
  assert.equal(other.getTrial(trialId).state, "FAIL");
  await Promise.all([mine.close(), other.close()]);
});

test("options: Optuna's wording for a bad heartbeat interval or grace period; unknown options refused", () => {
  assert.throws(() => new tune.RDBStorage(cluster.url, { heartbeatInterval: 0 }), /The value of `heartbeat_interval` should be a positive integer\./);
  assert.throws(() => new tune.RDBStorage(cluster.url, { gracePeriod: -1 }), /The value of `grace_period` should be a positive integer\./);
  assert.throws(() => new tune.RDBStorage(cluster.url, { heartbeat: 1 }), /heartbeat/);
  assert.throws(() => tune.RetryFailedTrialCallback({ maxRetries: 1 }), /maxRetries/);
  assert.throws(() => tune.resolveStorage(`mysql://tuner:${cluster.password}@h/db`), (e) => !e.message.includes(cluster.password) && /postgresql:\/\//.test(e.message));
});

test("the server restarting mid-study: the trials go on after reconnecting", async () => {
  const study = await tune.createStudy({ studyName: "restart", storage: cluster.url, sampler: new tune.RandomSampler({ seed: 1 }) });
  await study.optimize(
    (trial) => {
      const x = trial.suggestFloat("x", 0, 1);
      if (trial.number === 4) cluster.restart(); // every connection to the server is cut
      trial.report(x, 0);
      return x;
    },
    { nTrials: 10 },
  );
  assert.deepEqual(study.trials.map((t) => [t.number, t.state, t.intermediateValues.size]), Array.from({ length: 10 }, (_, i) => [i, "COMPLETE", 1]));
  await study.storage.close();
});

test("wrong password, closed port, unknown host: one line naming the server and the reason, never the password", async () => {
  const secret = "Wr0ng-Secret-99";
  const cases = [
    [`postgresql://tuner:${secret}@127.0.0.1:${cluster.port}/wasmtune`, new RegExp(`^wasmtune: PostgreSQL at tuner@127\\.0\\.0\\.1:${cluster.port}/wasmtune: cannot connect: password authentication failed for user "tuner"$`)],
    [`postgresql://tuner:${secret}@127.0.0.1:${await freePort()}/wasmtune`, /^wasmtune: PostgreSQL at tuner@127\.0\.0\.1:\d+\/wasmtune: cannot connect: connection refused/],
    [`postgresql://tuner:${secret}@no-such-host.invalid:5432/wasmtune`, /^wasmtune: PostgreSQL at tuner@no-such-host\.invalid:5432\/wasmtune: cannot connect: host not found$/],
  ];
  for (const [url, pattern] of cases) {
    for (const open of [() => new tune.RDBStorage(url), () => tune.createStudy({ storage: url })]) {
      let error;
      try {
        await open();
      } catch (e) {
        error = e;
      }
      assert.ok(error, `${url} opened`);
      assert.match(error.message, pattern);
      assert.ok(!error.message.includes("\n"), "one line");
      assert.ok(!`${error.message}${error.stack}`.includes(secret), "no password");
    }
  }
});

test("Deno and Bun run a study on the server too (their Node compatibility: worker_threads, pg)", () => {
  const script = fileURLToPath(new URL("./rdb_runtime.mjs", import.meta.url));
  const bin = (name) => fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url));
  const expected = JSON.stringify([0, 1, 2, 3, 4].map((n) => [n, "COMPLETE", true]));
  for (const [command, args] of [[bin("deno"), ["run", "--quiet", "-A", script, cluster.url]], [bin("bun"), [script, cluster.url]]]) {
    const out = execFileSync(command, args, { encoding: "utf8", env: { ...process.env, DENO_NO_UPDATE_CHECK: "1" } });
    assert.equal(out.trim(), expected, command);
  }
});

test("a bundle that left the database thread's script behind fails at once, saying so", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wasmtune-bundle-"));
  try {
    await build({ entryPoints: [fileURLToPath(new URL("../../dist/index.js", import.meta.url))], bundle: true, format: "esm", platform: "node", outfile: join(dir, "index.js"), logLevel: "error" });
    const { tune: bundled } = await import(pathToFileURL(join(dir, "index.js")).href);
    assert.throws(() => bundled.resolveStorage(cluster.url), /^Error: wasmtune: cannot start the PostgreSQL storage's database thread \(Cannot find module .*bridge_worker\.js.*\); a bundle of wasmtune must ship dist\/tune\/storage\/rdb\/ beside it/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("where there are no threads (browsers, workerd) the error says which storages work", () => {
  const script = `delete process.getBuiltinModule; const { tune } = await import(${JSON.stringify(new URL("../../dist/index.js", import.meta.url).href)});
try { tune.resolveStorage("postgresql://u:pw@h/db"); } catch (e) { console.log(e.message); }`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  assert.match(out, /PostgreSQL storage needs threads and sockets \(Node 20\.16\+, Deno or Bun\); in browsers and workerd use the in-memory storage/);
});
