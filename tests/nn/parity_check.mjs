// One PyTorch parity case (the format of tests/fixtures/gen_nn.py): PyTorch's
// state dict is loaded, then forward and backward run on PyTorch's inputs and
// upstream gradients; outputs, input gradients, accumulated parameter
// gradients and the state dict after each step must agree within `tol`
// (default 1e-5 relative, 1e-6 absolute).
import assert from "node:assert/strict";
import { assertClose, wt } from "../helpers.mjs";
import { build } from "./build.mjs";
const { Tensor } = wt;

export function checkParityCase(c, tol = {}) {
  const m = build(c.module);
  m.loadStateDict(c.state);
  m.train(c.train);
  c.steps.forEach((s, i) => {
    const at = `${c.name} step ${i}`;
    const x = Tensor.from(s.input.data, s.input.shape);
    const y = m.forward(x);
    assert.deepEqual(y.shape, s.output.shape, `${at}: output shape`);
    assertClose(y.data, s.output.data, { ...tol, msg: `${at}: output` });
    const g = Tensor.from(s.gradOut.data, s.gradOut.shape);
    const gx = m.backward(g);
    assert.deepEqual(gx.shape, s.gradInput.shape, `${at}: input gradient shape`);
    assertClose(gx.data, s.gradInput.data, { ...tol, msg: `${at}: input gradient` });
    const grads = Object.fromEntries(m.namedParameters().map(([n, p]) => [n, p.grad]));
    assert.deepEqual(Object.keys(grads), Object.keys(s.grads), `${at}: parameter names`);
    for (const [n, e] of Object.entries(s.grads)) assertClose(grads[n].data, e.data, { ...tol, msg: `${at}: grad of ${n}` });
    const sd = m.stateDict();
    assert.deepEqual(Object.keys(sd), Object.keys(s.stateAfter), `${at}: state dict keys`);
    for (const [n, e] of Object.entries(s.stateAfter)) {
      assert.deepEqual(sd[n].shape, e.shape, `${at}: shape of ${n}`);
      assertClose(sd[n].data, e.data, { ...tol, msg: `${at}: ${n} after the step` });
    }
    g.dispose();
    x.dispose();
  });
  m.dispose();
}
