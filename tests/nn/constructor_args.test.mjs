// Layer hyperparameters work positionally (as in PyTorch) and by name, and
// anything that is not a number is refused instead of producing NaN outputs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { nn, Tensor } = wt;

const x = Tensor.from([[-2, -0.5, 0, 0.5, 3]]);
const out = (m) => Array.from(m.forward(x).data);

test("positional and named hyperparameters build the same layer", () => {
  assert.deepEqual(out(new nn.ELU(0.7)), out(new nn.ELU({ alpha: 0.7 })));
  assert.equal(new nn.ELU({ alpha: 0.7 }).alpha, 0.7);
  assert.deepEqual(out(new nn.LeakyReLU(0.2)), out(new nn.LeakyReLU({ negativeSlope: 0.2 })));
  assert.equal(new nn.LeakyReLU({ negativeSlope: 0.2 }).negativeSlope, 0.2);
  assert.deepEqual(out(new nn.Softplus(2, 1)), out(new nn.Softplus({ beta: 2, threshold: 1 })));
  assert.equal(new nn.GELU("tanh").approximate, "tanh");
  assert.deepEqual(out(new nn.GELU("tanh")), out(new nn.GELU({ approximate: "tanh" })));
  assert.equal(new nn.Dropout({ p: 0.3 }).p, 0.3);
  // The named form differs from the default, so a silently ignored option would show.
  assert.notDeepEqual(out(new nn.ELU({ alpha: 0.7 })), out(new nn.ELU()));
  assert.ok(out(new nn.ELU({ alpha: 0.7 })).every(Number.isFinite));
});

test("non-numeric hyperparameters are refused naming the layer and option", () => {
  assert.throws(() => new nn.ELU("x"), /ELU: alpha must be a finite number, got "x"/);
  assert.throws(() => new nn.LeakyReLU({ negativeSlope: NaN }), /LeakyReLU: negativeSlope must be a finite number, got NaN/);
  assert.throws(() => new nn.Softplus({ beta: "2" }), /Softplus: beta must be a finite number, got "2"/);
  assert.throws(() => new nn.Dropout({ p: null }), /Dropout: p must be a finite number, got null/);
  assert.throws(() => new nn.Dropout({ p: 1.5 }), /dropout probability has to be between 0 and 1, but got 1.5/);
  assert.throws(() => new nn.GELU("fast"), /approximate argument must be either none or tanh/);
});

test("Flatten takes startDim and endDim positionally, as PyTorch, or by name", () => {
  const t = Tensor.zeros([2, 3, 4, 5]);
  assert.deepEqual(new nn.Flatten().forward(t).shape, [2, 60]);
  assert.deepEqual(new nn.Flatten(0).forward(t).shape, [120]);
  assert.deepEqual(new nn.Flatten(1, 2).forward(t).shape, [2, 12, 5]);
  assert.deepEqual(new nn.Flatten(-3, -2).forward(t).shape, [2, 12, 5]);
  assert.deepEqual(new nn.Flatten({ startDim: 2 }).forward(t).shape, [2, 3, 20]);
  assert.throws(() => new nn.Flatten(1.5), /Flatten: startDim must be an integer, got 1.5/);
  assert.throws(() => new nn.Flatten(1, "2"), /Flatten: endDim must be an integer, got 2/);
});
