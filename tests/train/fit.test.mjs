import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
import { problem } from "./problem.mjs";
const { manualSeed, nn, optim, train } = wt;

const trainData = problem(90);
const valData = problem(30);

/** Fresh model, optimizer, scheduler and callbacks; the default generator decides the initial weights. */
function setup(initSeed, schedulerKind = "exponential") {
  manualSeed(initSeed);
  const model = new nn.Sequential(new nn.Linear(5, 8), new nn.ReLU(), new nn.Dropout(0.25), new nn.Linear(8, 1));
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
  const S = optim.lrScheduler;
  const scheduler = schedulerKind === "onecycle" ? new S.OneCycleLR(optimizer, { maxLr: 0.05, totalSteps: 6 * 3 }) : new S.ExponentialLR(optimizer, { gamma: 0.8 });
  const saved = [];
  const callbacks = [
    new train.EarlyStopping({ monitor: "val_auc", patience: 50 }),
    new train.ModelCheckpoint({ save: (bytes) => void saved.push(bytes) }),
  ];
  return { model, optimizer, scheduler, callbacks, saved };
}

function weightBytes(model) {
  return Buffer.concat(Object.values(model.stateDict()).map((t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength))).toString("hex");
}

async function run(s, epochs, resume) {
  return train.fit(s.model, {
    loss: new nn.BCEWithLogitsLoss(),
    optimizer: s.optimizer,
    scheduler: s.scheduler,
    train: trainData,
    val: valData,
    epochs,
    batchSize: 32,
    metrics: ["auc", "accuracy"],
    callbacks: s.callbacks,
    resume,
  });
}

for (const kind of ["exponential", "onecycle"]) {
  test(`resuming from a checkpoint continues bit-identically (${kind} scheduler, dropout, shuffling)`, async () => {
    const straight = setup(0, kind);
    const full = await run(straight, 6);

    const first = setup(0, kind);
    await run(first, 3);
    assert.equal(first.saved.length, 3);
    // Fresh objects initialised differently: everything must come from the checkpoint.
    const second = setup(77, kind);
    assert.notEqual(weightBytes(second.model), weightBytes(first.model));
    const resumed = await run(second, 6, first.saved[2]);

    assert.equal(weightBytes(second.model), weightBytes(straight.model));
    assert.deepEqual(resumed.toJSON(), full.toJSON());
    assert.equal(resumed.lr.length, 6 * 3);
    assert.deepEqual(second.optimizer.stateDict(), straight.optimizer.stateDict());
  });
}

test("a corrupted checkpoint passed to fit is refused before training and the model is untouched", async () => {
  const first = setup(0);
  await run(first, 1);
  const bad = first.saved[0].slice();
  bad[bad.length - 5] ^= 0xff;
  const fresh = setup(5);
  const before = weightBytes(fresh.model);
  await assert.rejects(run(fresh, 3, bad), /cannot load checkpoint: invalid safetensors file: checksum mismatch/);
  await assert.rejects(run(fresh, 3, first.saved[0].subarray(0, 1000)), /cannot load checkpoint: invalid safetensors file: .*truncated/);
  assert.equal(weightBytes(fresh.model), before);
});

test("schedulers step per epoch or per batch by type; lr is recorded per step", async () => {
  const s = setup(0);
  const h = await run(s, 3);
  assert.equal(h.lr.length, 9);
  assert.deepEqual(h.lr.map((v) => v.toPrecision(6)), [0.01, 0.01, 0.01, 0.008, 0.008, 0.008, 0.0064, 0.0064, 0.0064].map((v) => v.toPrecision(6)));
  const o = setup(0, "onecycle");
  const ho = await run(o, 2);
  assert.equal(new Set(ho.lr).size, 6, "OneCycleLR changes the lr every batch");
  assert.equal(train.defaultSchedulerStep(o.scheduler), "batch");
  assert.equal(train.defaultSchedulerStep(s.scheduler), "epoch");
});

