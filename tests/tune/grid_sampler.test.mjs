import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { tune } = wt;

const space = { lr: [0.1, 0.01, 0.001], units: [16, 32], opt: ["adam", "sgd"] };
const objective = (t) => t.suggestFloat("lr", 1e-4, 1) * t.suggestInt("units", 8, 64) + (t.suggestCategorical("opt", ["adam", "sgd"]) === "sgd" ? 1 : 0);
const key = (p) => `${p.lr}/${p.units}/${p.opt}`;

test("GridSampler visits every grid point exactly once, then optimize() stops by itself", async () => {
  const study = await tune.createStudy({ sampler: new tune.GridSampler(space, { seed: 4 }) });
  await study.optimize(objective, { nTrials: 100 });
  assert.equal(study.trials.length, 12);
  const seen = new Set(study.trials.map((t) => key(t.params)));
  assert.equal(seen.size, 12);
  for (const t of study.trials) assert.deepEqual(t.systemAttrs.search_space, { lr: [0.1, 0.01, 0.001], opt: ["adam", "sgd"], units: [16, 32] });
  assert.deepEqual(study.trials.map((t) => t.systemAttrs.grid_id).sort((a, b) => a - b), [...Array(12).keys()]);
});

test("GridSampler: the order depends on the seed only; a grid with running trials hands out the others first", async () => {
  const order = async (seed) => {
    const s = await tune.createStudy({ sampler: new tune.GridSampler(space, { seed }) });
    await s.optimize(objective, { nTrials: 12 });
    return s.trials.map((t) => key(t.params));
  };
  assert.deepEqual(await order(5), await order(5));
  assert.notDeepEqual(await order(5), await order(6));
  const study = await tune.createStudy({ sampler: new tune.GridSampler({ x: [1, 2, 3] }, { seed: 0 }) });
  const running = [study.ask(), study.ask(), study.ask()];
  const xs = running.map((t) => t.suggestInt("x", 1, 3));
  assert.deepEqual([...xs].sort(), [1, 2, 3], "three running trials take three different points");
  study.tell(running[0], 1);
  const seen = [];
  const orig = console.warn;
  console.warn = (m) => seen.push(m);
  try {
    study.tell(study.ask(), 0);
  } finally {
    console.warn = orig;
  }
  assert.equal(seen.length, 0, "a point still running is re-used without the exhaustion warning");
});

test("GridSampler errors: parameters outside the grid, enqueued trials missing some, out-of-range values warn", async () => {
  const study = await tune.createStudy({ sampler: new tune.GridSampler({ x: [50], z: [2] }, { seed: 1 }) });
  const t = study.ask();
  assert.throws(() => t.suggestFloat("y", 0, 1), /The parameter name, y, is not found in the given grid\./);
  const seen = [];
  const orig = console.warn;
  console.warn = (m) => seen.push(String(m));
  try {
    t.suggestInt("x", 0, 10);
  } finally {
    console.warn = orig;
  }
  assert.equal(t.params.x, 50, "the grid's value is used");
  assert.match(seen[0], /The value `50` is out of range of the parameter `x`/);
  study.enqueueTrial({ z: 1 });
  const e = study.ask();
  assert.equal(e.suggestInt("z", 0, 3), 1);
  assert.throws(() => e.suggestInt("x", 0, 100), /All parameters must be specified when using GridSampler with enqueue_trial\./);
  assert.throws(() => new tune.GridSampler({ x: [1] }, { sed: 1 }), /did you mean 'seed'/);
});
