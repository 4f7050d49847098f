// DoctorCallback: what it records, and the rollback on a NaN loss through fit's generic hook.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { wt } from "../helpers.mjs";

const { nn, optim, data, train, doctor, manualSeed } = wt;
const csv = readFileSync(new URL("../../../shared/datasets/breast_cancer.csv", import.meta.url), "utf8");

function cancer() {
  const t = data.readCsv(csv, { target: "label" });
  const s = data.trainTestSplit(t.x, t.y, { testSize: 0.2, stratify: t.y, seed: 0 });
  const scaler = new data.StandardScaler().fit(s.xTrain);
  return { train: { x: scaler.transform(s.xTrain), y: s.yTrain }, val: { x: scaler.transform(s.xTest), y: s.yTest }, features: t.x.shape[1] };
}

function setup({ lr = 1e-3, Opt = optim.Adam } = {}) {
  manualSeed(0);
  const d = cancer();
  const model = new nn.Sequential(new nn.Linear(d.features, 16), new nn.ReLU(), new nn.Linear(16, 1));
  return { d, model, loss: new nn.BCEWithLogitsLoss(), optimizer: new Opt(model.parameters(), { lr }) };
}

const fitWith = (p, callbacks, epochs) => train.fit(p.model, { loss: p.loss, optimizer: p.optimizer, train: p.d.train, val: p.d.val, epochs, seed: 0, callbacks });
const weights = (m) => m.parameters().flatMap((q) => Array.from(q.data.data));

test("the doctor only observes: the same bits with and without it, and a record per epoch", async () => {
  const plain = setup();
  await fitWith(plain, [], 4);
  const watched = setup();
  const doc = new doctor.DoctorCallback({ sampleEvery: 3 });
  const history = await fitWith(watched, [doc], 4);
  assert.deepEqual(weights(watched.model), weights(plain.model));
  const r = doc.record;
  assert.deepEqual(r.params.map((p) => p.name), ["0.weight", "0.bias", "2.weight", "2.bias"]);
  assert.deepEqual(r.params[0].shape, [16, 30]);
  assert.equal(r.epochs.length, 4);
  assert.ok(Math.abs(r.initialLoss - Math.log(2)) < 0.1, `initial loss ${r.initialLoss}`);
  for (const [i, e] of r.epochs.entries()) {
    assert.equal(e.logs.loss, history.get("loss")[i]);
    assert.ok(Math.abs(e.batchLoss.mean - e.logs.loss) < 0.05, "batch mean ≈ epoch loss (batch- vs row-weighted)");
    assert.ok(e.batchLoss.min <= e.batchLoss.mean && e.batchLoss.mean <= e.batchLoss.max);
    for (const n of ["0.weight", "2.weight"]) {
      assert.ok(e.gradNorm[n] > 0 && e.updateRatio[n] > 0 && e.stepUpdateRatio[n] > 0, `${n} measured`);
      // One epoch's net move is larger than one step's, and smaller than all 15 steps' sum.
      assert.ok(e.updateRatio[n] > e.stepUpdateRatio[n] && e.updateRatio[n] < 15 * e.stepUpdateRatio[n] * 1.5);
    }
    assert.equal(e.activations.length, 1);
    assert.equal(e.activations[0].kind, "relu");
    assert.equal(e.activations[0].layer, "1");
    assert.equal(e.adam.length, 1);
    assert.equal(e.adam[0].eps, 1e-8);
    assert.equal(e.lr, 1e-3);
  }
  // Checked against a direct computation: the last epoch's update ratio of 0.weight from weight copies.
  const sd = doc.stateDict();
  assert.deepEqual(sd, structuredClone(doc.record));
  const again = new doctor.DoctorCallback();
  again.loadStateDict(sd);
  assert.deepEqual(again.record, doc.record);
});

test("update ratios and gradient norms are what they claim", async () => {
  const p = setup();
  const doc = new doctor.DoctorCallback({ sampleEvery: 1 });
  const w = p.model.parameters()[0];
  let before;
  const spy = { onEpochBegin: () => void (before = Float64Array.from(w.data.data)) };
  await fitWith(p, [spy, doc], 1);
  const after = w.data.data;
  let d2 = 0;
  let n2 = 0;
  for (let i = 0; i < after.length; i++) {
    d2 += (after[i] - before[i]) ** 2;
    n2 += before[i] ** 2;
  }
  const ratio = doc.record.epochs[0].updateRatio["0.weight"];
  assert.ok(Math.abs(ratio - Math.sqrt(d2 / n2)) < 1e-6 * ratio + 1e-9, `${ratio} vs ${Math.sqrt(d2 / n2)}`);
});

