import { test } from "node:test";
import assert from "node:assert/strict";
import { wt, fixture, assertClose } from "../helpers.mjs";

const { nn, optim, data, lrFind, lrFinderSuggestions, manualSeed, defaultGenerator } = wt;

test("lrFinderSuggestions matches fastai's four rules (float32 oracle)", () => {
  for (const c of fixture("doctor/lr_suggestions.json").cases) {
    const losses = c.losses.map((v) => (v === null ? NaN : v));
    const s = lrFinderSuggestions(c.lrs, losses, { numIter: c.num_it });
    for (const k of ["valley", "slide", "minimum", "steep"]) assertClose([s[k]], [c[k]], { rtol: 1e-6, atol: 0, msg: `${k} (num_it ${c.num_it})` });
  }
});

test("lrFinderSuggestions: short curves give NaN, bad input is refused", () => {
  const s = lrFinderSuggestions([1e-3, 1e-2], [1, 2]);
  assert.ok(Number.isNaN(s.valley) && Number.isNaN(s.steep));
  assert.throws(() => lrFinderSuggestions([1, 2], [1]), /2 learning rates but 1 losses/);
  assert.throws(() => lrFinderSuggestions([1], [1], { skip_end: 2 }), /unknown option 'skip_end' — did you mean 'skipEnd'\?/);
});

function problem(seed = 0) {
  manualSeed(seed);
  const g = new wt.Generator(seed + 1);
  const n = 200;
  const x = Array.from({ length: n }, () => [g.normal(), g.normal(), g.normal()]);
  const y = x.map((r) => (r[0] - 2 * r[1] + 0.5 * r[2] > 0 ? 1 : 0));
  const model = new nn.Sequential(new nn.Linear(3, 8), new nn.ReLU(), new nn.Dropout(0.1), new nn.Linear(8, 1));
  const loss = new nn.BCEWithLogitsLoss();
  const optimizer = new optim.Adam(model.parameters(), { lr: 3e-3 });
  const dataset = new data.TensorDataset(x, y);
  const loader = new data.DataLoader(dataset, { batchSize: 16, shuffle: true, seed });
  return { model, loss, optimizer, loader };
}

const snapshot = (p) => ({
  params: p.model.parameters().map((q) => Array.from(q.data.data)),
  opt: JSON.stringify(p.optimizer.stateDict(), (k, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v)),
  loader: JSON.stringify(p.loader.getState()),
  gen: defaultGenerator.getState().join(","),
  lr: p.optimizer.paramGroups[0].lr,
});

test("lrFind ramps the rate exponentially, smooths with β 0.98, and puts every bit back", async () => {
  const p = problem();
  // Some training first, so there is optimizer state and a loader position to restore.
  let k = 0;
  for (const b of p.loader) {
    p.optimizer.zeroGrad();
    const out = p.model.forward(b.x);
    p.loss.forward(out, b.y.reshape([b.y.shape[0], 1]));
    p.model.backwardParams(p.loss.backward());
    p.optimizer.step();
    if (++k === 5) break;
  }
  const before = snapshot(p);
  const r = await lrFind({ model: p.model, train: p.loader, loss: p.loss, optimizer: p.optimizer, numIter: 40, stopDiv: false });
  assert.deepEqual(snapshot(p), before);
  assert.equal(r.stop, "numIter");
  assert.equal(r.lrs.length, 40);
  for (let i = 0; i < 40; i++) assertClose([r.lrs[i]], [1e-7 * 1e8 ** (i / 40)], { rtol: 1e-12, atol: 0, msg: "lr" });
  let avg = 0;
  r.losses.forEach((l, i) => {
    avg = 0.98 * avg + 0.02 * l;
    assertClose([r.smoothed[i]], [avg / (1 - 0.98 ** (i + 1))], { rtol: 1e-12, atol: 0, msg: `smoothed ${i}` });
  });
  assert.deepEqual(r.suggestions, lrFinderSuggestions(r.lrs, r.smoothed, { numIter: 40 }));
  // The same test again gives the same bits: nothing leaked from the first run.
  const again = await lrFind({ model: p.model, train: p.loader, loss: p.loss, optimizer: p.optimizer, numIter: 40, stopDiv: false });
  assert.deepEqual(again.losses, r.losses);
});

test("lrFind stops when the smoothed loss passes 4x its best, and on a non-finite loss", async () => {
  const p = problem(3);
  const r = await lrFind({ model: p.model, train: p.loader, loss: p.loss, optimizer: p.optimizer, startLr: 1e-4, endLr: 1e6, numIter: 300 });
  assert.ok(r.stop === "diverged" || r.stop === "nonFinite", r.stop);
  assert.ok(r.lrs.length < 300);
  if (r.stop === "diverged") {
    const best = Math.min(...r.smoothed.slice(0, -1));
    assert.ok(r.smoothed.at(-1) > 4 * Math.min(best, r.smoothed.at(-1)));
  }
  // The suggestions come from the part before the explosion.
  assert.ok(r.suggestions.valley < 1e6 && r.suggestions.valley > 1e-4);
});

test("lrFind runs several epochs when numIter exceeds the loader, and refuses bad options", async () => {
  const p = problem(1);
  const r = await lrFind({ model: p.model, train: p.loader, loss: p.loss, optimizer: p.optimizer, numIter: 30, stopDiv: false });
  assert.equal(r.lrs.length, 30); // 13 batches per epoch
  await assert.rejects(lrFind({ model: p.model, train: p.loader, loss: p.loss, optimizer: p.optimizer, start_lr: 1e-5 }), /unknown option 'start_lr' — did you mean 'startLr'\?/);
  await assert.rejects(lrFind({ model: p.model, train: p.loader, loss: p.loss, optimizer: p.optimizer, startLr: 1, endLr: 0.1 }), /endLr must be a finite number above startLr/);
});
