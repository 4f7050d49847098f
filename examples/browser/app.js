// Loads a CSV, trains a small MLP classifier on three quarters of the rows
// and reports the ROC AUC on the rest, plotting the loss curves as it goes.
import { init, Generator, Tensor, nn, optim, data, metrics } from "wasmtune";
import { plotLosses } from "./plot.js";

const $ = (id) => document.getElementById(id);

function show(message, isError = false) {
  $("status").textContent = message;
  $("status").className = isError ? "error" : "";
}

await init();
$("file").addEventListener("change", async () => {
  const file = $("file").files[0];
  if (file) await run(await file.text(), file.name);
});
$("sample").addEventListener("click", async () => {
  const res = await fetch("./sample.csv");
  await run(await res.text(), "sample.csv");
});

async function run(text, source) {
  $("auc").textContent = "";
  try {
    await train(text, source);
  } catch (err) {
    show(err.message, true);
  }
}

function lastColumn(text) {
  const header = text.slice(0, text.search(/\r?\n/));
  return header.split(",").at(-1).trim();
}

// Targets as 0/1 floats for BCEWithLogitsLoss: the larger of the two classes is 1.
function binaryTargets(y, target) {
  const classes = [...new Set(y)].sort((a, b) => a - b);
  if (classes.length !== 2) throw new Error(`column "${target}" must hold two classes, it holds ${classes.length}`);
  return Float32Array.from(y, (v) => (v === classes[1] ? 1 : 0));
}

async function train(text, source) {
  const target = $("target").value.trim() || lastColumn(text);
  const table = data.readCsv(text, { target, source });
  const y = binaryTargets(table.y, target);
  const gen = new Generator(0);
  const split = data.trainTestSplit(table.x, y, { testSize: 0.25, generator: gen, stratify: y });
  const scaler = new data.StandardScaler().fit(split.xTrain);
  const xTrain = Tensor.from(scaler.transform(split.xTrain).data, split.xTrain.shape);
  const xTest = Tensor.from(scaler.transform(split.xTest).data, split.xTest.shape);
  const yTrain = Tensor.from(split.yTrain, [split.yTrain.length, 1]);
  const yTest = Tensor.from(split.yTest, [split.yTest.length, 1]);

  const features = xTrain.shape[1];
  const model = new nn.Sequential(
    new nn.Linear(features, 32, { generator: gen }),
    new nn.ReLU(),
    new nn.Linear(32, 1, { generator: gen }),
  );
  const lossFn = new nn.BCEWithLogitsLoss();
  const epochs = Math.max(1, Number($("epochs").value) || 150);
  const opt = new optim.Adam(model.parameters(), { lr: 0.02 });
  const scheduler = new optim.lrScheduler.CosineAnnealingLR(opt, { tMax: epochs });

  const trainLoss = [];
  const testLoss = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    model.train();
    opt.zeroGrad();
    trainLoss.push(lossFn.forward(model.forward(xTrain), yTrain));
    model.backward(lossFn.backward());
    opt.step();
    scheduler.step();
    model.eval();
    testLoss.push(lossFn.forward(model.forward(xTest), yTest));
    if (epoch % 10 === 9 || epoch === epochs - 1) {
      plotLosses($("curve"), [{ label: "train loss", values: trainLoss }, { label: "held-out loss", values: testLoss }], epochs);
      show(`${source}: ${table.x.shape[0]} rows, ${features} features; epoch ${epoch + 1} of ${epochs}`);
      await new Promise(requestAnimationFrame);
    }
  }
  const scores = model.forward(xTest).toFloat32Array();
  const auc = metrics.rocAucScore(split.yTest, scores);
  $("auc").textContent = `held-out ROC AUC ${auc.toFixed(4)}`;
  $("auc").dataset.auc = String(auc);
  for (const t of [xTrain, xTest, yTrain, yTest]) t.dispose();
  model.dispose();
}
