// doctor.diagnose: each finding provoked by a real small training run, and no false alarms on clean runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
import { adam, diagnosed, mlp, rows, sgd, split } from "./scenarios.mjs";

const { nn, doctor } = wt;
const cancer = rows("breast_cancer.csv");
const digits = rows("digits.csv");
const bce = () => new nn.BCEWithLogitsLoss();
/** A BCE model maker: an MLP of `widths` with `Act`, and `optimizer(model)` (Adam lr 1e-3 by default). */
const net = (widths, Act, optimizer = adam) => () => {
  const model = mlp(widths, Act);
  return { model, loss: bce(), optimizer: optimizer(model) };
};

function has(r, code, severity) {
  const f = r.findings.find((x) => x.code === code);
  assert.ok(f, `expected ${code}; got:\n${r.text}`);
  if (severity) assert.equal(f.severity, severity, r.text);
  for (const k of ["message", "suggestion"]) assert.ok(typeof f[k] === "string" && f[k].length > 20);
  return f;
}
const serious = (r) => r.findings.filter((f) => f.severity !== "info");

test("clean, well-tuned runs on breast_cancer and digits: no warning or error", async () => {
  const c = await diagnosed(split(cancer), net([30, 16, 1]), { epochs: 50, metrics: ["auc"] });
  assert.deepEqual(serious(c), [], c.text);
  assert.ok(c.history.last("val_auc") > 0.99);
  const d = await diagnosed(split(digits), () => {
    const model = mlp([64, 64, 10]);
    return { model, loss: new nn.CrossEntropyLoss(), optimizer: adam(model) };
  }, { epochs: 30, metrics: ["accuracy"] });
  assert.deepEqual(serious(d), [], d.text);
  assert.ok(d.history.last("val_accuracy") > 0.95);
});

test("loss-negative: Softmax + NLLLoss on digits", async () => {
  const r = await diagnosed(split(digits), () => {
    const model = mlp([64, 32, 10], nn.ReLU, new nn.Softmax({ dim: 1 }));
    return { model, loss: new nn.NLLLoss(), optimizer: adam(model) };
  }, { epochs: 3 });
  const f = has(r, "loss-negative", "error");
  assert.equal(f.evidence.softmaxIntoNll, true);
  assert.ok(f.evidence.minLoss < 0);
  assert.match(f.suggestion, /LogSoftmax/);
});

test("loss-nan, diverging and exploding-gradients: SGD lr 10 overflows, is rolled back and recovers", async () => {
  const r = await diagnosed(split(cancer), net([30, 16, 1], nn.ReLU, (model) => sgd(model, 10)), { epochs: 10 });
  const f = has(r, "loss-nan", "warning");
  assert.ok(f.evidence.rollbacks >= 1);
  has(r, "diverging", "error");
  has(r, "exploding-gradients");
  assert.ok(r.history.get("loss").every(Number.isFinite));
  // Without the rollback, the record says it was not recovered.
  const raised = { ...r.record, nonFinite: [{ epoch: 1, batch: 3, value: NaN, action: "raise" }] };
  assert.equal(doctor.diagnose({ record: raised }).find((x) => x.code === "loss-nan").severity, "error");
});

test("diverging: Adam lr 10", async () => {
  const r = await diagnosed(split(cancer), net([30, 16, 1], nn.ReLU, (model) => adam(model, { lr: 10 })));
  const f = has(r, "diverging", "error");
  assert.ok(f.evidence.first > 2 * f.evidence.initialLoss);
});

test("oscillating: plain SGD at lr 1", async () => {
  const r = await diagnosed(split(cancer), net([30, 16, 1], nn.ReLU, (model) => sgd(model, 1)), { epochs: 30 });
  const f = has(r, "oscillating", "warning");
  assert.ok(f.evidence.riseShare >= 0.4 && f.evidence.meanRise >= 0.1);
});

