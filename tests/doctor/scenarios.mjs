// Small real training runs for the doctor tests: breast_cancer and digits from ../shared/datasets.
import { readFileSync } from "node:fs";
import { wt } from "../helpers.mjs";

const { nn, optim, data, train, doctor, manualSeed } = wt;

/** A data set as rows of numbers and labels. */
export function rows(name) {
  const t = data.readCsv(readFileSync(new URL(`../../../shared/datasets/${name}`, import.meta.url), "utf8"), { target: "label" });
  const f = t.x.shape[1];
  const x = Array.from({ length: t.x.shape[0] }, (_, i) => Array.from(t.x.data.subarray(i * f, (i + 1) * f)));
  return { x, y: Array.from(t.y) };
}

/** An 80/20 split (stratified and shuffled unless `shuffle: false`), standardised on the training rows unless `scale: false`, features times `times`. */
export function split({ x, y }, { shuffle = true, scale = true, times = 1, seed = 0 } = {}) {
  const s = data.trainTestSplit(x, y, { testSize: 0.2, shuffle, stratify: shuffle ? y : undefined, seed });
  const scaler = new data.StandardScaler().fit(s.xTrain);
  const prep = (m) => {
    const t = scale ? scaler.transform(m) : { data: Float32Array.from(m.flat()), shape: [m.length, m[0].length] };
    return times === 1 ? t : { data: t.data.map((v) => v * times), shape: t.shape };
  };
  return { train: { x: prep(s.xTrain), y: s.yTrain }, val: { x: prep(s.xTest), y: s.yTest } };
}

/** A Sequential of Linear layers with `Act` between them: widths [in, ..., out]. */
export function mlp(widths, Act = nn.ReLU, last) {
  const layers = [];
  for (let i = 1; i < widths.length; i++) {
    layers.push(new nn.Linear(widths[i - 1], widths[i]));
    if (i < widths.length - 1) layers.push(new Act());
  }
  if (last) layers.push(last);
  return new nn.Sequential(...layers);
}

/**
 * Train with a DoctorCallback and diagnose: `{ findings, codes, history, record }`.
 * `make(seed)` builds `{ model, loss, optimizer }` after the seed is set;
 * `clipping` holds fit's clipping options (`{ clipGradNorm: 1 }`).
 */
export async function diagnosed(d, make, { epochs = 10, batchSize = 32, metrics = [], doctorOptions = {}, callbacks = [], clipping = {} } = {}) {
  manualSeed(0);
  const { model, loss, optimizer } = make();
  const doc = new doctor.DoctorCallback(doctorOptions);
  const history = await train.fit(model, { loss, optimizer, train: d.train, val: d.val, epochs, batchSize, seed: 0, metrics, callbacks: [...callbacks, doc], ...clipping });
  const findings = doctor.diagnose({ history, record: doc.record, data: { train: d.train, val: d.val }, model, loss, optimizer });
  return { findings, codes: findings.map((f) => f.code), history, record: doc.record, text: doctor.format(findings) };
}

export const adam = (model, options = {}) => new optim.Adam(model.parameters(), { lr: 1e-3, ...options });
export const sgd = (model, lr) => new optim.SGD(model.parameters(), { lr });
