// Shared by the examples and the demo: read a CSV whose last column is the
// label, split it stratified and shuffled, and standardise the features on
// the training part only.
import { readFile } from "node:fs/promises";
import { data, optim, train } from "wasmtune";

/** The data sets of ../shared/datasets (beside the repository). */
export const sharedDataset = (name) => new URL(`../../shared/datasets/${name}`, import.meta.url);

/**
 * `{ xTrain, yTrain, xTest, yTest, features }` from a labelled CSV: an 80/20
 * stratified split with `seed`, features standardised with the training
 * part's statistics. `targetDtype` is `int32` for class indices.
 */
export async function loadSplit(url, { seed = 0, testSize = 0.2, targetDtype = "float32" } = {}) {
  const table = data.readCsv(await readFile(url, "utf8"), { target: "label", targetDtype, source: String(url) });
  const s = data.trainTestSplit(table.x, table.y, { testSize, stratify: table.y, seed });
  const scaler = new data.StandardScaler().fit(s.xTrain);
  return { xTrain: scaler.transform(s.xTrain), yTrain: s.yTrain, xTest: scaler.transform(s.xTest), yTest: s.yTest, features: table.x.shape[1] };
}

/**
 * Train `model` on the split with Adam (lr 1e-3 unless given) in batches of
 * 32, then return the test loss and `metrics` with the history and training
 * seconds.
 */
export async function trainAndTest(model, loss, d, { epochs, seed, verbose, metrics, lr = 1e-3 }) {
  const optimizer = new optim.Adam(model.parameters(), { lr });
  const start = performance.now();
  const history = await train.fit(model, { loss, optimizer, train: { x: d.xTrain, y: d.yTrain }, epochs, batchSize: 32, seed, verbose });
  const seconds = (performance.now() - start) / 1000;
  const test = train.evaluate(model, { x: d.xTest, y: d.yTest }, { loss, metrics });
  return { ...test, history, seconds };
}
