// fit/evaluate refuse data they cannot train on with a message that says what to do.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { nn, optim, train, data } = wt;

function setup(loss = new nn.MSELoss()) {
  const model = new nn.Sequential(new nn.Linear(2, 1));
  return { model, options: { loss, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), epochs: 1 } };
}

test("fit and evaluate refuse zero rows instead of returning NaN losses", async () => {
  const { model, options } = setup();
  const empty = { x: { data: new Float32Array(0), shape: [0, 2] }, y: new Float32Array(0) };
  await assert.rejects(train.fit(model, { ...options, train: empty }), /^Error: wasmtune: the training data has no rows$/);
  await assert.rejects(train.fit(model, { ...options, train: { x: [], y: [] } }), /the training data has no rows/);
  const one = { x: [[1, 2]], y: [3] };
  await assert.rejects(train.fit(model, { ...options, train: one, val: empty }), /the validation data has no rows/);
  const ds = new data.TensorDataset(empty.x, empty.y);
  await assert.rejects(train.fit(model, { ...options, train: new data.DataLoader(ds) }), /the training data has no rows/);
  assert.throws(() => train.evaluate(model, empty, { loss: options.loss }), /the data has no rows/);
  const h = await train.fit(model, { ...options, train: one });
  assert.ok(Number.isFinite(h.toJSON().metrics.loss[0]));
});

test("text labels are refused saying what each loss needs", async () => {
  const x = [[1, 2], [3, 4], [5, 6]];
  const bce = setup(new nn.BCEWithLogitsLoss());
  await assert.rejects(train.fit(bce.model, { ...bce.options, train: { x, y: ["yes", "no", "yes"] } }),
    /the training data's targets are text \("yes" in row 0\); BCEWithLogitsLoss needs 0\/1 numbers: map the labels first, e\.g\. y\.map\(\(v\) => \(v === "yes" \? 1 : 0\)\)/);
  const ce = new nn.Sequential(new nn.Linear(2, 3));
  await assert.rejects(train.fit(ce, { loss: new nn.CrossEntropyLoss(), optimizer: new optim.SGD(ce.parameters(), { lr: 0.1 }), epochs: 1, train: { x, y: [0, "b", 2] } }),
    /targets are text \("b" in row 1\); CrossEntropyLoss needs class indices 0\.\.C-1/);
});
