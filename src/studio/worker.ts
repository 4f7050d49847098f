// The studio's training worker (a module Web Worker over dist/'s modules):
// reads the dropped CSV, splits it into train, validation and test rows,
// standardises the features, trains an MLP with Adam and early stopping (or
// first tunes its learning rate, width, depth and dropout as a study),
// reports every epoch and trial, then scores the kept model on the test
// rows. Nothing leaves the browser.
import { data, doctor, init, io, manualSeed, nn, optim, train, tune } from "../index.js";
import type { Callback, Logs } from "../train/callback.js";
import type { MetricSpec } from "../train/metrics.js";
import type { Trial } from "../tune/trial.js";
import { classifierEvaluation } from "../report/evaluation.js";
import type { StudioEvent, StudioRequest, StudioTask } from "./protocol.js";

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<StudioRequest>) => void) | null;
  postMessage(message: StudioEvent, transfer?: Transferable[]): void;
};
const post = (m: StudioEvent, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

/** Integer labels with at most this many values are classes. */
const MAX_CLASSES = 20;
const PATIENCE = 15;

type Request = Extract<StudioRequest, { type: "train" | "tune" }>;
type Rows = { x: data.HostArray<Float32Array>; y: Float32Array | Int32Array };

/** The data of a run: standardised train, validation and test rows, and what the target is. */
interface Prepared {
  task: StudioTask;
  classes: string[] | null;
  features: number;
  featureNames: string[];
  train: Rows;
  val: Rows;
  test: Rows;
}

/** What is trained: the MLP and its optimizer's learning rate. */
interface Config {
  lr: number;
  hidden: number[];
  dropout: number;
}

const DEFAULT_CONFIG: Config = { lr: 1e-3, hidden: [64, 32], dropout: 0 };

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

/** Stratified 60/20/20 split, features standardised on the training rows (a regression target too). */
function prepare(req: Request): Prepared {
  const table = data.readCsv(req.csv, { target: req.target, source: req.name });
  const { task, classes } = taskOf(table);
  const raw = table.y as Float32Array | Int32Array;
  // Class indices 0…C-1 in the label order shown; BCE wants float 0/1.
  const codes = classes === null ? null : [...new Set(raw)].sort((a, b) => a - b);
  const y = codes === null ? Float32Array.from(raw) : task === "binary" ? Float32Array.from(raw, (v) => codes.indexOf(v)) : Int32Array.from(raw, (v) => codes.indexOf(v));
  const split = data.trainValTestSplit(table.x, y, { valSize: 0.2, testSize: 0.2, stratify: task === "regression" ? undefined : y, seed: req.seed });
  const scaler = new data.StandardScaler().fit(split.xTrain);
  let [yTrain, yVal, yTest] = [split.yTrain, split.yVal, split.yTest];
  if (task === "regression") {
    const t = yTrain as Float32Array;
    const mean = t.reduce((a, b) => a + b, 0) / t.length;
    const std = Math.sqrt(t.reduce((a, b) => a + (b - mean) ** 2, 0) / t.length) || 1;
    [yTrain, yVal, yTest] = [yTrain, yVal, yTest].map((v) => (v as Float32Array).map((u) => (u - mean) / std));
  }
  const rows = (x: data.HostArray<Float32Array>, yy: Float32Array | Int32Array): Rows => ({ x: scaler.transform(x), y: yy });
  return {
    task,
    classes,
    features: table.x.shape[1],
    featureNames: table.featureNames,
    train: rows(split.xTrain, yTrain),
    val: rows(split.xVal, yVal),
    test: rows(split.xTest, yTest),
  };
}

/** Build the configuration's MLP and train it, with the given callbacks. */
async function fitConfig(p: Prepared, config: Config, epochs: number, seed: number, callbacks: Callback[]) {
  manualSeed(seed);
  const layers: nn.Module[] = [];
  let width = p.features;
  for (const h of config.hidden) {
    layers.push(new nn.Linear(width, h), new nn.ReLU());
    if (config.dropout > 0) layers.push(new nn.Dropout(config.dropout));
    width = h;
  }
  const model = new nn.Sequential(...layers, new nn.Linear(width, p.task === "multiclass" ? (p.classes as string[]).length : 1));
  const loss = p.task === "binary" ? new nn.BCEWithLogitsLoss() : p.task === "multiclass" ? new nn.CrossEntropyLoss() : new nn.MSELoss();
  const metrics: MetricSpec[] = p.task === "binary" ? ["auc", "accuracy"] : p.task === "multiclass" ? ["accuracy"] : ["r2"];
  const optimizer = new optim.Adam(model.parameters(), { lr: config.lr });
  const history = await train.fit(model, { loss, optimizer, train: p.train, val: p.val, epochs, batchSize: 32, seed, metrics, callbacks });
  return { model, loss, optimizer, metrics, history };
}

/** Train `config` with early stopping, reporting each epoch, score it on the test rows and post the result. */
async function trainAndReport(p: Prepared, req: Request, config: Config, extra: Pick<Extract<StudioEvent, { type: "done" }>, "study" | "importances">): Promise<void> {
  const stopper = new train.EarlyStopping({ monitor: "val_loss", patience: PATIENCE, restoreBestWeights: true });
  const reporter = { onEpochEnd: (epoch: number, logs: Logs) => post({ type: "epoch", epoch, logs: { ...logs } }) };
  // The doctor watches the final training run; its warnings are shown as they are found.
  const watch = new doctor.DoctorCallback({ onFinding: (finding) => post({ type: "finding", finding }) });
  const { model, loss, optimizer, metrics, history } = await fitConfig(p, config, req.epochs, req.seed, [stopper, reporter, watch]);
  const findings = doctor.diagnose({ history, record: watch.record, data: { train: p.train, val: p.val, test: p.test }, model, loss, optimizer });
  const scores = train.evaluate(model, p.test, { loss, metrics });
  const evaluation =
    p.task === "regression" ? { scores } : classifierEvaluation(p.test.y, train.predict(model, p.test.x).toArray() as number[][], { classes: p.classes as string[], scores });
  const bytes = io.saveModel(model, { task: p.task, target: req.target, features: JSON.stringify(p.featureNames), classes: JSON.stringify(p.classes), config: JSON.stringify(config) });
  post(
    {
      type: "done",
      history: history.toJSON(),
      bestEpoch: stopper.best.epoch,
      stopEpoch: stopper.stoppedEpoch >= 0 ? stopper.stoppedEpoch : null,
      evaluation,
      findings,
      model: bytes,
      parameters: model.namedParameters().map(([name, param]) => [name, param.shape]),
      ...extra,
    },
    [bytes.buffer],
  );
}

/** The studio's search space: Adam's learning rate, the MLP's depth and width, dropout. */
function suggest(trial: Pick<Trial, "suggestFloat" | "suggestInt">): Config {
  const lr = trial.suggestFloat("lr", 1e-4, 1e-1, { log: true });
  const layers = trial.suggestInt("layers", 1, 3);
  const units = trial.suggestInt("units", 8, 128, { log: true });
  const dropout = trial.suggestFloat("dropout", 0, 0.5);
  return { lr, hidden: Array<number>(layers).fill(units), dropout };
}

/** A TPE study over `suggest`'s space minimising the validation loss (median pruning), then the best configuration trained as `train` does. */
async function tuneOn(p: Prepared, req: Extract<StudioRequest, { type: "tune" }>): Promise<void> {
  const study = await tune.createStudy({ direction: "minimize", sampler: new tune.TPESampler({ seed: req.seed }), pruner: new tune.MedianPruner() });
  await study.optimize(
    async (trial) => {
      const { history } = await fitConfig(p, suggest(trial), req.epochs, req.seed + trial.number, [new tune.PruningCallback(trial, "val_loss")]);
      return Math.min(...history.get("val_loss"));
    },
    { nTrials: req.trials, callbacks: [(s) => post({ type: "trial", study: { trials: s.trials, directions: s.directions } })] },
  );
  const complete = study.trials.filter((t) => t.state === "COMPLETE").length;
  const importances = complete >= 2 ? tune.importance(study, { seed: req.seed }) : undefined;
  const best = complete > 0 ? suggest(new tune.FixedTrial(study.bestTrial.params, study.bestTrial.number)) : DEFAULT_CONFIG;
  await trainAndReport(p, req, best, { study: { trials: study.trials, directions: study.directions }, ...(importances ? { importances } : {}) });
}

async function handle(req: StudioRequest): Promise<void> {
  await init();
  if (req.type === "inspect") return post({ type: "columns", columns: data.csvHeader(req.csv, { source: req.name }) });
  const p = prepare(req);
  post({ type: "start", task: p.task, classes: p.classes, features: p.features, rows: { train: p.train.y.length, val: p.val.y.length, test: p.test.y.length } });
  if (req.type === "tune") await tuneOn(p, req);
  else await trainAndReport(p, req, DEFAULT_CONFIG, {});
}

scope.onmessage = (e) => {
  handle(e.data).catch((err: unknown) => post({ type: "error", message: err instanceof Error ? err.message : String(err) }));
};
