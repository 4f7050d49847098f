// `wasmtune train`: CSV → split → standardise → MLP → fit → save.
import { BestWeights } from "./best_weights.mjs";
import { formatLogs } from "./evaluate.mjs";
import { checkOutputs } from "./files.mjs";
import { modelMetadata } from "./model_file.mjs";
import { prepareData } from "./prepare.mjs";
import { writeReport } from "./report_file.mjs";
import { clipping, lossFor, mlp, optimizerFor, schedulerFor } from "./setup.mjs";

/** Run the command; returns the exit code. `print` receives finished lines. */
export async function trainCommand(wt, [file], o, print) {
  const { nn, optim, train, doctor } = wt;
  const clip = clipping(o);
  await checkOutputs({ "the input CSV": file }, { "--save": o.save, "--history": o.history, "--report": o.report });
  const { table, task, split, scaler, yTrain, yTest, target, features: nFeatures } = await prepareData(wt, file, o);
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
  const watch = o.doctor ? new doctor.DoctorCallback({ onFinding: (f) => print(`doctor: ${doctor.formatFinding(f).split("\n")[0]}`) }) : undefined;
  if (watch) callbacks.push(watch);
  const trainData = { x: scaler.transform(split.xTrain), y: yTrain };
  const valData = { x: scaler.transform(split.xTest), y: yTest };
  const history = await train.fit(model, {
    loss,
    optimizer,
    scheduler,
    train: trainData,
    val: valData,
    epochs: o.epochs,
    batchSize: o.batchSize,
    seed: o.seed,
    metrics,
    callbacks,
    ...clip,
  });
  const final = train.evaluate(model, valData, { loss, metrics });
  const say = o.quiet ? () => {} : print;
  if (best.epoch !== history.epochs.length - 1) say(`kept the weights of epoch ${best.epoch + 1} (lowest val_loss)`);
  say(`validation: ${formatLogs(final)}`);
  const findings = watch ? doctor.diagnose({ history, record: watch.record, data: { train: trainData, val: valData }, model, loss, optimizer }) : undefined;
  if (findings) print(doctor.format(findings));
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
      ...(findings ? { findings } : {}),
      model,
    }, { model, x: valData.x, y: yTest, task, scores: final });
    say(`saved the report to ${o.report}`);
  }
  return 0;
}
