// Breast Cancer Wisconsin (binary): MLP 30-16-1 with BCE-with-logits, Adam
// lr 1e-3, batch 32, on a stratified 80/20 split; reports the test ROC AUC.
//   node examples/breast_cancer.mjs
import { pathToFileURL } from "node:url";
import { init, manualSeed, nn } from "wasmtune";
import { loadSplit, sharedDataset, trainAndTest } from "./tabular.mjs";

/** Train and return `{ auc, accuracy, history, seconds }` on the test part. */
export async function breastCancer({ epochs = 50, seed = 0, verbose = false, file = sharedDataset("breast_cancer.csv") } = {}) {
  await init();
  manualSeed(seed);
  const d = await loadSplit(file, { seed });
  const model = new nn.Sequential(new nn.Linear(d.features, 16), new nn.ReLU(), new nn.Linear(16, 1));
  const loss = new nn.BCEWithLogitsLoss();
  return trainAndTest(model, loss, d, { epochs, seed, verbose, metrics: ["auc", "accuracy"] });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await breastCancer({ verbose: true });
  console.log(`breast_cancer: test ROC AUC ${r.auc.toFixed(4)}, accuracy ${r.accuracy.toFixed(4)} (${r.seconds.toFixed(2)} s training)`);
}
