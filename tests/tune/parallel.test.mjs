import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { tune } = wt;

const objective = new URL("./objective_worker.mjs", import.meta.url);

/** RandomSampler that records how many trials were running whenever it sampled. */
class Watching extends tune.RandomSampler {
  running = [];
  sampleIndependent(study, trial, name, d) {
    this.running.push(study.getTrials(["RUNNING"]).length);
    return super.sampleIndependent(study, trial, name, d);
  }
}

test("workers: trials run in two workers, the main thread owns the study; suggest/report/shouldPrune/setUserAttr are proxied", async () => {
  const sampler = new Watching({ seed: 3 });
  const study = await tune.createStudy({ sampler, pruner: new tune.NopPruner() });
  await study.optimize(objective, { nTrials: 6, workers: 2, catch: [RangeError] });
  const trials = study.trials;
  assert.deepEqual(trials.map((t) => t.number), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(trials.map((t) => t.state), ["COMPLETE", "COMPLETE", "COMPLETE", "FAIL", "COMPLETE", "COMPLETE"]);
  assert.equal(trials[3].systemAttrs.fail_reason, "RangeError: bad trial 3");
  for (const t of trials.filter((t) => t.state === "COMPLETE")) {
    assert.equal(t.values[0], Math.fround(t.params.x) ** 2, `trial ${t.number}: computed in the worker's float32 tensor`);
    assert.deepEqual([...t.intermediateValues.keys()], [0, 1, 2, 3]);
    assert.equal(t.userAttrs.worker, true);
  }
  // An error the main thread raised reaches the objective in the worker with its class and Optuna's message.
  assert.equal(trials[4].userAttrs.error, "RangeError: Cannot set different distribution kind to the same parameter name.");
  // Constant liar needs the other worker's running trial to be visible to the sampler.
  assert.ok(Math.max(...sampler.running) >= 2, `running trials seen by the sampler: ${sampler.running}`);
});

test("workers: an uncaught error fails its trial, ends the optimisation and is thrown with its message", async () => {
  const study = await tune.createStudy({ sampler: new tune.RandomSampler({ seed: 1 }), pruner: new tune.NopPruner() });
  await assert.rejects(study.optimize(objective, { nTrials: 20, workers: 2, catch: RangeError }), (e) => e.message === "uncaught failure");
  const failed = study.trials.filter((t) => t.state === "FAIL").map((t) => t.systemAttrs.fail_reason);
  assert.ok(failed.includes("Error: uncaught failure"));
  assert.ok(study.trials.length < 20);
  assert.ok(study.trials.every((t) => t.state !== "RUNNING"), "no trial is left running");
});

test("workers: pruning in workers, and the same study can go on sequentially", async () => {
  const study = await tune.createStudy({ sampler: new tune.RandomSampler({ seed: 2 }), pruner: new tune.MedianPruner({ nStartupTrials: 2 }) });
  await study.optimize(objective, { nTrials: 4, workers: 2, catch: RangeError });
  study.enqueueTrial({ x: 9.99 });
  study.enqueueTrial({ x: 0 });
  await study.optimize(objective, { nTrials: 2, workers: 1 });
  assert.deepEqual(study.trials.slice(4).map((t) => [t.params.x, t.state]), [[9.99, "PRUNED"], [0, "COMPLETE"]]);
  assert.deepEqual(study.trials[4].values, [Math.fround(9.99) ** 2], "a pruned trial keeps its last report");
});

test("workers: a module without a default export and bad worker counts are refused clearly", async () => {
  const study = await tune.createStudy();
  await assert.rejects(study.optimize(new URL("./bad_objective.mjs", import.meta.url), { nTrials: 1, workers: 1 }), /bad_objective\.mjs must default-export the objective function/);
  await assert.rejects(study.optimize(objective, { nTrials: 1, workers: 0 }), /workers must be a positive integer, got 0/);
  assert.equal(study.trials.length, 0);
});

test("workers: TPE with constantLiar sees the other worker's running trial", async () => {
  const study = await tune.createStudy({ sampler: new tune.TPESampler({ seed: 5, nStartupTrials: 2, constantLiar: true }), pruner: new tune.NopPruner() });
  await study.optimize(objective, { nTrials: 6, workers: 2, catch: RangeError });
  assert.equal(study.trials.length, 6);
  assert.ok(study.trials.every((t) => t.state !== "RUNNING"));
});

test("workers: workerData is handed to the module's setup() once per worker before its trials", async () => {
  const study = await tune.createStudy({ sampler: new tune.RandomSampler({ seed: 2 }) });
  const workerData = { low: 10, high: 11, label: "digits" };
  await study.optimize(new URL("./objective_setup.mjs", import.meta.url), { nTrials: 5, workers: 2, workerData });
  for (const t of study.trials) {
    assert.equal(t.state, "COMPLETE");
    assert.ok(t.params.x >= 10 && t.params.x <= 11, `x ${t.params.x} from the setup's range`);
    assert.deepEqual(t.userAttrs, { setups: 1, label: "digits" });
  }
  await assert.rejects(study.optimize(new URL("./objective_setup.mjs", import.meta.url), { nTrials: 1, worker_data: {} }), /unknown option 'worker_data' — did you mean 'workerData'\?/);
});
