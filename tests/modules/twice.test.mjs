// Every built-in layer called twice in one graph (tests/fixtures/gen_modules.py):
// each call keeps its own saved state, so the gradients are PyTorch's. Also
// Dropout and Dropout2d, whose masks torch cannot reproduce: each call's
// gradient must be its own mask times the upstream gradient.
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose, fixture, wt } from "../helpers.mjs";
import { build } from "../nn/build.mjs";
const { Tensor, nn, tidy } = wt;

const { cases } = fixture("modules/twice.json");
const TOL = { rtol: 1e-4, atol: 1e-5 };
const input = (t, requiresGrad = true) => Tensor.from(t.data, t.shape).requiresGrad_(requiresGrad);

// A user module around the layer, with two inputs: inside its forward the
// layer records even on data that does not require grad (its parameters do).
class Twice extends nn.Module {
  constructor(layer, form) {
    super();
    this.layer = layer;
    this.form = form;
  }
  forward(a, b) {
    return this.form === "chain" ? this.layer.forward(this.layer.forward(a)) : this.layer.forward(a).add(this.layer.forward(b));
  }
}

function check(c, viaUserModule) {
  const m = build(c.module);
  m.loadStateDict(c.state);
  const x1 = input(c.x1);
  const x2 = c.x2 ? input(c.x2, c.x2RequiresGrad) : undefined;
  const target = Tensor.from(c.target.data, c.target.shape);
  const mse = new nn.MSELoss({ reduction: "sum" });
  const net = viaUserModule ? new Twice(m, c.form) : undefined;
  tidy(() => {
    const y = net ? net.forward(x1, x2) : c.form === "chain" ? m.forward(m.forward(x1)) : m.forward(x1).add(m.forward(x2));
    assertClose(y.data, c.output.data, { ...TOL, msg: "output" });
    const loss = mse.call(y, target);
    assertClose([loss.item()], [c.loss], { ...TOL, msg: "loss" });
    loss.backward();
  });
  assertClose(x1.grad.data, c.gradX1.data, { ...TOL, msg: "x1.grad" });
  if (c.gradX2) assertClose(x2.grad.data, c.gradX2.data, { ...TOL, msg: "x2.grad" });
  if (x2 && !c.x2RequiresGrad) assert.equal(x2.grad, null);
  for (const [name, p] of m.namedParameters()) assertClose(p.grad.data, c.grads[name].data, { ...TOL, msg: `${name}.grad` });
  const sd = m.stateDict();
  for (const [k, e] of Object.entries(c.stateAfter)) assertClose(sd[k].data, e.data, { ...TOL, msg: `${k} after the step` });
  for (const t of [m, x1, x2, target, mse]) t?.dispose();
}

for (const c of cases) {
  test(`a layer used twice in a user module's forward has PyTorch's gradients: ${c.name}`, () => check(c, true));
  // Outside a user module, a layer records when its input requires grad.
  if (c.x2RequiresGrad !== false) test(`a layer used twice on inputs that require grad has PyTorch's gradients: ${c.name}`, () => check(c, false));
}

for (const [name, make, shape] of [
  ["Dropout", () => new nn.Dropout(0.4), [4, 9]],
  ["Dropout2d", () => new nn.Dropout2d(0.5), [3, 4, 2, 3]],
]) {
  test(`${name} used twice keeps each call's mask for its backward`, () => {
    const d = make();
    const values = (k) => Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => 1 + ((i * 7 + k) % 5));
    const x1 = Tensor.from(values(1), shape).requiresGrad_();
    const x2 = Tensor.from(values(3), shape).requiresGrad_();
    const target = Tensor.zeros(shape);
    const mse = new nn.MSELoss({ reduction: "sum" });
    const [m1, m2, g] = tidy(() => {
      const y1 = d.forward(x1);
      const y2 = d.forward(x2);
      // The masks (0 or 1/(1-p)) each call applied, read before backward.
      const masks = [y1, y2].map((y, i) => Array.from(y.data, (v, j) => v / [x1, x2][i].data[j]));
      const y = y1.add(y2);
      const grad = Array.from(y.data, (v) => 2 * v);
      mse.call(y, target).backward();
      return [...masks, grad];
    });
    assert.notDeepEqual(m1, m2, "the two calls drew different masks");
    assertClose(x1.grad.data, m1.map((m, i) => m * g[i]), { msg: "x1.grad" });
    assertClose(x2.grad.data, m2.map((m, i) => m * g[i]), { msg: "x2.grad" });
    for (const t of [d, x1, x2, target, mse]) t.dispose();
  });
}
