// `npm run demo`: train an MLP on examples/data/breast_cancer.csv with a live
// progress line, validation ROC AUC per epoch and early stopping, then report
// the test ROC AUC (train/validation/test = 64/16/20 %, stratified); then tune
// it with a short study kept in ./demo-study.log.
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { data, init, manualSeed, nn, optim, train } from "wasmtune";
import { main } from "../bin/cli/main.mjs";
import { loadSplit } from "./tabular.mjs";

await init();
manualSeed(0);
const d = await loadSplit(new URL("./data/breast_cancer.csv", import.meta.url), { seed: 0 });
const v = data.trainTestSplit(d.xTrain, d.yTrain, { testSize: 0.2, stratify: d.yTrain, seed: 1 });
console.log(`breast cancer: ${v.yTrain.length} training, ${v.yTest.length} validation, ${d.yTest.length} test rows, ${d.features} features`);

const model = new nn.Sequential(new nn.Linear(d.features, 16), new nn.ReLU(), new nn.Dropout(0.2), new nn.Linear(16, 1));
const loss = new nn.BCEWithLogitsLoss();
const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
await train.fit(model, {
  loss,
  optimizer,
  train: { x: v.xTrain, y: v.yTrain },
  val: { x: v.xTest, y: v.yTest },
  epochs: 200,
  batchSize: 32,
  metrics: ["auc"],
  callbacks: [new train.EarlyStopping({ monitor: "val_loss", patience: 10, restoreBestWeights: true }), new train.ProgressReporter()],
});
const test = train.evaluate(model, { x: d.xTest, y: d.yTest }, { loss, metrics: ["auc", "accuracy"] });
console.log(`test ROC AUC ${test.auc.toFixed(4)}, accuracy ${test.accuracy.toFixed(4)}, loss ${test.loss.toFixed(4)}`);

// Tuning: a short Optuna-style study of the same data over `wasmtune tune`'s
// default space (TPE sampler, median pruner), kept in an Optuna journal file
// that the next run of the demo — or `wasmtune tune … --resume`, or Optuna
// itself — continues.
console.log("\ntuning: 12 trials over learning rate, optimizer, beta1, weight decay, depth, width, dropout, batch size and scheduler");
const csv = relative(process.cwd(), fileURLToPath(new URL("./data/breast_cancer.csv", import.meta.url)));
const code = await main(["tune", csv, "--trials", "12", "--epochs", "15", "--storage", "demo-study.log", "--study-name", "demo", "--resume"]);
if (code !== 0) process.exit(code);
