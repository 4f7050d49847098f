import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { EarlyStopping, ProgressReporter, History } = wt.train;

function ctxFor(model = { stateDict: () => ({}), loadStateDict() {} }) {
  return { model, history: new History(), epochs: 10, epoch: 0, stepsPerEpoch: 4, stopTraining: false };
}

test("EarlyStopping counts patience like Keras and reports why it stopped", () => {
  const es = new EarlyStopping({ monitor: "val_loss", patience: 2, minDelta: 0.01 });
  const ctx = ctxFor();
  const losses = [1.0, 0.8, 0.795, 0.79, 0.5];
  const results = losses.map((v, e) => es.onEpochEnd(e, { val_loss: v }, ctx));
  // 0.795 and 0.79 improve on 0.8 by less than minDelta: the second of them exhausts patience.
  assert.deepEqual(results, [undefined, undefined, undefined, "stop", undefined]);
  assert.equal(es.stoppedEpoch, 3);
  assert.match(ctx.stopReason, /early stopping at epoch 4: val_loss has not improved for 2 epochs \(best 0\.8000 at epoch 2\)/);
});

test("EarlyStopping: auto mode maximises accuracy-like metrics; a missing metric is named", () => {
  assert.equal(new EarlyStopping({ monitor: "val_auc" }).mode, "max");
  assert.equal(new EarlyStopping({ monitor: "val_accuracy" }).mode, "max");
  assert.equal(new EarlyStopping({ monitor: "loss" }).mode, "min");
  const es = new EarlyStopping({ monitor: "val_auc" });
  assert.throws(() => es.onEpochEnd(0, { loss: 1, val_loss: 2 }, ctxFor()), /EarlyStopping monitors "val_auc" but the epoch logs have "loss", "val_loss"/);
  assert.throws(() => new EarlyStopping({ patience: -1 }), /patience must be a non-negative integer/);
});

test("EarlyStopping restores the best weights when it stops, and its state survives a checkpoint", () => {
  let weights = { w: 0 };
  const model = { stateDict: () => ({ ...weights }), loadStateDict: (s) => (weights = { ...s }) };
  const es = new EarlyStopping({ monitor: "val_auc", patience: 1, restoreBestWeights: true });
  const ctx = ctxFor(model);
  weights = { w: 1 };
  es.onEpochEnd(0, { val_auc: 0.9 }, ctx);
  const state = JSON.parse(JSON.stringify(es.stateDict()));
  const resumed = new EarlyStopping({ monitor: "val_auc", patience: 1, restoreBestWeights: true });
  resumed.loadStateDict(state);
  weights = { w: 2 };
  assert.equal(resumed.onEpochEnd(1, { val_auc: 0.85 }, ctx), "stop");
  assert.deepEqual(weights, { w: 1 });
  assert.match(ctx.stopReason, /restored its weights/);
});

test("ProgressReporter draws a live line on terminals and plain epoch lines elsewhere", () => {
  for (const isTTY of [true, false]) {
    let text = "";
    const events = [];
    const rep = new ProgressReporter({ output: { write: (s) => (text += s), isTTY }, intervalMs: 0, onProgress: (e) => events.push(e.type) });
    const ctx = ctxFor();
    rep.onTrainBegin(ctx);
    rep.onEpochBegin(0, ctx);
    for (let b = 0; b < 4; b++) rep.onBatchEnd(b, { loss: 1 + b, size: 2, lr: 0.1 }, ctx);
    rep.onEpochEnd(0, { loss: 2.5, val_loss: 2, val_auc: 0.75 }, ctx);
    ctx.history.addEpoch(0, { loss: 2.5 });
    ctx.stopReason = "early stopping at epoch 1";
    rep.onTrainEnd(ctx);
    assert.match(text, /epoch 1\/10 - loss 2\.5000 - val_loss 2\.0000 - val_auc 0\.7500 - \d+\.\d\ds\n/);
    assert.match(text, /early stopping at epoch 1\ntrained 1 epochs in/);
    assert.equal(text.includes("\r"), isTTY);
    if (isTTY) assert.match(text, /\repoch 1\/10 \[====>\s+\] 1\/4 loss 1\.0000/);
    assert.deepEqual(events, ["batch", "batch", "batch", "batch", "epoch", "end"]);
  }
});
