// Parameter trajectories of every optimizer against torch 1.13
// (tests/fixtures/gen_optim.py): lengths 1, 37 and 1024, two parameter groups,
// an lr change mid-run. The contract is 1e-5 relative; the kernels follow
// PyTorch's float32 operation order, fused multiply-adds included, so on this
// fixture every value is in fact bit-identical, and that is asserted too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt, fixture, assertClose } from "../helpers.mjs";
import { sizes, setup, feedGrads } from "./cases.mjs";

const { cases } = fixture("optim/trajectories.json");

function differing(got, want) {
  let n = 0;
  for (let i = 0; i < got.length; i++) if (!Object.is(got[i], Math.fround(want[i]))) n++;
  return n;
}

for (const c of cases) {
  const label = `${c.optimizer} ${JSON.stringify(c.options)} / group 1 ${JSON.stringify(c.groupOptions)}`;
  test(`${label} follows torch`, () => {
    const { params, opt } = setup(c);
    let notBitIdentical = 0;
    for (let t = 1; t <= c.steps; t++) {
      if (t === c.lrChange.step) opt.paramGroups[0].lr = c.lrChange.lr;
      feedGrads(c, params, t);
      opt.step();
      if (t % c.every === 0) {
        const got = [...params[0].data.data, ...params[1].data.data];
        const want = c.trajectory[t / c.every - 1];
        assertClose(got, want, { rtol: 1e-5, atol: 1e-7, msg: `${label} step ${t}` });
        notBitIdentical += differing(got, want);
      }
    }
    assertClose(params[2].data.data, c.final1024, { rtol: 1e-5, atol: 1e-7, msg: `${label} final p1024` });
    notBitIdentical += differing(params[2].data.data, c.final1024);
    assert.equal(notBitIdentical, 0, `${label}: values within 1e-5 but not bit-identical to torch`);
    opt.dispose();
    for (const p of params) p.dispose();
  });
}

test("the fixture covers every optimizer", () => {
  const names = new Set(cases.map((c) => c.optimizer));
  for (const name of ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adamax", "NAdam", "RAdam"]) assert.ok(names.has(name), name);
  assert.ok(wt.optim.Optimizer);
});
