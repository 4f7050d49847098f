// The model file of `train --save`: PyTorch-named weights plus, in the
// safetensors `__metadata__` (string to string), everything `predict` and
// `evaluate` need to treat a new CSV file exactly as the training file was.
import { UsageError } from "./args.mjs";
import { bare, readBinary } from "./files.mjs";
import { mlp } from "./setup.mjs";

/**
 * Metadata for a trained model: task, classes (or the target's mean and
 * standard deviation for regression), feature names, the CSV schema (columns,
 * categories, fill values for imputation), the scaler, and the architecture.
 */
export function modelMetadata({ task, table, scaler, target, hidden, dropout }) {
  return {
    task: task.kind,
    features: JSON.stringify(table.featureNames),
    schema: JSON.stringify(table.schema),
    scaler: JSON.stringify(scaler.toJSON()),
    hidden: JSON.stringify(hidden),
    dropout: String(dropout),
    ...(task.classes ? { classes: JSON.stringify(task.classes) } : { target: JSON.stringify(target) }),
  };
}

const REQUIRED = ["task", "schema", "scaler", "hidden", "dropout"];

/** Load a model file written by `train --save`: the model with its weights, task, encoders and scaler. */
export async function loadSavedModel(wt, file) {
  const bytes = await readBinary(file);
  let metadata;
  try {
    metadata = wt.io.decodeSafetensors(bytes).metadata;
  } catch (e) {
    throw new UsageError(`${file} is not a safetensors model file: ${bare(e)}`);
  }
  const missing = REQUIRED.filter((k) => metadata[k] === undefined);
  if (missing.length > 0) throw new UsageError(`${file} was not written by wasmtune train --save (its metadata has no ${missing.join(", ")})`);
  const kind = metadata.task;
  const classes = metadata.classes === undefined ? undefined : JSON.parse(metadata.classes);
  const schema = JSON.parse(metadata.schema);
  const inputs = JSON.parse(metadata.features).length;
  const outputs = kind === "multiclass" ? classes.length : 1;
  const model = mlp(wt.nn, inputs, JSON.parse(metadata.hidden), outputs, Number(metadata.dropout));
  try {
    wt.io.loadModel(model, bytes);
  } catch (e) {
    throw new UsageError(`${file}: ${bare(e)}`);
  }
  return {
    model,
    task: { kind, classes },
    schema,
    scaler: wt.data.StandardScaler.fromJSON(JSON.parse(metadata.scaler)),
    target: metadata.target === undefined ? { mean: 0, std: 1 } : JSON.parse(metadata.target),
  };
}
