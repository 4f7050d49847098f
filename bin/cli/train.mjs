// `wasmtune train`: CSV → split → standardise → MLP → fit → save.
import { readFile } from "node:fs/promises";
import { UsageError } from "./args.mjs";
import { checkOutputs } from "./outputs.mjs";
import { targetTask } from "./task.mjs";
import { lossFor, mlp, optimizerFor, schedulerFor } from "./setup.mjs";

const bare = (e) => e.message.replace(/^wasmtune: /, "");

async function readText(file) {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${e.code === "ENOENT" ? "no such file" : e.code === "EISDIR" ? "it is a directory" : e.message}`);
  }
}

function lastColumn(text) {
  const header = text.split(/\r?\n/, 1)[0] ?? "";
  return header.split(",").at(-1).trim().replace(/^"(.*)"$/, "$1");
}

/** Mean and standard deviation of the training targets (regression trains on standardised targets). */
function moments(y) {
  let mean = 0;
  for (const v of y) mean += v / y.length;
  let v2 = 0;
  for (const v of y) v2 += (v - mean) ** 2 / y.length;
  return { mean, std: Math.sqrt(v2) || 1 };
}

/** Run the command; returns the exit code. `print` receives finished lines. */
export async function trainCommand(wt, file, o, print) {
  const { data, nn, optim, train } = wt;
  const text = await readText(file);
  await checkOutputs({ "the input CSV": file }, { "--save": o.save, "--history": o.history });
  let table;
  try {
    table = data.readCsv(text, { target: o.target ?? lastColumn(text), source: file });
  } catch (e) {
    throw new UsageError(bare(e));
  }
  const task = targetTask(table, o.task);
  const nFeatures = table.x.shape[1];
  wt.manualSeed(o.seed);
  let split;
  try {
    split = data.trainTestSplit(table.x, task.y, { testSize: o.val, stratify: task.kind === "regression" ? undefined : task.y, seed: o.seed });
  } catch (e) {
    throw new UsageError(`cannot hold out ${o.val} of ${task.y.length} rows for validation: ${bare(e)}`);
  }
  const scaler = new data.StandardScaler().fit(split.xTrain);
  let { yTrain, yTest } = split;
  let target = { mean: 0, std: 1 };
  if (task.kind === "regression") {
    target = moments(yTrain);
    yTrain = yTrain.map((v) => (v - target.mean) / target.std);
    yTest = yTest.map((v) => (v - target.mean) / target.std);
  }
  const { loss, outputs, metrics } = lossFor(nn, task, target.std);
  const model = mlp(nn, nFeatures, o.hidden, outputs, o.dropout);
  const optimizer = optimizerFor(optim, model.parameters(), o);
  const steps = Math.ceil(yTrain.length / o.batchSize);
  const scheduler = schedulerFor(optim, optimizer, o.scheduler, o.epochs, steps);
  const callbacks = [];
  if (o.patience > 0) callbacks.push(new train.EarlyStopping({ monitor: "val_loss", patience: o.patience, restoreBestWeights: true }));
  if (!o.quiet) {
    print(`${file}: ${task.y.length} rows, ${nFeatures} features, ${task.kind}${task.classes ? ` (${task.classes.length} classes)` : ""}; training on ${yTrain.length}, validating on ${yTest.length}`);
    callbacks.push(new train.ProgressReporter());
  }
  const history = await train.fit(model, {
    loss,
    optimizer,
    scheduler,
    train: { x: scaler.transform(split.xTrain), y: yTrain },
    val: { x: scaler.transform(split.xTest), y: yTest },
    epochs: o.epochs,
    batchSize: o.batchSize,
    seed: o.seed,
    metrics,
    callbacks,
  });
  const final = train.evaluate(model, { x: scaler.transform(split.xTest), y: yTest }, { loss, metrics });
  print(`validation: ${Object.entries(final).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(", ")}`);
  if (o.save) {
    const meta = {
      task: task.kind,
      features: JSON.stringify(table.featureNames),
      scaler: JSON.stringify({ mean: Array.from(scaler.mean), scale: Array.from(scaler.scale) }),
      ...(task.classes ? { classes: JSON.stringify(task.classes) } : { target: JSON.stringify(target) }),
    };
    await wt.io.writeBytes(o.save, wt.io.saveModel(model, meta));
    print(`saved the model to ${o.save}`);
  }
  if (o.history) {
    await wt.io.writeBytes(o.history, new TextEncoder().encode(`${JSON.stringify({ ...history.toJSON(), validation: final }, null, 1)}\n`));
    print(`saved the history to ${o.history}`);
  }
  return 0;
}
