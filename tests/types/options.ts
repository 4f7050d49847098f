// Option types are exact: every misspelt or snake_case key below must be a
// type error (`@ts-expect-error` fails the compile when it is not), while the
// camelCase spellings type-check.
import { init, nn, optim, train, data, metrics, io, Tensor, add } from "wasmtune";

const { lrScheduler } = optim;

export async function misspelt(): Promise<void> {
  // @ts-expect-error relaxedSIMD is not an init() option (relaxedSimd is)
  await init({ relaxedSIMD: true });
  // @ts-expect-error a misspelt option next to a valid one
  await init({ relaxedSimd: true, micro_kernel: "splat" });
  await init({ relaxedSimd: true, microkernel: "splat" });

  // @ts-expect-error torchvision's snake_case name
  new data.transforms.RandomCrop(3, { padding_mode: "edge" });
  new data.transforms.RandomCrop(3, { paddingMode: "edge" });
  // @ts-expect-error a misspelt DataLoader option
  new data.DataLoader(new data.TensorDataset([[1]]), { transfrom: new data.transforms.RandomHorizontalFlip() });

  const model = new nn.Linear(2, 1);
  const p = model.parameters();
  // @ts-expect-error PyTorch's snake_case name
  new optim.Adam(p, { weight_decay: 0.1 });
  // @ts-expect-error in a parameter group too
  new optim.Adam([{ params: p, weight_decay: 0.1 }]);
  new optim.Adam([{ params: p, weightDecay: 0.1 }], { lr: 1e-3, betas: [0.9, 0.99], amsgrad: true, maximize: true });
  // @ts-expect-error torch 1.13's NAdam has no maximize
  new optim.NAdam(p, { maximize: true });
  // @ts-expect-error nor has RAdam
  new optim.RAdam(p, { maximize: true });
  // @ts-expect-error
  new optim.SGD(p, { lr: 0.1, nesterov: true, momentum: 0.9, dampning: 0 });
  const opt = new optim.SGD(p, { lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: true, maximize: false });
  // @ts-expect-error
  optim.clipGradNorm(p, 1, 2, { error_if_nonfinite: true });

  const v = Tensor.from([1, 2]);
  // @ts-expect-error a misspelt alpha
  v.add(v, { Alpha: 2 });
  add(v, 1, { alpha: 2 }).sub(v, { alpha: 0.5 });
  // @ts-expect-error
  new nn.CrossEntropyLoss({ label_smoothing: 0.1 });
  new nn.CrossEntropyLoss({ labelSmoothing: 0.1, ignoreIndex: -100, reduction: "sum" });
  // @ts-expect-error
  new nn.LeakyReLU({ negative_slope: 0.2 });
  new nn.LeakyReLU({ negativeSlope: 0.2 });
  // @ts-expect-error
  new nn.BatchNorm1d(4, { track_running_stats: false });
  // @ts-expect-error
  new nn.Dropout(0.5, { seed: 1 });
  // @ts-expect-error
  nn.init.kaimingUniform(model.weight, { nonLinearity: "relu" });

  // @ts-expect-error StepLR needs stepSize
  new lrScheduler.StepLR(opt, { gamma: 0.5 });
  // @ts-expect-error
  new lrScheduler.StepLR(opt, { step_size: 3 });
  new lrScheduler.StepLR(opt, { stepSize: 3, gamma: 0.5, lastEpoch: -1 });
  // @ts-expect-error
  lrScheduler.createScheduler(opt, { type: "step", step_size: 3 });
  // @ts-expect-error OneCycleLR needs maxLr
  new lrScheduler.OneCycleLR(opt, { totalSteps: 10 });
  // @ts-expect-error
  new lrScheduler.ReduceLROnPlateau(opt, { threshold_mode: "abs" });

  const x = [[0, 1], [1, 0]];
  const y = [1, 0];
  const loss = new nn.MSELoss();
  // @ts-expect-error
  await train.fit(model, { train: { x, y }, loss, optimizer: opt, epochs: 1, batch_size: 2 });
  await train.fit(model, { train: { x, y }, loss, optimizer: opt, epochs: 1, clipGradNorm: { maxNorm: 1, normType: Infinity, errorIfNonfinite: true } });
  // @ts-expect-error
  await train.fit(model, { train: { x, y }, loss, optimizer: opt, epochs: 1, clipGradNorm: { max_norm: 1 } });
  // @ts-expect-error
  await train.fit(model, { train: { x, y }, loss, optimizer: opt, epochs: 1, gradient_clip_val: 1 });
  // @ts-expect-error
  train.evaluate(model, { x, y }, { batch_size: 2 });
  // @ts-expect-error
  train.predict(model, x, { batch_size: 2 });
  // @ts-expect-error
  new train.EarlyStopping({ min_delta: 0.1 });
  // @ts-expect-error
  new train.ModelCheckpoint({ path: "m.wt", save_best_only: true });
  // @ts-expect-error
  new train.ProgressReporter({ interval: 10 });

  const ds = new data.TensorDataset(x, y);
  // @ts-expect-error
  new data.DataLoader(ds, { batch_size: 2 });
  // @ts-expect-error
  data.trainTestSplit(x, y, { test_size: 0.5 });
  // @ts-expect-error
  data.kFold(4, 2, { random_state: 0 });
  // @ts-expect-error
  data.readCsv("a\n1\n", { delimeter: ";" });
  // @ts-expect-error
  new data.StandardScaler({ with_mean: false });

  // @ts-expect-error
  metrics.rocAucScore(y, y, { multi_class: "ovr" });
  // @ts-expect-error
  metrics.accuracyScore(y, y, { sample_weight: y });
  // @ts-expect-error
  io.encodeSafetensors({}, {}, { check_sum: true });
}
