// The studio's training worker (a module Web Worker over dist/'s modules):
// reads the dropped CSV, splits it into train, validation and test rows,
// standardises the features, trains an MLP with Adam and early stopping,
// reports every epoch, then scores the kept model on the test rows. Nothing
// leaves the browser.
import { data, init, io, manualSeed, nn, optim, train } from "../index.js";
import type { Logs } from "../train/callback.js";
import { classifierEvaluation } from "../report/evaluation.js";
import type { StudioEvent, StudioRequest, StudioTask } from "./protocol.js";

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<StudioRequest>) => void) | null;
  postMessage(message: StudioEvent, transfer?: Transferable[]): void;
};
const post = (m: StudioEvent, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

/** Integer labels with at most this many values are classes. */
const MAX_CLASSES = 20;
const HIDDEN = [64, 32];

function taskOf(table: data.CsvTable): { task: StudioTask; classes: string[] | null } {
  const classes = table.schema.target?.classes;
  const y = table.y as Float32Array | Int32Array;
  const distinct = [...new Set(y)].sort((a, b) => a - b);
  if (classes !== undefined || (distinct.every(Number.isInteger) && distinct.length <= MAX_CLASSES)) {
    const names = distinct.map((v) => (classes === undefined ? String(v) : classes[v]));
    if (names.length < 2) throw new Error(`the target column has a single class (${names[0]}); nothing to learn`);
    return { task: names.length === 2 ? "binary" : "multiclass", classes: names };
  }
  return { task: "regression", classes: null };
}

async function trainOn(req: Extract<StudioRequest, { type: "train" }>): Promise<void> {
  const table = data.readCsv(req.csv, { target: req.target, source: req.name });
  const { task, classes } = taskOf(table);
  const raw = table.y as Float32Array | Int32Array;
  // Class indices 0…C-1 in the label order shown; BCE wants float 0/1.
  const codes = classes === null ? null : [...new Set(raw)].sort((a, b) => a - b);
  const y = codes === null ? Float32Array.from(raw) : task === "binary" ? Float32Array.from(raw, (v) => codes.indexOf(v)) : Int32Array.from(raw, (v) => codes.indexOf(v));
  manualSeed(req.seed);
  const stratify = task === "regression" ? undefined : y;
  const split = data.trainValTestSplit(table.x, y, { valSize: 0.2, testSize: 0.2, stratify, seed: req.seed });
  const scaler = new data.StandardScaler().fit(split.xTrain);
  let [yTrain, yVal, yTest] = [split.yTrain, split.yVal, split.yTest];
  if (task === "regression") {
    const t = yTrain as Float32Array;
    const mean = t.reduce((a, b) => a + b, 0) / t.length;
    const std = Math.sqrt(t.reduce((a, b) => a + (b - mean) ** 2, 0) / t.length) || 1;
    [yTrain, yVal, yTest] = [yTrain, yVal, yTest].map((v) => (v as Float32Array).map((u) => (u - mean) / std));
  }
  const features = table.x.shape[1];
  const outputs = task === "multiclass" ? (classes as string[]).length : 1;
  const layers: nn.Module[] = [];
  let width = features;
  for (const h of HIDDEN) layers.push(new nn.Linear(width, h), new nn.ReLU()), (width = h);
  const model = new nn.Sequential(...layers, new nn.Linear(width, outputs));
  const loss = task === "binary" ? new nn.BCEWithLogitsLoss() : task === "multiclass" ? new nn.CrossEntropyLoss() : new nn.MSELoss();
  const metrics: train.MetricSpec[] = task === "binary" ? ["auc", "accuracy"] : task === "multiclass" ? ["accuracy"] : ["r2"];
  post({ type: "start", task, classes, features, rows: { train: yTrain.length, val: yVal.length, test: yTest.length } });
  const stopper = new train.EarlyStopping({ monitor: "val_loss", patience: 15, restoreBestWeights: true });
  const reporter = { onEpochEnd: (epoch: number, logs: Logs) => post({ type: "epoch", epoch, logs: { ...logs } }) };
  const history = await train.fit(model, {
    loss,
    optimizer: new optim.Adam(model.parameters(), { lr: 1e-3 }),
    train: { x: scaler.transform(split.xTrain), y: yTrain },
    val: { x: scaler.transform(split.xVal), y: yVal },
    epochs: req.epochs,
    batchSize: 32,
    seed: req.seed,
    metrics,
    callbacks: [stopper, reporter],
  });
  const xTest = scaler.transform(split.xTest);
  const scores = train.evaluate(model, { x: xTest, y: yTest }, { loss, metrics });
  const evaluation =
    task === "regression" ? { scores } : classifierEvaluation(yTest, train.predict(model, xTest).toArray() as number[][], { classes: classes as string[], scores });
  const bytes = io.saveModel(model, { task, target: req.target, features: JSON.stringify(table.featureNames), classes: JSON.stringify(classes) });
  post(
    {
      type: "done",
      history: history.toJSON(),
      bestEpoch: stopper.best.epoch,
      stopEpoch: stopper.stoppedEpoch >= 0 ? stopper.stoppedEpoch : null,
      evaluation,
      model: bytes,
      parameters: model.namedParameters().map(([name, p]) => [name, p.shape]),
    },
    [bytes.buffer],
  );
}

async function handle(req: StudioRequest): Promise<void> {
  await init();
  if (req.type === "inspect") post({ type: "columns", columns: data.csvHeader(req.csv, { source: req.name }) });
  else await trainOn(req);
}

scope.onmessage = (e) => {
  handle(e.data).catch((err: unknown) => post({ type: "error", message: err instanceof Error ? err.message : String(err) }));
};
