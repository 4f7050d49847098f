// `wasmtune doctor`: the data checks on the raw split, then a short watched training run.
import { prepareData } from "./prepare.mjs";
import { clipping, lossFor, mlp, optimizerFor } from "./setup.mjs";

/** Findings of both passes, each (code, split) once: the data checks come first and win. */
function merge(...lists) {
  const seen = new Set();
  return lists.flat().filter((f) => {
    const key = `${f.code}:${f.evidence.split ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Run the command; returns the exit code. */
export async function doctorCommand(wt, [file], o, print) {
  const { nn, optim, train, doctor } = wt;
  const clip = clipping(o);
  const { task, split, scaler, yTrain, yTest, target, features } = await prepareData(wt, file, o);
  const { loss, outputs, metrics } = lossFor(nn, task, target.std);
  // The data as it is in the file: scaling is one of the things checked.
  const onData = doctor.diagnose({ data: { train: { x: split.xTrain, y: yTrain }, val: { x: split.xTest, y: yTest } }, loss });
  const model = mlp(nn, features, o.hidden, outputs, o.dropout);
  const optimizer = optimizerFor(optim, model.parameters(), o);
  const watch = new doctor.DoctorCallback();
  const data = { train: { x: scaler.transform(split.xTrain), y: yTrain }, val: { x: scaler.transform(split.xTest), y: yTest } };
  if (!o.quiet) print(`${file}: ${task.y.length} rows, ${features} features, ${task.kind}; a ${o.epochs}-epoch run on ${yTrain.length} standardised rows, validated on ${yTest.length}`);
  const history = await train.fit(model, { loss, optimizer, ...data, epochs: o.epochs, batchSize: o.batchSize, seed: o.seed, metrics, callbacks: [watch], ...clip });
  const onRun = doctor.diagnose({ history, record: watch.record, data, model, loss, optimizer });
  print(doctor.format(merge(onData, onRun).sort((a, b) => ["error", "warning", "info"].indexOf(a.severity) - ["error", "warning", "info"].indexOf(b.severity))));
  return 0;
}