test("a scheduler declares its own interval, which fit() honours, and no list of classes decides it", async () => {
  const S = optim.lrScheduler;
  // A user's schedule counted in optimizer steps: it halves the lr at every step.
  class Halving extends S.LRScheduler {
    constructor(optimizer) {
      super(optimizer);
      this.start(-1);
    }
    get interval() {
      return "batch";
    }
    groupLr(i) {
      return this.lastEpoch === 0 ? this.baseLrs[i] : this.optimizer.paramGroups[i].lr / 2;
    }
  }
  class PerEpochHalving extends Halving {
    get interval() {
      return "epoch";
    }
  }
  const lrs = async (Scheduler) => {
    const s = setup(0);
    s.scheduler = new Scheduler(s.optimizer);
    return (await run(s, 2)).lr;
  };
  // 90 rows in batches of 32: three batches per epoch, the lr recorded at each.
  assert.deepEqual(await lrs(Halving), [0.01, 0.005, 0.0025, 0.00125, 0.000625, 0.0003125]);
  assert.deepEqual(await lrs(PerEpochHalving), [0.01, 0.01, 0.01, 0.005, 0.005, 0.005]);
  const optimizer = new optim.SGD([new nn.Parameter(wt.Tensor.zeros([2]))], { lr: 0.1 });
  const intervals = {
    cyclic: new S.CyclicLR(optimizer, { baseLr: 0.01, maxLr: 0.1, cycleMomentum: false }),
    noam: new S.NoamLR(optimizer, { modelSize: 16, warmup: 4 }),
    oneCycle: new S.OneCycleLR(optimizer, { maxLr: 0.1, totalSteps: 10 }),
    step: new S.StepLR(optimizer, { stepSize: 2 }),
    plateau: new S.ReduceLROnPlateau(optimizer),
    warmup: new S.WarmupLR(optimizer, { warmupSteps: 2 }, new S.ExponentialLR(optimizer, { gamma: 0.9 })),
  };
  assert.deepEqual(Object.fromEntries(Object.entries(intervals).map(([k, s]) => [k, train.defaultSchedulerStep(s)])),
    { cyclic: "batch", noam: "batch", oneCycle: "batch", step: "epoch", plateau: "epoch", warmup: "epoch" });
  // A getter, so it stays out of the saved state.
  assert.equal("interval" in intervals.oneCycle.stateDict(), false);
  // A scheduler written against the interface alone, without the base class, steps per epoch.
  assert.equal(train.defaultSchedulerStep({ optimizer, step() {}, getLastLr: () => [0.1], stateDict: () => ({}), loadStateDict() {} }), "epoch");
});

test("ReduceLROnPlateau receives the monitored value", async () => {
  manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(5, 1));
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
  const scheduler = new optim.lrScheduler.ReduceLROnPlateau(optimizer, { patience: 0, factor: 0.5, mode: "max" });
  // A constant cannot improve: from the second epoch's end on, every epoch end halves the lr.
  const flat = { name: "flat", compute: () => 0.5 };
  const h = await train.fit(model, { loss: new nn.BCEWithLogitsLoss(), optimizer, scheduler, schedulerMonitor: "val_flat", train: trainData, val: valData, epochs: 4, metrics: [flat] });
  assert.deepEqual([h.lr[0], h.lr[3], h.lr[6], h.lr[9]], [0.1, 0.1, 0.05, 0.025]);
  await assert.rejects(
    train.fit(model, { loss: new nn.BCEWithLogitsLoss(), optimizer, scheduler, schedulerStep: "batch", train: trainData, epochs: 1 }),
    /ReduceLROnPlateau needs a metric/,
  );
});

test("user callbacks see every hook in order and can stop training", async () => {
  const s = setup(0);
  const seen = [];
  const spy = {
    onTrainBegin: () => void seen.push("begin"),
    onEpochBegin: (e) => void seen.push(`e${e}`),
    onBatchEnd: (b, logs) => {
      assert.ok(Number.isFinite(logs.loss) && logs.size > 0 && logs.lr > 0);
      seen.push(`b${b}`);
    },
    onEpochEnd: (e, logs, ctx) => {
      assert.deepEqual(Object.keys(logs), ["loss", "auc", "accuracy", "val_loss", "val_auc", "val_accuracy"]);
      if (e === 1) ctx.stopTraining = true;
    },
    onTrainEnd: () => void seen.push("end"),
  };
  const h = await train.fit(s.model, { loss: new nn.BCEWithLogitsLoss(), optimizer: s.optimizer, train: trainData, val: valData, epochs: 10, metrics: ["auc", "accuracy"], callbacks: [spy] });
  assert.deepEqual(seen, ["begin", "e0", "b0", "b1", "b2", "e1", "b0", "b1", "b2", "end"]);
  assert.equal(h.epochs.length, 2);
  const stopper = { onBatchEnd: (b) => (b === 1 ? "stop" : undefined) };
  const h2 = await train.fit(s.model, { loss: new nn.BCEWithLogitsLoss(), optimizer: s.optimizer, train: trainData, epochs: 10, callbacks: [stopper] });
  assert.equal(h2.lr.length, 2);
  const asyncStopper = { onEpochEnd: async (e) => (e === 2 ? "stop" : undefined) };
  const h3 = await train.fit(s.model, { loss: new nn.BCEWithLogitsLoss(), optimizer: s.optimizer, train: trainData, epochs: 10, callbacks: [asyncStopper] });
  assert.equal(h3.epochs.length, 3);
});

