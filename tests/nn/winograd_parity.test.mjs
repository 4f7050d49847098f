// Conv2d layers that run Winograd's F(2×2, 3×3), F(4×4, 3×3) or F(5×5, 3×3)
// (src/nn/conv/winograd.ts; the variant by the output's size) against
// PyTorch 1.13 in float64 from the same float32 data
// (tests/fixtures/gen_winograd.py): output, input gradient and accumulated
// weight and bias gradients, over 1 and 2 steps, odd sizes, padding 0/1/2/
// "same", reflect padding, groups, without bias and an unbatched input.
//
// Each field's error is measured as max |ours − exact| / max |exact| (the
// exact values rounded to float32), with a bound per variant. F(2×2, 3×3)'s
// transforms add a few roundings to im2col's (docs/nn.md, "Convolutions"):
// measured when it ran all of the first eleven cases, ours reached 2.4e-7
// (output), 2.3e-7 (input gradient) and 6.5e-7 (weight gradient), where
// PyTorch's own float32 run (each step's "torchFloat32" in the fixture)
// reaches 3.7e-7, 3.7e-7 and 6.7e-7 (on the eight steps it runs now: 1.9e-7,
// 1.9e-7, 2.5e-7 against 3.1e-7, 2.6e-7, 2.8e-7; the weight gradient's 3.9e-7
// before dotGemmNT): its bound is 1e-6, 1.5 times the worst of either.
// F(4×4, 3×3) rounds more: on its 17 steps here ours reach 1.8e-6, 1.4e-6
// and 1.1e-6 (1.6e-6 before dotGemmNT; bias 3.3e-7) where PyTorch's float32
// reaches 4.5e-7, 3.7e-7 and 6.7e-7; its bound is 3e-6, 1.7 times our worst.
// F(5×5, 3×3) rounds more again: on its 12 steps here ours reach 4.9e-6,
// 4.1e-6 and 2.9e-6 (bias 2.2e-7) where PyTorch's float32 reaches 3.5e-7,
// 3.7e-7 and 8.1e-7; its bound is 8e-6, 1.6 times our worst.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, wt } from "../helpers.mjs";
import { build } from "./build.mjs";
const { Tensor } = wt;

const BOUNDS = { winograd: 1e-6, winograd4: 3e-6, winograd5: 8e-6 };
const { cases } = fixture("nn/winograd.json");

/** max |a − b| / max |b|. */
function relError(a, b) {
  let d = 0, s = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return d / s;
}

for (const c of cases) {
  test(`Winograd Conv2d against float64 PyTorch: ${c.name}`, () => {
    const m = build(c.module);
    assert.equal(m.engineName, "winograd", "the layer runs the Winograd engine");
    m.loadStateDict(c.state);
    c.steps.forEach((s, i) => {
      const x = Tensor.from(s.input.data, s.input.shape);
      const y = m.forward(x);
      const engine = m.engineName;
      const expected = { "F(5x5)": "winograd5", "F(4x4)": "winograd4", "F(2x2)": "winograd" }[c.name.slice(0, 6)];
      if (expected) assert.equal(engine, expected, "the variant the output's size picks");
      const BOUND = BOUNDS[engine];
      assert.deepEqual(y.shape, s.output.shape);
      const g = Tensor.from(s.gradOut.data, s.gradOut.shape);
      const gx = m.backward(g);
      assert.deepEqual(gx.shape, s.gradInput.shape);
      const errors = { output: relError(y.data, s.output.data), gradInput: relError(gx.data, s.gradInput.data) };
      for (const [n, p] of m.namedParameters()) errors[n] = relError(p.grad.data, s.grads[n].data);
      if (process.env.WINOGRAD_ERRORS) console.log(JSON.stringify({ name: c.name, step: i, engine, errors, torch: s.torchFloat32 }));
      for (const [field, e] of Object.entries(errors)) assert.ok(e <= BOUND, `${c.name} step ${i}: ${field} off by ${e} relative (bound ${BOUND})`);
      g.dispose();
      x.dispose();
    });
    m.dispose();
  });
}
