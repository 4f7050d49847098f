// nn.init: bounds and moments of each initialiser (statistical tolerances),
// PyTorch's gains and fan computation, and Linear's default initialisation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose, wt } from "../helpers.mjs";
const { Tensor, Generator, nn } = wt;
const { init } = nn;

function moments(t) {
  const d = Array.from(t.data);
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1));
  return { mean, std, min: Math.min(...d), max: Math.max(...d), n: d.length };
}

/** Mean within 5 standard errors, std within 5% (n >= 40000 makes both far tighter than needed). */
function assertMoments(t, mean, std) {
  const m = moments(t);
  assert.ok(Math.abs(m.mean - mean) < (5 * std) / Math.sqrt(m.n), `mean ${m.mean}, expected ${mean}`);
  assert.ok(Math.abs(m.std - std) < 0.05 * std, `std ${m.std}, expected ${std}`);
  return m;
}

test("calculateGain matches torch.nn.init.calculate_gain", () => {
  assert.equal(init.calculateGain("linear"), 1);
  assert.equal(init.calculateGain("sigmoid"), 1);
  assert.equal(init.calculateGain("tanh"), 5 / 3);
  assert.equal(init.calculateGain("relu"), Math.sqrt(2));
  assert.equal(init.calculateGain("leaky_relu"), Math.sqrt(2 / (1 + 0.01 ** 2)));
  assert.equal(init.calculateGain("leaky_relu", 0.2), Math.sqrt(2 / 1.04));
  assert.equal(init.calculateGain("selu"), 0.75);
  assert.throws(() => init.calculateGain("swish"), /Unsupported nonlinearity swish/);
});

test("fan in and fan out follow PyTorch, and need two dimensions", () => {
  assert.deepEqual(init.fanInAndFanOut(Tensor.zeros([3, 7])), [7, 3]);
  assert.deepEqual(init.fanInAndFanOut(Tensor.zeros([4, 2, 3, 3])), [18, 36]);
  assert.throws(() => init.fanInAndFanOut(Tensor.zeros([5])), /fewer than 2 dimensions/);
});

test("uniform, normal, constant, zeros, ones", () => {
  const g = new Generator(3);
  const t = Tensor.empty([200, 250]);
  const u = moments(init.uniform(t, -2, 3, g));
  assert.ok(u.min >= -2 && u.max < 3);
  assertMoments(t, 0.5, 5 / Math.sqrt(12));
  init.normal(t, 1.5, 0.25, g);
  assertMoments(t, 1.5, 0.25);
  assert.ok(init.constant(t, 0.5).data.every((v) => v === 0.5));
  assert.ok(init.zeros(t).data.every((v) => v === 0));
  assert.ok(init.ones(t).data.every((v) => v === 1));
});

test("Xavier and Kaiming scale with the fans and the gain", () => {
  const g = new Generator(11);
  const t = Tensor.empty([300, 200]);
  const xb = 2 * Math.sqrt(6 / 500);
  const xu = moments(init.xavierUniform(t, 2, g));
  assert.ok(xu.min >= -xb && xu.max <= xb);
  assertMoments(t, 0, xb / Math.sqrt(3));
  init.xavierNormal(t, 1, g);
  assertMoments(t, 0, Math.sqrt(2 / 500));
  const kb = Math.sqrt(2) * Math.sqrt(3 / 200);
  const ku = moments(init.kaimingUniform(t, { nonlinearity: "relu", generator: g }));
  assert.ok(ku.min >= -kb && ku.max <= kb && ku.max > 0.99 * kb);
  init.kaimingNormal(t, { mode: "fan_out", nonlinearity: "relu", generator: g });
  assertMoments(t, 0, Math.sqrt(2 / 300));
  // Default nonlinearity leaky_relu with a = 0 has gain sqrt(2), as in PyTorch.
  init.kaimingNormal(t, { generator: g });
  assertMoments(t, 0, Math.sqrt(2 / 200));
  assert.throws(() => init.kaimingUniform(t, { mode: "fan_avg" }), /Mode fan_avg not supported, please use one of fan_in, fan_out/);
});

test("initialisers accept parameters and are reproducible from a seed", () => {
  const p = new nn.Parameter(Tensor.empty([4, 5]));
  init.xavierUniform(p, 1, new Generator(9));
  const q = Tensor.empty([4, 5]);
  init.xavierUniform(q, 1, new Generator(9));
  assert.deepEqual(Array.from(p.data.data), Array.from(q.data));
});

test("Linear's default initialisation is U(-1/sqrt(in), 1/sqrt(in)) for weight and bias", () => {
  const lin = new nn.Linear(400, 150, { generator: new Generator(21) });
  const bound = 1 / Math.sqrt(400);
  const w = assertMoments(lin.weight.data, 0, bound / Math.sqrt(3));
  assert.ok(w.min >= -bound && w.max <= bound);
  const b = moments(lin.bias.data);
  assert.ok(b.min >= -bound && b.max <= bound && b.max - b.min > bound);
  const again = new nn.Linear(400, 150, { generator: new Generator(21) });
  assertClose(again.weight.data.data, lin.weight.data.data, { rtol: 0, atol: 0 });
  assert.equal(new nn.Linear(3, 2, { bias: false }).bias, null);
});
