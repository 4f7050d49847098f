// The examples of issue #10 item 3, refused by name; options PyTorch requires
// refused when missing (Python's "missing required argument", adapted); and
// the places options travel through (parameter groups, scheduler configs,
// previews, a second init()).
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";

const { nn, optim, train } = wt;
const S = optim.lrScheduler;
const params = () => new nn.Linear(2, 1).parameters();
const sgd = () => new optim.SGD(params(), { lr: 0.1, momentum: 0.9 });
const refused = (make, message) => assert.throws(make, (e) => e instanceof TypeError && e.message === message);

test("snake_case and unsupported options are refused instead of ignored", () => {
  refused(() => new optim.Adam(params(), { weight_decay: 0.1 }), "Adam: unknown option 'weight_decay' — did you mean 'weightDecay'?");
  refused(() => new nn.CrossEntropyLoss({ label_smoothing: 0.1 }), "CrossEntropyLoss: unknown option 'label_smoothing' — did you mean 'labelSmoothing'?");
  refused(() => new nn.LeakyReLU({ negative_slope: 0.2 }), "LeakyReLU: unknown option 'negative_slope' — did you mean 'negativeSlope'?");
  // torch 1.13's NAdam and RAdam have no `maximize`; nothing close to suggest.
  refused(() => new optim.NAdam(params(), { maximize: true }), "NAdam: unknown option 'maximize' (valid options: 'lr', 'betas', 'eps', 'weightDecay', 'momentumDecay')");
  refused(() => new optim.RAdam(params(), { maximize: true }), "RAdam: unknown option 'maximize' (valid options: 'lr', 'betas', 'eps', 'weightDecay')");
  refused(() => new optim.AdamW(params(), { weight_decay: 0.1 }), "AdamW: unknown option 'weight_decay' — did you mean 'weightDecay'?");
  refused(() => new optim.SGD(params(), "0.1"), "SGD: options must be an object, got string");
});

test("PyTorch's required scheduler arguments are required options", () => {
  const missing = (make, who, name) => refused(make, `${who}: missing required option '${name}'`);
  missing(() => new S.StepLR(sgd(), {}), "StepLR", "stepSize");
  missing(() => new S.StepLR(sgd()), "StepLR", "stepSize");
  missing(() => new S.StepLR(sgd(), { stepSize: undefined, gamma: 0.5 }), "StepLR", "stepSize");
  missing(() => new S.MultiStepLR(sgd(), { gamma: 0.5 }), "MultiStepLR", "milestones");
  missing(() => new S.ExponentialLR(sgd(), {}), "ExponentialLR", "gamma");
  missing(() => new S.CosineAnnealingLR(sgd(), { etaMin: 0 }), "CosineAnnealingLR", "tMax");
  missing(() => new S.CosineAnnealingWarmRestarts(sgd(), {}), "CosineAnnealingWarmRestarts", "t0");
  missing(() => new S.CyclicLR(sgd(), { maxLr: 0.1 }), "CyclicLR", "baseLr");
  missing(() => new S.CyclicLR(sgd(), { baseLr: 0.01 }), "CyclicLR", "maxLr");
  missing(() => new S.OneCycleLR(sgd(), { totalSteps: 10 }), "OneCycleLR", "maxLr");
  missing(() => new S.LambdaLR(sgd(), {}), "LambdaLR", "lrLambda");
  missing(() => new S.MultiplicativeLR(sgd(), {}), "MultiplicativeLR", "lrLambda");
  missing(() => new S.NoamLR(sgd(), { modelSize: 8 }), "NoamLR", "warmup");
  const opt = sgd();
  missing(() => new S.WarmupLR(opt, {}, new S.StepLR(opt, { stepSize: 2 })), "WarmupLR", "warmupSteps");
  missing(() => new S.SequentialLR(opt, [new S.ConstantLR(opt)], {}), "SequentialLR", "milestones");
  // OneCycleLR's length keeps PyTorch's own message.
  assert.throws(() => new S.OneCycleLR(sgd(), { maxLr: 0.1 }), /^Error: You must define either total_steps OR \(epochs AND steps_per_epoch\)$/);
  assert.throws(() => new S.OneCycleLR(sgd(), { maxLr: 0.1, epochs: 2 }), /steps_per_epoch/);
});

test("an unknown key is refused before a missing required one, as Python binds arguments", () => {
  refused(() => new S.StepLR(sgd(), { step_size: 3 }), "StepLR: unknown option 'step_size' — did you mean 'stepSize'?");
});

