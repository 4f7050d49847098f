// Every options bag refuses a key it does not know, naming the closest valid
// one, and accepts every option its published type documents (the names are
// read from dist/*.d.ts, so a documented option the code refuses fails here).
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
import { documentedOptions } from "./documented.mjs";

const { Tensor, nn, optim, train, data, metrics, io } = wt;
const S = optim.lrScheduler;
const params = () => new nn.Linear(2, 1).parameters();
const sgd = () => new optim.SGD(params(), { lr: 0.1, momentum: 0.9 });
const x = [[0, 1], [1, 0], [1, 1], [0, 0]];
const y = [1, 0, 1, 0];

/** A misspelling of `name`: PyTorch's snake_case form, or a doubled last letter for one-word names. */
function misspelt(name) {
  const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return snake !== name ? snake : name + name.at(-1);
}

/**
 * One options bag: `who` starts its errors, `path`/`index` locate its type in
 * the .d.ts, `base` holds valid values of the required options, `make(opts)`
 * calls the function or constructor with them (a promise for async ones).
 */
const cases = [
  ...["SGD", "Adam", "AdamW", "Adamax", "NAdam", "RAdam", "RMSprop", "Adagrad"].map((name) => ({
    who: name, path: ["optim", name], index: 1, base: name === "SGD" ? { lr: 0.1 } : {},
    make: (o) => new optim[name](params(), o),
  })),
  { who: "clipGradNorm", path: ["optim", "clipGradNorm"], index: 3, base: {}, make: (o) => optim.clipGradNorm(params(), 1, 2, o) },
  ...[
    ["StepLR", { stepSize: 2 }], ["MultiStepLR", { milestones: [1, 2] }], ["ConstantLR", {}], ["LinearLR", {}],
    ["ExponentialLR", { gamma: 0.9 }], ["PolynomialLR", {}], ["CosineAnnealingLR", { tMax: 5 }],
    ["CosineAnnealingWarmRestarts", { t0: 3 }], ["CyclicLR", { baseLr: 0.01, maxLr: 0.1 }],
    ["OneCycleLR", { maxLr: 0.1, totalSteps: 10 }], ["LambdaLR", { lrLambda: () => 1 }],
    ["MultiplicativeLR", { lrLambda: () => 1 }], ["NoamLR", { modelSize: 16, warmup: 4 }], ["ReduceLROnPlateau", {}],
  ].map(([name, base]) => ({ who: name, path: ["optim", "lrScheduler", name], index: 1, base, make: (o) => new S[name](sgd(), o) })),
  {
    who: "WarmupLR", path: ["optim", "lrScheduler", "WarmupLR"], index: 1, base: { warmupSteps: 2 },
    make: (o) => { const opt = sgd(); return new S.WarmupLR(opt, o, new S.StepLR(opt, { stepSize: 2 })); },
  },
  {
    who: "SequentialLR", path: ["optim", "lrScheduler", "SequentialLR"], index: 2, base: { milestones: [2] },
    make: (o) => { const opt = sgd(); return new S.SequentialLR(opt, [new S.ConstantLR(opt), new S.StepLR(opt, { stepSize: 2 })], o); },
  },
  { who: "previewSchedule", path: ["optim", "lrScheduler", "previewSchedule"], index: 2, base: {}, make: (o) => S.previewSchedule({ type: "step", stepSize: 2 }, 3, { metrics: [1, 1], ...o }) },

  ...["MSELoss", "L1Loss", "HuberLoss", "SmoothL1Loss", "CrossEntropyLoss", "NLLLoss", "BCELoss", "BCEWithLogitsLoss", "KLDivLoss", "PoissonNLLLoss"].map((name) => ({
    who: name, path: ["nn", name], index: 0, base: {}, make: (o) => new nn[name](o),
  })),
  { who: "Linear", path: ["nn", "Linear"], index: 2, base: {}, make: (o) => new nn.Linear(2, 3, o) },
  ...["LeakyReLU", "ELU", "GELU", "Softplus", "Softmax", "LogSoftmax", "Dropout", "Flatten"].map((name) => ({
    who: name, path: ["nn", name], index: 0, base: {}, make: (o) => new nn[name](o),
  })),
  { who: "Dropout", path: ["nn", "Dropout"], index: 1, base: {}, make: (o) => new nn.Dropout(0.5, o) },
  { who: "BatchNorm1d", path: ["nn", "BatchNorm1d"], index: 1, base: {}, make: (o) => new nn.BatchNorm1d(3, o) },
  { who: "LayerNorm", path: ["nn", "LayerNorm"], index: 1, base: {}, make: (o) => new nn.LayerNorm(3, o) },
  ...["kaimingUniform", "kaimingNormal"].map((name) => ({
    who: name, path: ["nn", "init", name], index: 1, base: {}, make: (o) => nn.init[name](Tensor.zeros([2, 2]), o),
  })),

  {
    who: "fit", path: ["train", "fit"], index: 1,
    // `optimizer: true` stands for an SGD over the model the call builds.
    base: { train: { x, y }, loss: new nn.MSELoss(), optimizer: true, epochs: 1 },
    make: (o) => { const model = new nn.Linear(2, 1); return train.fit(model, { ...o, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }) }); },
  },
  { who: "evaluate", path: ["train", "evaluate"], index: 2, base: {}, make: (o) => train.evaluate(new nn.Linear(2, 1), { x, y }, o) },
  { who: "predict", path: ["train", "predict"], index: 2, base: {}, make: (o) => train.predict(new nn.Linear(2, 1), x, o).dispose() },
  { who: "EarlyStopping", path: ["train", "EarlyStopping"], index: 0, base: {}, make: (o) => new train.EarlyStopping(o) },
  { who: "ModelCheckpoint", path: ["train", "ModelCheckpoint"], index: 0, base: { save: () => {} }, make: (o) => new train.ModelCheckpoint(o) },
  { who: "ProgressReporter", path: ["train", "ProgressReporter"], index: 0, base: { output: null }, make: (o) => new train.ProgressReporter(o) },

  { who: "TensorDataset", path: ["data", "TensorDataset"], index: 2, base: {}, make: (o) => new data.TensorDataset(x, y, o) },
  { who: "DataLoader", path: ["data", "DataLoader"], index: 1, base: {}, make: (o) => new data.DataLoader(new data.TensorDataset(x, y), o) },
  { who: "trainTestSplit", path: ["data", "trainTestSplit"], index: 2, base: {}, make: (o) => data.trainTestSplit(x, y, o) },
  { who: "trainTestSplitIndices", path: ["data", "trainTestSplitIndices"], index: 1, base: {}, make: (o) => data.trainTestSplitIndices(4, o) },
  { who: "trainValTestSplit", path: ["data", "trainValTestSplit"], index: 2, base: {}, make: (o) => data.trainValTestSplit([...x, ...x], [...y, ...y], o) },
  { who: "kFold", path: ["data", "kFold"], index: 2, base: {}, make: (o) => data.kFold(4, 2, o) },
  { who: "stratifiedKFold", path: ["data", "stratifiedKFold"], index: 2, base: {}, make: (o) => data.stratifiedKFold(y, 2, o) },
  { who: "readCsv", path: ["data", "readCsv"], index: 1, base: {}, make: (o) => data.readCsv("a,b\n1,2\n3,4\n", o) },
  { who: "StandardScaler", path: ["data", "StandardScaler"], index: 0, base: {}, make: (o) => new data.StandardScaler(o) },
  { who: "MinMaxScaler", path: ["data", "MinMaxScaler"], index: 1, base: {}, make: (o) => new data.MinMaxScaler([0, 1], o) },

  ...["accuracyScore", "confusionMatrix", "meanSquaredError", "meanAbsoluteError", "rocAucScore", "averagePrecisionScore", "rocCurve", "precisionRecallCurve"].map((name) => ({
    who: name, path: ["metrics", name], index: 2, base: {}, make: (o) => metrics[name](y, [0.9, 0.1, 0.8, 0.3].map((v) => (name === "accuracyScore" || name === "confusionMatrix" ? Math.round(v) : v)), o),
  })),
  { who: "logLoss", path: ["metrics", "logLoss"], index: 2, base: {}, make: (o) => metrics.logLoss(y, [0.9, 0.1, 0.8, 0.3], o) },
  { who: "encodeSafetensors", path: ["io", "encodeSafetensors"], index: 2, base: {}, make: (o) => io.encodeSafetensors({}, {}, o) },
  // init's parameter is a union with the module sources: its options are InitOptions'.
  { who: "init", path: ["InitOptions"], base: {}, make: (o) => wt.init(o) },
];

const run = async (c, o) => c.make(o);

for (const c of cases) {
  test(`${c.who}${c.index > 0 && c.index !== undefined ? ` (argument ${c.index + 1})` : ""}: every documented option is accepted, each misspelling refused naming it`, async () => {
    const names = documentedOptions(c.path, c.index);
    await run(c, c.base);
    for (const name of names) {
      // An option given as undefined takes its default: this only asks whether the key is known.
      if (!(name in c.base)) await run(c, { ...c.base, [name]: undefined });
      const bad = misspelt(name);
      await assert.rejects(run(c, { ...c.base, [bad]: 1 }), (e) => {
        assert.ok(e instanceof TypeError, `${c.who}: ${e}`);
        assert.equal(e.message, `${c.who}: unknown option '${bad}' — did you mean '${name}'?`);
        return true;
      });
    }
  });
}