test("evaluate runs in eval mode without gradients and matches the loss over the whole set", () => {
  const s = setup(3);
  const loss = new nn.BCEWithLogitsLoss();
  for (const p of s.model.parameters()) p.grad.data.fill(0);
  const a = train.evaluate(s.model, valData, { loss, metrics: ["auc"], batchSize: 7 });
  const b = train.evaluate(s.model, valData, { loss, metrics: ["auc"] });
  assert.ok(Math.abs(a.loss - b.loss) < 1e-6, "dropout is off and batching does not change the mean loss");
  assert.equal(a.auc, b.auc);
  assert.ok(s.model.training, "the previous mode is restored");
  assert.ok(s.model.parameters().every((p) => p.grad.data.every((v) => v === 0)), "no gradient was computed");
  const out = train.predict(s.model, valData.x, { batchSize: 8 });
  assert.deepEqual(out.shape, [30, 1]);
  const y = wt.Tensor.from(valData.y, [30, 1]);
  s.model.eval();
  const whole = loss.forward(out, y);
  s.model.train();
  assert.ok(Math.abs(whole - a.loss) < 1e-6);
  out.dispose();
  y.dispose();
});

test("bad options are refused with clear messages", async () => {
  const s = setup(0);
  const base = { loss: new nn.BCEWithLogitsLoss(), optimizer: s.optimizer, train: trainData };
  await assert.rejects(train.fit(s.model, { ...base, epochs: 1.5 }), /epochs must be a non-negative integer, got 1.5/);
  await assert.rejects(train.fit(s.model, { ...base, epochs: 1, metrics: ["f2"] }), /unknown metric "f2"; known: "accuracy", "auc", "mse", "mae"/);
  await assert.rejects(train.fit(s.model, { ...base, epochs: 1, schedulerStep: "step" }), /schedulerStep must be "batch" or "epoch"/);
  await assert.rejects(train.fit(s.model, { ...base, epochs: 1, val: valData, callbacks: [new train.EarlyStopping({ monitor: "val_auc" })] }), /EarlyStopping monitors "val_auc" but the epoch logs have "loss", "val_loss"/);
});

test("class labels given as plain numbers train a CrossEntropyLoss/NLLLoss model; fractional labels are refused by row", async () => {
  const { x, y } = problem(60);
  const labels = Array.from(y); // plain JavaScript numbers, as a user reading JSON has them
  for (const [loss, head] of [[new nn.CrossEntropyLoss(), []], [new nn.NLLLoss(), [new nn.LogSoftmax(1)]]]) {
    manualSeed(0);
    const model = new nn.Sequential(new nn.Linear(5, 8), new nn.ReLU(), new nn.Linear(8, 2), ...head);
    const optimizer = new optim.Adam(model.parameters(), { lr: 0.05 });
    const history = await train.fit(model, { loss, optimizer, train: { x, y: labels }, val: { x, y: Float64Array.from(labels) }, epochs: 15, metrics: ["accuracy"] });
    assert.ok(history.get("val_accuracy").at(-1) > 0.85, `${loss.constructor.name}: ${history.get("val_accuracy")}`);
    assert.ok(train.evaluate(model, { x, y: labels }, { loss, metrics: ["accuracy"] }).accuracy > 0.85);
  }
  const model = new nn.Sequential(new nn.Linear(5, 2));
  const bad = labels.map((v, i) => (i === 4 ? 0.5 : v));
  await assert.rejects(
    train.fit(model, { loss: new nn.CrossEntropyLoss(), optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), train: { x, y: bad }, epochs: 1 }),
    /targets index 4 is 0\.5, not a class index/,
  );
});
