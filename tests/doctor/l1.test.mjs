import { test } from "node:test";
import assert from "node:assert/strict";
import { wt, fixture } from "../helpers.mjs";

const { nn, optim, train, Tensor } = wt;

async function run(c) {
  const model = new nn.Sequential(new nn.Linear(5, 4), new nn.ReLU(), new nn.Linear(4, 1));
  model.loadStateDict(Object.fromEntries(Object.entries(c.init).map(([k, v]) => [k, Tensor.from(v)])));
  const optimizer = c.optimizer === "sgd" ? new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }) : new optim.Adam(model.parameters(), { lr: 0.01 });
  await train.fit(model, { loss: new nn.BCEWithLogitsLoss(), optimizer, train: { x: c.x, y: c.y }, epochs: c.steps, batchSize: c.x.length, shuffle: false, l1: c.lambda });
  return model.stateDict();
}

test("fit({ l1 }) trains on loss + λ·Σ|w| as PyTorch's autograd does (SGD with momentum, Adam; a zero weight gets no penalty)", async () => {
  for (const c of fixture("doctor/l1.json").cases) {
    const sd = await run(c);
    for (const [k, v] of Object.entries(c.final)) {
      const got = Array.from(sd[k].data);
      const want = v.flat();
      for (let i = 0; i < want.length; i++) {
        assert.ok(Math.abs(got[i] - want[i]) <= 2e-6 * Math.max(1, Math.abs(want[i])), `${c.optimizer} λ=${c.lambda} ${k}[${i}]: ${got[i]} vs torch ${want[i]}`);
      }
    }
  }
});

test("fit({ l1 }) changes the result, and bad values are refused", async () => {
  const [withL1, without] = fixture("doctor/l1.json").cases.filter((c) => c.optimizer === "sgd");
  const a = await run(withL1);
  const b = await run({ ...withL1, lambda: 0 });
  assert.notDeepEqual(Array.from(a["0.weight"].data), Array.from(b["0.weight"].data));
  assert.equal(without.lambda, 0);
  const model = new nn.Sequential(new nn.Linear(2, 1));
  const opts = { loss: new nn.MSELoss(), optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), train: { x: [[1, 2]], y: [[1]] }, epochs: 1 };
  await assert.rejects(train.fit(model, { ...opts, l1: -1 }), /l1 must be a non-negative number, got -1/);
  await assert.rejects(train.fit(model, { ...opts, L1: 0.1 }), /unknown option 'L1' — did you mean 'l1'\?/);
});
