// The doctor knows whether the run it diagnoses already clipped its
// gradients (fit's clipGradNorm / clipGradValue, through the DoctorCallback's
// record or given to diagnose): then it says so and advises clipping harder
// among the other remedies, instead of advising to turn clipping on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
import { adam, diagnosed, mlp, rows, split } from "./scenarios.mjs";

const { nn, doctor } = wt;
const cancer = split(rows("breast_cancer.csv"));
/** Adam at lr 10 on breast_cancer diverges in its first epoch, clipped or not (Adam's steps do not scale with the gradient). */
const wild = () => {
  const model = mlp([30, 16, 1]);
  return { model, loss: new nn.BCEWithLogitsLoss(), optimizer: adam(model, { lr: 10 }) };
};
const TURN_ON = /clip gradients with fit's clipGradNorm option \(fit\(model, \{ …, clipGradNorm: 1 \}\); wasmtune train --clip-grad-norm 1;/;
const diverging = (r) => {
  const f = r.findings.find((x) => x.code === "diverging");
  assert.ok(f, r.text);
  return f;
};

test("a diverging run without clipping is advised to clip; with clipGradNorm on, told it was on and to clip harder", async () => {
  const plain = diverging(await diagnosed(cancer, wild, { epochs: 3 }));
  assert.match(plain.suggestion, TURN_ON);
  assert.doesNotMatch(plain.suggestion, /already clipped/);
  assert.equal("clipGradNorm" in plain.evidence, false);

  const r = await diagnosed(cancer, wild, { epochs: 3, clipping: { clipGradNorm: 1 } });
  assert.deepEqual(r.record.clipping, { clipGradNorm: 1, normType: 2 });
  const f = diverging(r);
  assert.equal(f.severity, "error");
  assert.match(f.suggestion, /^The gradients were already clipped \(clipGradNorm: 1\), and that did not hold the run\. Lower the learning rate, by 10× or to what doctor\.lrFind suggests; clip harder \(a smaller maxNorm such as 0\.1; --clip-grad-norm 0\.1\) or add a warm-up/);
  assert.doesNotMatch(f.suggestion, TURN_ON);
  assert.deepEqual([f.evidence.clipGradNorm, f.evidence.normType], [1, 2]);
  assert.match(doctor.format(r.findings), /already clipped \(clipGradNorm: 1\)/);
});

test("clipping by value, and the max norm (recorded as \"inf\", which JSON keeps), are named as they were given", async () => {
  const byValue = await diagnosed(cancer, wild, { epochs: 2, clipping: { clipGradValue: 0.5 } });
  assert.deepEqual(byValue.record.clipping, { clipGradValue: 0.5 });
  assert.match(diverging(byValue).suggestion, /^The gradients were already clipped by value \(clipGradValue: 0\.5\).*clip harder \(a smaller clipGradValue such as 0\.05, or clipGradNorm, which keeps the gradient's direction\)/);
  const maxNorm = await diagnosed(cancer, wild, { epochs: 2, clipping: { clipGradNorm: { maxNorm: 2, normType: Infinity } } });
  const record = JSON.parse(JSON.stringify(maxNorm.record));
  assert.deepEqual(record.clipping, { clipGradNorm: 2, normType: "inf" });
  // The record alone (as a checkpoint or a JSON file keeps it) carries the setting.
  const f = diverging({ findings: doctor.diagnose({ history: maxNorm.history.toJSON(), record }) });
  assert.match(f.suggestion, /already clipped \(clipGradNorm: 2, normType inf\)/);
});

test("a history diagnosed without a record takes the clipping as given to fit, refusing what fit refuses", async () => {
  // A saved history whose loss ends at 8× its best.
  const history = { epochs: [0, 1, 2, 3], metrics: { loss: [0.7, 0.3, 0.5, 2.4] }, lr: [0.1, 0.1, 0.1, 0.1] };
  const told = diverging({ findings: doctor.diagnose({ history, clipping: { clipGradNorm: 1 } }) });
  assert.match(told.suggestion, /already clipped \(clipGradNorm: 1\)/);
  assert.match(diverging({ findings: doctor.diagnose({ history }) }).suggestion, TURN_ON);
  // Given to diagnose, the setting wins over a record's (a record of another run, say).
  const r = await diagnosed(cancer, wild, { epochs: 2, clipping: { clipGradNorm: 1 } });
  const withRecord = diverging({ findings: doctor.diagnose({ history, record: r.record, clipping: { clipGradValue: 0.1 } }) });
  assert.match(withRecord.suggestion, /clipGradValue: 0\.1/);
  assert.throws(() => doctor.diagnose({ history, clipping: { clipGradNorm: 1, clipGradValue: 1 } }), /fit takes clipGradNorm or clipGradValue, not both/);
  assert.throws(() => doctor.diagnose({ history, clipping: { clipGradNorm: 0 } }), /clipGradNorm's maxNorm must be a positive finite number, got 0/);
  assert.throws(() => doctor.diagnose({ history, clipping: { maxNorm: 1 } }), /diagnose: clipping.*maxNorm/);
});

test("the record holds this run's clipping, not one a loaded record carried", async () => {
  const { train } = wt;
  const doc = new doctor.DoctorCallback();
  doc.loadStateDict({ params: [], epochs: [], nonFinite: [], clipping: { clipGradValue: 0.5 } });
  const model = mlp([30, 4, 1]);
  await train.fit(model, { loss: new nn.BCEWithLogitsLoss(), optimizer: adam(model), train: cancer.train, epochs: 1, callbacks: [doc] });
  assert.equal("clipping" in doc.record, false);
  await train.fit(model, { loss: new nn.BCEWithLogitsLoss(), optimizer: adam(model), train: cancer.train, epochs: 1, callbacks: [doc], clipGradNorm: 3 });
  assert.deepEqual(doc.record.clipping, { clipGradNorm: 3, normType: 2 });
});
