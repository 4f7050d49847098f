// wasmtune and Optuna 3.1 (Debian's python3-optuna with psycopg2 and
// SQLAlchemy) on one PostgreSQL study (issue #12, test 2): both run 10
// trials at the same time, both then see the same 20, and each reads the
// other's params, distributions, values and intermediate values exactly.
// Also: the tables wasmtune creates are the ones Optuna creates, and the
// database password is stored nowhere and printed nowhere (the CLI included).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { startCluster } from "./pg_cluster.mjs";
import { init, tune } from "../../dist/index.js";
import { pythonJsonLoads } from "../../dist/tune/python_json.js";

const script = fileURLToPath(new URL("./rdb_optuna.py", import.meta.url));
const cli = fileURLToPath(new URL("../../bin/wasmtune.mjs", import.meta.url));
const data = fileURLToPath(new URL("../../../shared/datasets/breast_cancer.csv", import.meta.url));

let cluster;
let optuna;
let replies;
before(async () => {
  optuna = spawn("/usr/bin/python3", [script], { stdio: ["pipe", "pipe", "inherit"] });
  replies = createInterface({ input: optuna.stdout })[Symbol.asyncIterator]();
  await init();
  cluster = await startCluster();
});
after(() => {
  optuna?.stdin.end();
  cluster?.stop();
});

/** Have the Optuna process run a command; resolves to its reply. */
async function python(...command) {
  optuna.stdin.write(`${command.join(" ")}\n`);
  const { value, done } = await replies.next();
  assert.ok(!done, "the Optuna process ended");
  return pythonJsonLoads(value);
}

test("the tables wasmtune creates are, column for column and constraint for constraint, the ones Optuna 3.1 creates", async () => {
  const ours = cluster.createDatabase("made_by_wasmtune");
  const theirs = cluster.createDatabase("made_by_optuna");
  await new tune.RDBStorage(ours).close();
  await python("create", theirs);
  const schema = (db) => cluster.dumpSchema(db);
  assert.equal(schema("made_by_wasmtune"), schema("made_by_optuna"));
  assert.equal(cluster.psql("SELECT * FROM version_info; SELECT * FROM alembic_version", "made_by_wasmtune"), cluster.psql("SELECT * FROM version_info; SELECT * FROM alembic_version", "made_by_optuna"));
});

function objective(trial) {
  const x = trial.suggestFloat("x", -2, 2);
  const lr = trial.suggestFloat("lr", 1e-4, 1, { log: true });
  const k = trial.suggestInt("k", 1, 9, { step: 2 });
  const act = trial.suggestCategorical("act", ["relu", "tanh", null]);
  trial.setUserAttr("by", "wasmtune");
  for (let step = 0; step < 3; step++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    trial.report(x * x + lr / (step + 1), step);
  }
  trial.report(trial.number % 2 ? Infinity : NaN, 3); // stored as value types, not numbers
  return x * x + lr + k + (act === "tanh" ? 0.5 : 0);
}

test("Optuna and wasmtune run 10 trials each at once on one study; each reads the other's trials exactly", async () => {
  const study = await tune.createStudy({ studyName: "shared", storage: cluster.url, sampler: new tune.TPESampler({ constantLiar: true, seed: 5 }) });
  const optunaRun = python("run", cluster.url, "shared", "10");
  await study.optimize(objective, { nTrials: 10 });
  await optunaRun;

  const ours = study.trials;
  const theirs = await python("dump", cluster.url, "shared");
  assert.equal(ours.length, 20);
  assert.equal(theirs.length, 20);
  assert.deepEqual(theirs.map((t) => t.number), [...Array(20).keys()]);
  assert.deepEqual(ours.map((t) => t.userAttrs.by).sort(), [...Array(10).fill("optuna"), ...Array(10).fill("wasmtune")]);
  for (const [i, t] of ours.entries()) {
    const o = theirs[i];
    const where = `trial ${t.number} by ${t.userAttrs.by}`;
    assert.equal(t.number, o.number, where);
    assert.equal(t.state, o.state, where);
    assert.deepEqual(t.values, o.values, where);
    assert.deepEqual(t.params, o.params, where);
    assert.deepEqual(Object.fromEntries(Object.entries(t.distributions).map(([k, d]) => [k, tune.distributionToJson(d)])), o.distributions, where);
    assert.deepEqual([...t.intermediateValues], o.intermediate, where);
    assert.deepEqual(t.userAttrs, o.userAttrs, where);
    assert.deepEqual(t.systemAttrs, o.systemAttrs, where);
    assert.equal(t.datetimeStart.getTime(), new Date(o.start).getTime(), where);
  }
  const x = ours.map((t) => t.params.x);
  assert.equal(new Set(x).size, 20, "no two trials drew the same x");
  await study.storage.close();
});

test("wasmtune tune --storage postgresql://…: the study lands in the database, and the password is printed nowhere and stored nowhere", () => {
  const out = execFileSync(process.execPath, [cli, "tune", data, "--trials", "1", "--epochs", "1", "--storage", cluster.url, "--study-name", "cli"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  assert.match(out, /continue with: wasmtune tune .* --storage postgresql:\/\/tuner:\*\*\*@127\.0\.0\.1:\d+\/wasmtune --study-name cli .*password in place of \*\*\*/);
  assert.equal(cluster.psql("SELECT count(*) FROM trials t JOIN studies s USING (study_id) WHERE s.study_name = 'cli' AND t.state = 'COMPLETE'").trim(), "1");
  assert.ok(!out.includes(cluster.password), out);
  let error;
  try {
    execFileSync(process.execPath, [cli, "tune", data, "--trials", "1", "--storage", cluster.url.replace(cluster.password, "Not-The-Password-1"), "--study-name", "cli2"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    error = e;
  }
  assert.ok(error, "a wrong password fails");
  assert.match(error.stderr, /wasmtune: PostgreSQL at tuner@127\.0\.0\.1:\d+\/wasmtune: cannot connect: password authentication failed/);
  assert.ok(!`${error.stdout}${error.stderr}`.includes("Not-The-Password-1"));
  // Every stored row of every table: the URL's password is not among them.
  assert.ok(!cluster.dumpData("wasmtune").includes(cluster.password));
});
