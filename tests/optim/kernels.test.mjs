// The fused kernels on every size of helpers.SIZES (all tail lengths 0-3):
// each element of an n-element parameter must end bit-identical to the same
// element optimized alone as a 1-element parameter, whose path the torch
// fixtures check. So SIMD body and scalar tail agree with each other and with
// torch, wherever an element sits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt, fixture, SIZES } from "../helpers.mjs";
import { hvec } from "./cases.mjs";

const { Tensor, nn, optim } = wt;
const { cases } = fixture("optim/trajectories.json");

for (const c of cases) {
  test(`${c.optimizer} ${JSON.stringify(c.options)}: no element depends on its position`, () => {
    for (const n of SIZES) {
      const whole = new nn.Parameter(Tensor.from(hvec(c.seed, 0, 0, n)));
      const singles = Array.from(whole.data.data, (v) => new nn.Parameter(Tensor.from([v])));
      const a = new optim[c.optimizer]([whole], c.options);
      const b = new optim[c.optimizer](singles, c.options);
      for (let t = 1; t <= 8; t++) {
        const g = hvec(c.seed, t, 0, n);
        whole.grad.set(g);
        singles.forEach((p, i) => p.grad.set([g[i]]));
        a.step();
        b.step();
      }
      assert.deepEqual(Array.from(whole.data.data), singles.map((p) => p.data.data[0]), `n=${n}`);
      for (const o of [a, b]) o.dispose();
      for (const p of [whole, ...singles]) p.dispose();
    }
  });
}
