// Digits (8×8 images, 10 classes): MLP 64-64-10 with cross-entropy, Adam
// lr 1e-3, batch 32, on a stratified 80/20 split; reports the test accuracy.
//   node examples/digits.mjs
import { pathToFileURL } from "node:url";
import { init, manualSeed, nn } from "wasmtune";
import { loadSplit, sharedDataset, trainAndTest } from "./tabular.mjs";

/** Train and return `{ accuracy, loss, history, seconds }` on the test part. */
export async function digits({ epochs = 50, seed = 0, verbose = false, file = sharedDataset("digits.csv") } = {}) {
  await init();
  manualSeed(seed);
  const d = await loadSplit(file, { seed, targetDtype: "int32" });
  const model = new nn.Sequential(new nn.Linear(d.features, 64), new nn.ReLU(), new nn.Linear(64, 10));
  const loss = new nn.CrossEntropyLoss();
  return trainAndTest(model, loss, d, { epochs, seed, verbose, metrics: ["accuracy"] });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await digits({ verbose: true });
  console.log(`digits: test accuracy ${r.accuracy.toFixed(4)} (${r.seconds.toFixed(2)} s training)`);
}
