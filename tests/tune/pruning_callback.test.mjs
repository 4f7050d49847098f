import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { tune, nn, optim, train, manualSeed, Generator } = wt;

function data(rows, seed) {
  const g = new Generator(seed);
  const x = new Float32Array(rows * 3);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < 3; j++) s += (x[i * 3 + j] = g.normal()) * (j - 1);
    y[i] = s > 0 ? 1 : 0;
  }
  return { x: { data: x, shape: [rows, 3] }, y };
}

test("PruningCallback reports the monitored value each epoch; a pruned trial ends fit() and the trial as PRUNED", async () => {
  const trainData = data(64, 1);
  const valData = data(32, 2);
  // Prunes any trial whose val_loss is above 0.62 from epoch 1 on.
  const study = await tune.createStudy({ sampler: new tune.RandomSampler({ seed: 0 }), pruner: new tune.ThresholdPruner({ upper: 0.62, nWarmupSteps: 1 }) });
  const epochsRun = [];
  await study.optimize(async (trial) => {
    manualSeed(trial.number);
    const lr = trial.suggestFloat("lr", 1e-4, 1e-1, { log: true });
    const model = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 1));
    let epochs = 0;
    try {
      const h = await train.fit(model, {
        loss: new nn.BCEWithLogitsLoss(),
        optimizer: new optim.Adam(model.parameters(), { lr }),
        train: trainData,
        val: valData,
        epochs: 6,
        callbacks: [{ onEpochEnd: () => void epochs++ }, new tune.PruningCallback(trial, "val_loss")],
      });
      return h.get("val_loss").at(-1);
    } finally {
      epochsRun.push(epochs);
    }
  }, { nTrials: 6 });
  const pruned = study.trials.filter((t) => t.state === "PRUNED");
  const complete = study.trials.filter((t) => t.state === "COMPLETE");
  assert.ok(pruned.length > 0 && complete.length > 0, `states ${study.trials.map((t) => t.state)}`);
  for (const t of study.trials) {
    const steps = [...t.intermediateValues.keys()];
    assert.deepEqual(steps, steps.map((_, i) => i), "one report per epoch, step = epoch");
    assert.equal(steps.length, epochsRun[t.number]);
  }
  for (const t of pruned) {
    assert.ok(t.intermediateValues.size < 6, "fit stopped early");
    assert.ok(t.values[0] > 0.62);
  }
  for (const t of complete) assert.equal(t.intermediateValues.size, 6);
  const always = new tune.PruningCallback({ report() {}, shouldPrune: () => true }, "val_auc");
  const thrown = (epoch, logs) => always.onEpochEnd(epoch, logs);
  assert.throws(() => thrown(2, { val_auc: 0.5 }), (e) => e instanceof tune.TrialPruned && e.message === "Trial was pruned at epoch 2.");
  assert.throws(() => thrown(2, { val_loss: 0.5 }), /PruningCallback monitors "val_auc" but the epoch logs have "val_loss"/);
  assert.throws(() => new tune.PruningCallback("val_auc"), /the first argument must be the trial/);
});