test("lr 10 with SGD: the loss overflows, the doctor rolls back, halves the lr and finishes with finite weights", async () => {
  const p = setup({ lr: 10, Opt: optim.SGD });
  const doc = new doctor.DoctorCallback();
  const history = await fitWith(p, [doc], 8);
  const events = doc.record.nonFinite;
  assert.ok(events.length >= 1, "a rollback happened");
  for (const e of events) {
    assert.equal(e.action, "rollback");
    assert.ok(Number.isNaN(e.value) || !Number.isFinite(e.value));
    assert.equal(e.lrAfter, e.lrBefore / 2);
    assert.ok(e.resumedAt <= e.epoch);
  }
  assert.equal(p.optimizer.paramGroups[0].lr, 10 / 2 ** events.length);
  assert.deepEqual(history.epochs, [0, 1, 2, 3, 4, 5, 6, 7], "each epoch recorded once");
  assert.equal(doc.record.epochs.length, 8);
  assert.ok(history.get("loss").every(Number.isFinite));
  assert.ok(weights(p.model).every(Number.isFinite));
  const f = doctor.diagnose({ history, record: doc.record });
  assert.ok(f.some((x) => x.code === "loss-nan" && x.severity === "warning"), doctor.format(f));
});

test("without the doctor the old error stands; onNaN 'raise' and exhausted retries keep it too", async () => {
  await assert.rejects(fitWith(setup({ lr: 10, Opt: optim.SGD }), [], 8), /BCEWithLogitsLoss: the loss is NaN because input row \d+ holds an infinity/);
  const raise = new doctor.DoctorCallback({ onNaN: "raise" });
  await assert.rejects(fitWith(setup({ lr: 10, Opt: optim.SGD }), [raise], 8), /holds an infinity/);
  assert.equal(raise.record.nonFinite.length, 1);
  assert.equal(raise.record.nonFinite[0].action, "raise");
  const none = new doctor.DoctorCallback({ maxRetries: 0 });
  await assert.rejects(fitWith(setup({ lr: 10, Opt: optim.SGD }), [none], 8), /holds an infinity/);
  assert.deepEqual(none.record.nonFinite.map((e) => e.action), ["raise"]);
});

test("onNaN 'stop' restores the last good epoch and ends training without error", async () => {
  const p = setup({ lr: 10, Opt: optim.SGD });
  const doc = new doctor.DoctorCallback({ onNaN: "stop" });
  const history = await fitWith(p, [doc], 8);
  const [e] = doc.record.nonFinite;
  assert.equal(e.action, "stop");
  assert.equal(history.epochs.length, e.resumedAt);
  assert.ok(weights(p.model).every(Number.isFinite));
});

test("fit's onNonFiniteLoss hook is generic: any callback can restore and retry; retry without restore is refused", async () => {
  manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(2, 1));
  const mse = new nn.MSELoss();
  let calls = 0;
  // A loss that is infinite once: the 7th call, the first batch of epoch 3 (3 batches per epoch).
  const loss = { forward: (o, t) => (++calls === 7 ? Infinity : mse.forward(o, t)), backward: () => mse.backward() };
  const x = Array.from({ length: 12 }, (_, i) => [i / 12, 1 - i / 12]);
  const y = x.map((r) => r[0] - r[1]);
  let saved;
  const seen = [];
  const retry = {
    onCheckpoint: (_e, _l, ctx) => void (saved = ctx.checkpoint()),
    onNonFiniteLoss: (epoch, batch, value, ctx) => {
      seen.push([epoch, batch, value, ctx.restore(saved)]);
      return "retry";
    },
  };
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
  const h = await train.fit(model, { loss, optimizer, train: { x, y }, epochs: 3, batchSize: 4, callbacks: [retry] });
  assert.deepEqual(seen, [[2, 0, Infinity, 2]]);
  assert.deepEqual(h.epochs, [0, 1, 2]);
  calls = 0;
  const lazy = { onNonFiniteLoss: () => "retry" };
  await assert.rejects(train.fit(model, { loss, optimizer, train: { x, y }, epochs: 3, batchSize: 4, callbacks: [lazy] }), /returned "retry" without calling ctx\.restore\(\)/);
  calls = 0;
  await assert.rejects(train.fit(model, { loss, optimizer, train: { x, y }, epochs: 3, batchSize: 4 }), /the training loss became Infinity at epoch 3, batch 1/);
});

test("DoctorCallback options are checked", () => {
  assert.throws(() => new doctor.DoctorCallback({ on_nan: "stop" }), /DoctorCallback: unknown option 'on_nan' — did you mean 'onNaN'\?/);
  assert.throws(() => new doctor.DoctorCallback({ onNaN: "retry" }), /onNaN must be "rollback", "stop" or "raise"/);
  assert.throws(() => new doctor.DoctorCallback({ sampleEvery: 0 }), /sampleEvery must be a positive integer/);
  assert.throws(() => new doctor.DoctorCallback({ maxRetries: -1 }), /maxRetries must be a non-negative integer/);
  assert.throws(() => new doctor.DoctorCallback({ lrFactor: 1 }), /lrFactor must be between 0 and 1/);
});
