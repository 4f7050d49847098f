// stateDict()/loadStateDict(): a JSON round trip in the middle of a run gives
// bit-identical results to an uninterrupted run; mismatched dicts are refused
// and change nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt, fixture } from "../helpers.mjs";
import { setup, feedGrads } from "./cases.mjs";

const { Tensor, nn, optim } = wt;
const { cases } = fixture("optim/trajectories.json");

const toJson = (sd) => JSON.stringify(sd, (_, v) => (v instanceof Float32Array ? Array.from(v) : v));
const snapshot = (params) => params.map((p) => Float32Array.from(p.data.data));

function run(c, steps, from = 1, made = setup(c)) {
  for (let t = from; t <= steps; t++) {
    if (t === c.lrChange.step) made.opt.paramGroups[0].lr = c.lrChange.lr;
    feedGrads(c, made.params, t);
    made.opt.step();
  }
  return made;
}

for (const c of cases) {
  test(`${c.optimizer} ${JSON.stringify(c.options)}: JSON round trip mid-run is bit-identical`, () => {
    const straight = run(c, c.steps);
    const first = run(c, 12);
    const json = toJson(first.opt.stateDict());
    const resumed = setup(c);
    resumed.params.forEach((p, k) => p.data.set(first.params[k].data.data));
    resumed.opt.loadStateDict(JSON.parse(json));
    assert.equal(toJson(resumed.opt.stateDict()), json);
    run(c, c.steps, 13, resumed);
    assert.deepEqual(snapshot(resumed.params), snapshot(straight.params));
    for (const m of [straight, first, resumed]) {
      m.opt.dispose();
      for (const p of m.params) p.dispose();
    }
  });
}

test("stateDict copies buffers and options, with PyTorch's layout", () => {
  const a = new nn.Parameter(Tensor.from([1, 2, 3]));
  const b = new nn.Parameter(Tensor.from([4]));
  const opt = new optim.Adam([{ params: [a] }, { params: [b], lr: 0.5 }], { amsgrad: true });
  a.grad.set([1, -1, 2]);
  b.grad.set([3]);
  opt.step();
  const sd = opt.stateDict();
  assert.deepEqual(sd.paramGroups.map((g) => g.params), [[0], [1]]);
  assert.equal(sd.paramGroups[1].lr, 0.5);
  assert.deepEqual(Object.keys(sd.state[0]).sort(), ["expAvg", "expAvgSq", "maxExpAvgSq", "step"]);
  assert.equal(sd.state[0].step, 1);
  assert.ok(sd.state[0].expAvg instanceof Float32Array);
  sd.state[0].expAvg[0] = 99;
  sd.paramGroups[0].betas[0] = 0.1;
  assert.notEqual(opt.stateDict().state[0].expAvg[0], 99);
  assert.equal(opt.paramGroups[0].betas[0], 0.9);
  opt.dispose();
});

test("mismatched state dicts are refused and change nothing", () => {
  const p = new nn.Parameter(Tensor.from([1, 2, 3]));
  const q = new nn.Parameter(Tensor.from([1, 2]));
  const opt = new optim.Adam([p, q], { lr: 0.1 });
  p.grad.set([1, 1, 1]);
  q.grad.set([1, 1]);
  opt.step();
  const before = toJson(opt.stateDict());
  const sd = () => JSON.parse(before);

  const twoGroups = sd();
  twoGroups.paramGroups.push({ ...twoGroups.paramGroups[0], params: [] });
  assert.throws(() => opt.loadStateDict(twoGroups), /^Error: loaded state dict has a different number of parameter groups$/);

  const smaller = sd();
  smaller.paramGroups[0].params = [0];
  assert.throws(() => opt.loadStateDict(smaller), /doesn't match the size of optimizer's group/);

  const shorter = sd();
  shorter.state[1].expAvg = [0];
  assert.throws(() => opt.loadStateDict(shorter), /state "expAvg" of parameter 1 has 1 values, the parameter has 2/);

  const sgdState = new optim.SGD([new nn.Parameter(Tensor.from([1, 2, 3])), new nn.Parameter(Tensor.from([1, 2]))], { lr: 1, momentum: 0.9 });
  sgdState.paramGroups[0].params.forEach((x) => x.grad.set(Array(x.size).fill(1)));
  sgdState.step();
  assert.throws(() => opt.loadStateDict(JSON.parse(toJson(sgdState.stateDict()))), /has no option "betas"/);

  const wrongKeys = sd();
  wrongKeys.state[0] = { step: 1, momentumBuffer: [0, 0, 0] };
  assert.throws(() => opt.loadStateDict(wrongKeys), /state of parameter 0 has keys \[momentumBuffer, step\], expected \[expAvg, expAvgSq, step\]/);

  const badLr = sd();
  badLr.paramGroups[0].lr = -1;
  assert.throws(() => opt.loadStateDict(badLr), /Invalid learning rate: -1\.0/);

  const extra = sd();
  extra.state[7] = extra.state[0];
  assert.throws(() => opt.loadStateDict(extra), /state for parameter 7, but there are 2 parameters/);

  assert.equal(toJson(opt.stateDict()), before);
  opt.dispose();
});

test("loading replaces group options and lets the next step read them", () => {
  const p = new nn.Parameter(Tensor.from([1]));
  const opt = new optim.SGD([p], { lr: 0.1 });
  const sd = opt.stateDict();
  sd.paramGroups[0].lr = 0.5;
  opt.loadStateDict(sd);
  assert.equal(opt.paramGroups[0].lr, 0.5);
  p.grad.set([1]);
  opt.step();
  assert.equal(p.data.data[0], Math.fround(1 - Math.fround(0.5)));
});