test("createScheduler configs are checked by the class they build, nested ones too", () => {
  refused(() => S.createScheduler(sgd(), { type: "step", step_size: 3 }), "StepLR: unknown option 'step_size' — did you mean 'stepSize'?");
  refused(() => S.createScheduler(sgd(), { type: "step" }), "StepLR: missing required option 'stepSize'");
  refused(() => S.createScheduler(sgd(), { type: "plateau", threshold_mode: "abs" }), "ReduceLROnPlateau: unknown option 'threshold_mode' — did you mean 'thresholdMode'?");
  refused(
    () => S.createScheduler(sgd(), { type: "warmup", warmupSteps: 2, after: { type: "cosine", tmax: 5 } }),
    "CosineAnnealingLR: unknown option 'tmax' — did you mean 'tMax'?",
  );
  refused(() => S.createScheduler(sgd(), { type: "warmup", warmup_steps: 2, after: { type: "cosine", tMax: 5 } }), "WarmupLR: unknown option 'warmup_steps' — did you mean 'warmupSteps'?");
  refused(() => S.createScheduler(sgd(), { type: "chained", schedulers: [], milestones: [1] }), "ChainedScheduler: unknown option 'milestones' (it takes no options)");
  // The config keys themselves (type, after, schedulers) are not passed on as options.
  const s = S.createScheduler(sgd(), { type: "sequential", milestones: [2], schedulers: [{ type: "constant" }, { type: "step", stepSize: 2 }] });
  assert.ok(s instanceof S.SequentialLR);
  assert.ok(S.createScheduler(sgd(), { type: "warmup", warmupSteps: 2, after: { type: "cosine", tMax: 5 } }) instanceof S.WarmupLR);
});

test("previewSchedule takes the preview options inline or apart, and refuses others", () => {
  assert.deepEqual(S.previewLr({ type: "step", stepSize: 2, gamma: 0.5, lr: 4 }, 5), [4, 4, 2, 2, 1]);
  assert.deepEqual(S.previewLr({ type: "step", stepSize: 2, gamma: 0.5 }, 5, { lr: 4 }), [4, 4, 2, 2, 1]);
  refused(() => S.previewLr({ type: "step", stepSize: 2, step_size: 2 }, 3), "StepLR: unknown option 'step_size' — did you mean 'stepSize'?");
  refused(() => S.previewLr({ type: "step", stepSize: 2 }, 3, { lrs: [1] }), "previewSchedule: unknown option 'lrs' — did you mean 'lr'?");
});

test("parameter groups refuse keys that are no option of the optimizer", () => {
  const p = params();
  refused(() => new optim.Adam([{ params: p, weight_decay: 0.1 }]), "Adam parameter group: unknown option 'weight_decay' — did you mean 'weightDecay'?");
  refused(() => new optim.SGD([{ params: p, lr: 0.1, nesterov: true, momentum: 0.9, dampning: 0 }]), "SGD parameter group: unknown option 'dampning' — did you mean 'dampening'?");
  const opt = new optim.SGD([{ params: [p[0]], lr: 0.1 }], { lr: 0.2 });
  refused(() => opt.addParamGroup({ params: [p[1]], momentun: 0.9 }), "SGD parameter group: unknown option 'momentun' — did you mean 'momentum'?");
  opt.addParamGroup({ params: [p[1]], momentum: 0.9, initialLr: 0.1 });
  assert.deepEqual(opt.paramGroups.map((g) => [g.lr, g.momentum]), [[0.1, 0], [0.2, 0.9]]);
  // A group option given as undefined takes the default, like a constructor option.
  const adamW = new optim.AdamW([{ params: p, weightDecay: undefined }], { weightDecay: undefined });
  assert.equal(adamW.paramGroups[0].weightDecay, 1e-2);
});

test("fit refuses unknown options and requires its own", async () => {
  const model = new nn.Linear(2, 1);
  const base = { train: { x: [[0, 1]], y: [1] }, loss: new nn.MSELoss(), optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), epochs: 1 };
  await assert.rejects(train.fit(model, { ...base, batch_size: 1 }), { name: "TypeError", message: "fit: unknown option 'batch_size' — did you mean 'batchSize'?" });
  await assert.rejects(train.fit(model, { ...base, epochs: undefined }), { name: "TypeError", message: "fit: missing required option 'epochs'" });
  const { loss: _loss, ...noLoss } = base;
  await assert.rejects(train.fit(model, noLoss), { name: "TypeError", message: "fit: missing required option 'loss'" });
});

test("init() refuses a misspelt option even once the module is loaded", async () => {
  await assert.rejects(wt.init({ relaxedSIMD: true }), { name: "TypeError", message: "init: unknown option 'relaxedSIMD' — did you mean 'relaxedSimd'?" });
  assert.ok(await wt.init({ relaxedSimd: false }));
});