test("lr-too-low and underfitting: Adam lr 1e-7", async () => {
  const r = await diagnosed(split(cancer), net([30, 16, 1], nn.ReLU, (model) => adam(model, { lr: 1e-7 })));
  const f = has(r, "lr-too-low", "warning");
  assert.ok(f.evidence.stepUpdateRatio < 1e-5);
  has(r, "underfitting", "warning");
});

test("plateau: a linear model on shuffled (unlearnable) labels stalls near ln 2", async () => {
  const g = new wt.Generator(5);
  const noise = { x: cancer.x, y: cancer.y.map(() => g.nextUint32() & 1) };
  const r = await diagnosed(split(noise), net([30, 1]), { epochs: 20 });
  const f = has(r, "plateau", "warning");
  assert.ok(f.evidence.gain < 0.01);
  assert.ok(!r.codes.includes("lr-too-low"), "the steps are not small");
});

test("overfitting: a 256-unit MLP at lr 1e-2 for 40 epochs", async () => {
  const r = await diagnosed(split(cancer), net([30, 256, 1], nn.ReLU, (model) => adam(model, { lr: 1e-2 })), { epochs: 40 });
  const f = has(r, "overfitting", "warning");
  assert.ok(f.evidence.lastValLoss > 1.1 * f.evidence.bestValLoss && f.evidence.lastTrainLoss < f.evidence.trainLossAtBest);
  // The same run stopped by EarlyStopping with the best epoch's weights restored: already cured, so only information.
  const stopper = new wt.train.EarlyStopping({ monitor: "val_loss", patience: 5, restoreBestWeights: true });
  const cured = await diagnosed(split(cancer), net([30, 256, 1], nn.ReLU, (model) => adam(model, { lr: 1e-2 })), { epochs: 40, callbacks: [stopper] });
  const info = has(cured, "overfitting", "info");
  assert.match(info.message, /Early stopping ended the run and restored that epoch's weights\./);
  assert.match(info.suggestion, /^The kept weights are the best epoch's\./);
});

test("split-shift: digits split in file order; val-above-train and split-shift: breast_cancer sorted by radius", async () => {
  const d = await diagnosed(split(digits, { shuffle: false }), () => {
    const model = mlp([64, 32, 10]);
    return { model, loss: new nn.CrossEntropyLoss(), optimizer: adam(model) };
  }, { epochs: 5 });
  has(d, "split-shift", "warning");
  const order = cancer.x.map((_, i) => i).sort((a, b) => cancer.x[a][0] - cancer.x[b][0]);
  const sorted = { x: order.map((i) => cancer.x[i]), y: order.map((i) => cancer.y[i]) };
  const r = await diagnosed(split(sorted, { shuffle: false }), net([30, 16, 1]), { epochs: 30 });
  const s = has(r, "split-shift", "warning");
  assert.ok(s.evidence.classZ > 4, "the classes differ too (large tumours are malignant)");
  const v = has(r, "val-above-train", "warning");
  assert.ok(v.evidence.heldOutLoss < 0.5 * v.evidence.trainLoss);
  // The shuffled, stratified split of the same rows is clean.
  assert.ok(!doctor.diagnose({ data: split(sorted) }).some((f) => f.code === "split-shift"));
});

test("duplicate-rows: 150 rows of breast_cancer repeated before splitting", async () => {
  const dup = { x: [...cancer.x, ...cancer.x.slice(0, 150)], y: [...cancer.y, ...cancer.y.slice(0, 150)] };
  const r = await diagnosed(split(dup), net([30, 16, 1]), { epochs: 2 });
  const f = has(r, "duplicate-rows", "warning");
  assert.ok(f.evidence.shared > 10 && f.evidence.share > 0.01);
  assert.ok(!doctor.diagnose({ data: split(cancer) }).some((x) => x.code === "duplicate-rows"));
});

test("unscaled-inputs and initial-loss-off: standardised features times 1000", async () => {
  const r = await diagnosed(split(cancer, { times: 1000 }), net([30, 16, 1]), { epochs: 3 });
  has(r, "unscaled-inputs", "warning");
  const f = has(r, "initial-loss-off", "warning");
  assert.equal(f.evidence.rule, "ln 2");
  assert.ok(f.evidence.initialLoss > 2 * Math.log(2));
  // Raw (never scaled) breast_cancer: unscaled too (area ~ 650 next to fractal dimension ~ 0.06).
  assert.ok(doctor.diagnose({ data: split(cancer, { scale: false }) }).some((x) => x.code === "unscaled-inputs"));
});

test("saturated-activations: a tanh layer on raw breast_cancer features", async () => {
  const r = await diagnosed(split(cancer, { scale: false }), net([30, 16, 1], nn.Tanh), { epochs: 3 });
  const f = has(r, "saturated-activations", "warning");
  assert.ok(f.evidence.share > 0.5);
});

test("dead-relu: ReLU units whose bias starts at -10", async () => {
  const r = await diagnosed(split(cancer), () => {
    const model = mlp([30, 16, 1]);
    wt.nn.init.constant(model.namedParameters()[1][1], -10);
    return { model, loss: bce(), optimizer: adam(model) };
  }, { epochs: 3 });
  const f = has(r, "dead-relu", "warning");
  assert.equal(f.evidence.deadShare, 1);
  assert.ok(!r.codes.includes("lr-too-low"), "frozen by dead units, not by the lr");
});

test("vanishing-gradients: eight sigmoid layers", async () => {
  const r = await diagnosed(split(cancer), net([30, 16, 16, 16, 16, 16, 16, 16, 1], nn.Sigmoid, (model) => sgd(model, 1e-2)), { epochs: 3 });
  const f = has(r, "vanishing-gradients", "warning");
  assert.ok(f.evidence.layerRatio < 0.01);
});

test("adam-eps-dominates: Adam with eps 0.1 on breast_cancer", async () => {
  const r = await diagnosed(split(cancer), net([30, 16, 1], nn.ReLU, (model) => adam(model, { eps: 0.1 })));
  const f = has(r, "adam-eps-dominates", "warning");
  assert.equal(f.evidence.eps, 0.1);
  assert.ok(f.evidence.medianSqrtVhat < 0.1 && f.evidence.shareBelowEps > 0.5);
});

test("coupled-weight-decay: Adam with weightDecay, not AdamW", async () => {
  const r = await diagnosed(split(cancer), net([30, 16, 1], nn.ReLU, (model) => adam(model, { weightDecay: 1e-2 })), { epochs: 2 });
  const f = has(r, "coupled-weight-decay", "warning");
  assert.match(f.suggestion, /AdamW/);
  const model = mlp([30, 16, 1]);
  assert.deepEqual(doctor.diagnose({ optimizer: new wt.optim.AdamW(model.parameters(), { weightDecay: 1e-2 }) }), []);
});

test("class-imbalance: breast_cancer with 25 malignant rows kept", async () => {
  let kept = 0;
  const keep = cancer.y.map((y) => y === 1 || kept++ < 25);
  const few = { x: cancer.x.filter((_, i) => keep[i]), y: cancer.y.filter((_, i) => keep[i]) };
  const r = await diagnosed(split(few), net([30, 16, 1]), { epochs: 2 });
  const f = has(r, "class-imbalance", "warning");
  assert.ok(f.evidence.ratio > 10);
});

test("format prints every finding with its evidence and cure; diagnose checks its options", () => {
  const model = mlp([30, 16, 1]);
  const findings = doctor.diagnose({ optimizer: new wt.optim.Adam(model.parameters(), { weightDecay: 0.1 }) });
  const text = doctor.format(findings);
  assert.match(text, /^doctor: 1 warning\nwarning: coupled-weight-decay: Adam with weightDecay 0\.1 /);
  assert.match(text, /\n {2}evidence: optimizer Adam, weightDecay 0\.1\n {2}try: Use optim\.AdamW/);
  assert.equal(doctor.format([]), "doctor: no findings.");
  assert.throws(() => doctor.diagnose({ histroy: {} }), /diagnose: unknown option 'histroy' — did you mean 'history'\?/);
  assert.throws(() => doctor.diagnose({ data: { validation: {} } }), /diagnose: data: unknown option 'validation'/);
});
