// `wasmtune train`: CSV → split → standardise → MLP → fit → save.
import { UsageError } from "./args.mjs";
import { BestWeights } from "./best_weights.mjs";
import { formatLogs } from "./evaluate.mjs";
import { bare, checkOutputs, readTable, readText } from "./files.mjs";
import { modelMetadata } from "./model_file.mjs";
import { writeReport } from "./report_file.mjs";
import { targetTask } from "./task.mjs";
import { lossFor, mlp, moments, optimizerFor, schedulerFor } from "./setup.mjs";

/** The header's last column (quoted names with commas included), the default target. */
function lastColumn(data, text, file, o) {
  try {
    return data.csvHeader(text, { delimiter: o.delimiter, source: file }).at(-1);
  } catch (e) {
    throw new UsageError(bare(e));
  }
}

/** The CSV file as `train` and `tune` read it: the table and its task (`targetTask`). */
export async function readTrainingTable(data, file, o) {
  const text = await readText(file);
  const table = readTable(data, text, {
    target: o.target ?? lastColumn(data, text, file, o),
    source: file,
    ignore: o.ignore,
    categoricalColumns: o.categorical,
    maxCategories: o.maxCategories,
    onInvalid: o.onInvalid,
    delimiter: o.delimiter,
    decimal: o.decimal,
  });
  return { table, task: targetTask(table, o.task) };
}

/** Run the command; returns the exit code. `print` receives finished lines. */
export async function trainCommand(wt, [file], o, print) {
  const { data, nn, optim, train } = wt;
  await checkOutputs({ "the input CSV": file }, { "--save": o.save, "--history": o.history, "--report": o.report });
  const { table, task } = await readTrainingTable(data, file, o);
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
  const best = new BestWeights();
  const callbacks = [best];
  if (o.patience > 0) callbacks.push(new train.EarlyStopping({ monitor: "val_loss", patience: o.patience }));
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
  const xVal = scaler.transform(split.xTest);
  const final = train.evaluate(model, { x: xVal, y: yTest }, { loss, metrics });
  const say = o.quiet ? () => {} : print;
  if (best.epoch !== history.epochs.length - 1) say(`kept the weights of epoch ${best.epoch + 1} (lowest val_loss)`);
  say(`validation: ${formatLogs(final)}`);
  if (o.save) {
    const meta = modelMetadata({ task, table, scaler, target, hidden: o.hidden, dropout: o.dropout });
    await wt.io.writeBytes(o.save, wt.io.saveModel(model, meta));
    say(`saved the model to ${o.save}`);
  }
  if (o.history) {
    await wt.io.writeBytes(o.history, new TextEncoder().encode(`${JSON.stringify({ ...history.toJSON(), bestEpoch: best.epoch + 1, validation: final }, null, 1)}\n`));
    say(`saved the history to ${o.history}`);
  }
  if (o.report) {
    await writeReport(wt, o.report, {
      title: `wasmtune train ${file}`,
      history: history.toJSON(),
      bestEpoch: best.epoch,
      ...(history.epochs.length < o.epochs ? { stopEpoch: history.epochs.at(-1) } : {}),
      model,
      x: xVal,
      y: yTest,
      task,
      scores: final,
    });
    say(`saved the report to ${o.report}`);
  }
  return 0;
}
