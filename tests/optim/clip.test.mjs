// clipGradNorm / clipGradValue against torch.nn.utils (fixture) and a scalar
// reference on odd lengths.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt, fixture, assertClose, SIZES } from "../helpers.mjs";
import { hvec } from "./cases.mjs";

const { Tensor, nn, optim } = wt;
const { sizes, cases } = fixture("optim/clip.json");

for (const c of cases) {
  test(`clipGradNorm(normType ${c.normType}, maxNorm ${c.maxNorm}) matches torch`, () => {
    const params = sizes.map((n, k) => {
      const p = new nn.Parameter(Tensor.zeros([n]));
      p.grad.set(hvec(c.seed, 1, 10000 * k, n));
      return p;
    });
    const total = optim.clipGradNorm(params, c.maxNorm, c.normType === "inf" ? Infinity : c.normType);
    assertClose([total], [c.totalNorm], { rtol: 1e-5, atol: 0 });
    params.forEach((p, k) => assertClose(p.grad.data, c.grads[k], { rtol: 1e-5, atol: 1e-9, msg: `grad ${k}` }));
    for (const p of params) p.dispose();
  });
}

test("clipGradValue clamps like a scalar reference on odd lengths", () => {
  for (const n of SIZES) {
    const values = Float32Array.from({ length: n }, (_, i) => ((i * 7919) % 23) - 11.5);
    values[0] = NaN;
    const p = new nn.Parameter(Tensor.zeros([n]));
    p.grad.set(values);
    optim.clipGradValue([p], 3.25);
    const want = Array.from(values, (v) => (Number.isNaN(v) ? NaN : Math.min(Math.max(v, -3.25), 3.25)));
    assert.deepEqual(Array.from(p.grad.data), want, `n=${n}`);
    p.dispose();
  }
});

test("clipGradNorm with errorIfNonfinite refuses an infinite norm with PyTorch's message", () => {
  const p = new nn.Parameter(Tensor.zeros([5]));
  p.grad.set([1, 2, Infinity, 3, 4]);
  assert.throws(
    () => optim.clipGradNorm([p], 1, 2, { errorIfNonfinite: true }),
    { message: "The total norm of order 2.0 for gradients from `parameters` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`" },
  );
  assert.deepEqual(Array.from(p.grad.data), [1, 2, Infinity, 3, 4]);
  assert.equal(optim.clipGradNorm([p], 1, Infinity), Infinity);
  assert.deepEqual(Array.from(p.grad.data), [0, 0, NaN, 0, 0]);
});

test("clipGradNorm leaves small gradients alone and reports the norm", () => {
  for (const n of SIZES) {
    const values = Float32Array.from({ length: n }, (_, i) => (i % 5) - 2);
    const p = new nn.Parameter(Tensor.zeros([n]));
    p.grad.set(values);
    const want = Math.fround(Math.sqrt(values.reduce((s, v) => s + v * v, 0)));
    assert.equal(optim.clipGradNorm([p], 1e9), want, `n=${n}`);
    assert.deepEqual(Array.from(p.grad.data), Array.from(values));
    p.dispose();
  }
});
