// `wasmtune tune`'s default search space and objective: an MLP on a tabular
// split, trained as `wasmtune train` trains it, scored on the validation rows.
// The scales follow the usual practice: the learning rate and weight decay on
// a log scale, β₁ (Adam's first-moment decay, SGD's momentum) as 1 − β₁ on a
// log scale so that 0.9 and 0.99 are as far apart as 0.5 and 0.9, and the
// width on a log scale. bench/tune_peer.py mirrors this space for PyTorch.
import { BestWeights } from "./best_weights.mjs";
import { lossFor, mlp, moments, optimizerFor, schedulerFor } from "./setup.mjs";

/** Draw one configuration from the default space; returns `train` options. */
export function suggestConfig(trial) {
  const optimizer = trial.suggestCategorical("optimizer", ["adam", "adamw", "sgd"]);
  const lr = trial.suggestFloat("lr", 1e-5, 1e-1, { log: true });
  const beta1 = 1 - trial.suggestFloat("one_minus_beta1", 1e-2, 0.5, { log: true });
  const weightDecay = trial.suggestFloat("weight_decay", 1e-6, 1e-2, { log: true });
  const layers = trial.suggestInt("layers", 1, 3);
  const units = trial.suggestInt("units", 16, 256, { log: true });
  const dropout = trial.suggestFloat("dropout", 0, 0.5);
  const batchSize = trial.suggestCategorical("batch_size", [16, 32, 64, 128]);
  const scheduler = trial.suggestCategorical("scheduler", ["none", "cosine", "exponential"]);
  return { optimizer, lr, beta1, weightDecay, hidden: Array(layers).fill(units), dropout, batchSize, scheduler: scheduler === "exponential" ? "exponential:0.95" : scheduler };
}

/** The logged value a task is tuned on and its direction. */
export function monitorFor(task) {
  if (task.kind === "binary") return { monitor: "val_auc", direction: "maximize" };
  if (task.kind === "multiclass") return { monitor: "val_accuracy", direction: "maximize" };
  return { monitor: "val_loss", direction: "minimize" };
}

/**
 * Train one configuration on `split` (`{ xTrain, yTrain, xVal, yVal, task }`,
 * features already standardised) for `epochs` epochs; `callbacks` see every
 * epoch. Returns the model, the history and the best monitored value, the
 * model holding that epoch's weights. The model's initialisation and the
 * shuffling are seeded by `seed`, so a configuration retrained with the same
 * seed gives the same model bit for bit.
 */
export async function trainConfig(wt, split, config, { epochs, seed, callbacks = [] }) {
  const { nn, optim, train } = wt;
  wt.manualSeed(seed);
  const { loss, outputs, metrics } = lossFor(nn, split.task, split.target.std);
  const model = mlp(nn, split.xTrain.shape[1], config.hidden, outputs, config.dropout);
  const optimizer = optimizerFor(optim, model.parameters(), config);
  const steps = Math.ceil(split.yTrain.length / config.batchSize);
  const scheduler = schedulerFor(optim, optimizer, config.scheduler, epochs, steps);
  const { monitor, direction } = monitorFor(split.task);
  const best = new BestWeights(monitor, direction === "maximize" ? "max" : "min");
  const history = await train.fit(model, {
    loss,
    optimizer,
    scheduler,
    train: { x: split.xTrain, y: split.yTrain },
    val: { x: split.xVal, y: split.yVal },
    epochs,
    batchSize: config.batchSize,
    seed,
    metrics,
    callbacks: [best, ...callbacks],
  });
  const values = history.get(monitor);
  const value = direction === "maximize" ? Math.max(...values) : Math.min(...values);
  return { model, history, value, loss, metrics };
}

/**
 * The objective `wasmtune tune` optimizes: a configuration from the default
 * space, trained with a `PruningCallback` on the monitored value; the trial's
 * value is the best epoch's. Trial k is seeded with `seed + k`, so any trial
 * can be reproduced on its own.
 */
export function tabularObjective(wt, split, { epochs, seed }) {
  const { monitor } = monitorFor(split.task);
  return async (trial) => {
    const config = suggestConfig(trial);
    const pruning = new wt.tune.PruningCallback(trial, monitor);
    const r = await trainConfig(wt, split, config, { epochs, seed: seed + trial.number, callbacks: [pruning] });
        return r.value;
  };
}

/**
 * Hold out `test` of the rows (stratified for classes), then `val` of the
 * rest for the objective; features standardised on the training rows only,
 * regression targets too. Returns `{ xTrain, yTrain, xVal, yVal, xTest,
 * yTest, task, scaler, target }` (`target`: the targets' mean and std).
 */
export function tuningSplit(wt, x, task, { val, test, seed }) {
  const { data } = wt;
  const stratify = (y) => (task.kind === "regression" ? undefined : y);
  const outer = data.trainTestSplit(x, task.y, { testSize: test, stratify: stratify(task.y), seed });
  const inner = data.trainTestSplit(outer.xTrain, outer.yTrain, { testSize: val, stratify: stratify(outer.yTrain), seed: seed + 1 });
  const scaler = new data.StandardScaler().fit(inner.xTrain);
  const target = task.kind === "regression" ? moments(inner.yTrain) : { mean: 0, std: 1 };
  const standard = (y) => (task.kind === "regression" ? y.map((v) => (v - target.mean) / target.std) : y);
  return {
    xTrain: scaler.transform(inner.xTrain),
    yTrain: standard(inner.yTrain),
    xVal: scaler.transform(inner.xTest),
    yVal: standard(inner.yTest),
    xTest: scaler.transform(outer.xTest),
    yTest: standard(outer.yTest),
    task,
    scaler,
    target,
  };
}
