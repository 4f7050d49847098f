// What train, tune, doctor and lr-find share: read the CSV, infer the task, hold out
// a stratified validation part and standardise on the training part.
import { UsageError } from "./args.mjs";
import { bare, readTable, readText } from "./files.mjs";
import { moments } from "./setup.mjs";
import { targetTask } from "./task.mjs";

/** The header's last column (quoted names with commas included), the default target. */
function lastColumn(data, text, file, o) {
  try {
    return data.csvHeader(text, { delimiter: o.delimiter, source: file }).at(-1);
  } catch (e) {
    throw new UsageError(bare(e));
  }
}

/** The CSV file as `train`, `tune`, `doctor` and `lr-find` read it: the table and its task (`targetTask`). */
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

/**
 * Read `file` as the options say and split it (seeded, stratified for
 * classes). Returns the table, task, the raw split, the scaler fitted on the
 * training rows, the (regression: standardised) targets and their moments.
 */
export async function prepareData(wt, file, o) {
  const { data } = wt;
  const { table, task } = await readTrainingTable(data, file, o);
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
  return { table, task, split, scaler, yTrain, yTest, target, features: table.x.shape[1] };
}
