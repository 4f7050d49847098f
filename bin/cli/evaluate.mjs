// `wasmtune evaluate MODEL DATA.csv`: the saved model's loss and metrics on labelled data.
import { lossFor } from "./setup.mjs";
import { loadSavedModel } from "./model_file.mjs";
import { readForModel, savedTargets } from "./saved_data.mjs";

/** One line of results: `loss 0.1234, auc 0.9876, ...`. */
export function formatLogs(logs) {
  return Object.entries(logs).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(", ");
}

/** Run the command; returns the exit code. */
export async function evaluateCommand(wt, [modelFile, file], o, print) {
  const saved = await loadSavedModel(wt, modelFile);
  const { table, x } = await readForModel(wt, saved, file, o, { labelled: true });
  const y = savedTargets(saved, table, file);
  const { loss, metrics } = lossFor(wt.nn, saved.task, saved.target.std);
  const logs = wt.train.evaluate(saved.model, { x, y }, { loss, metrics });
  print(`${file}: ${y.length} rows, ${formatLogs(logs)}`);
  return 0;
}
