// The objective module of `wasmtune tune --workers N`: each worker thread
// reads the CSV and makes the same split as the main thread (same seed, so
// the same rows), then trains the configurations it is given.
import * as wt from "../../dist/index.js";
import { readTrainingTable } from "./prepare.mjs";
import { tabularObjective, tuningSplit } from "./tune_space.mjs";

let objective;

/** `workerData` is `{ file, options }`: the command's CSV file and parsed options. */
export async function setup({ file, options }) {
  const { table, task } = await readTrainingTable(wt.data, file, options);
  const split = tuningSplit(wt, table.x, task, { val: options.val, test: options.test, seed: options.seed });
  objective = tabularObjective(wt, split, { epochs: options.epochs, seed: options.seed });
}

export default (trial) => objective(trial);
