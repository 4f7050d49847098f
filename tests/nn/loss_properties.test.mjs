// Property-based checks (fast-check) that the three reductions of every loss
// agree with each other: 'sum' is the sum of 'none', 'mean' is 'sum' over the
// documented divisor, and the gradients follow (for 'none', an upstream
// gradient of ones gives exactly the 'sum' gradient).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { wt, assertClose } from "../helpers.mjs";
const { Tensor, nn } = wt;

const RUNS = { numRuns: 40, seed: 20261125 };
// Deterministic values in [0.02, 0.98) (a sine hash: tests need no Generator).
const frac = (v) => ((v % 1) + 1) % 1;
const unit = (n, seed) => Array.from({ length: n }, (_, i) => 0.02 + 0.96 * frac(Math.sin((i + 1) * 12.9898 + seed) * 43758.5453));
const signed = (n, seed, scale) => unit(n, seed).map((v) => (v - 0.5) * 2 * scale);

/** Each case builds (input, target, divisor for 'mean') from a batch N, classes C and a seed. */
const CASES = {
  MSELoss: [nn.MSELoss, {}, (n, c, s) => [Tensor.from(signed(n * c, s, 3), [n, c]), Tensor.from(signed(n * c, s + 1, 3), [n, c]), n * c]],
  HuberLoss: [nn.HuberLoss, { delta: 0.7 }, (n, c, s) => [Tensor.from(signed(n * c, s, 3), [n, c]), Tensor.from(signed(n * c, s + 1, 3), [n, c]), n * c]],
  SmoothL1Loss: [nn.SmoothL1Loss, { beta: 0.4 }, (n, c, s) => [Tensor.from(signed(n * c, s, 3), [n, c]), Tensor.from(signed(n * c, s + 1, 3), [n, c]), n * c]],
  BCELoss: [nn.BCELoss, { weight: [0.5] }, (n, c, s) => [Tensor.from(unit(n * c, s), [n, c]), Tensor.from(unit(n * c, s + 1), [n, c]), n * c]],
  BCEWithLogitsLoss: [nn.BCEWithLogitsLoss, { posWeight: [2] }, (n, c, s) => [Tensor.from(signed(n * c, s, 8), [n, c]), Tensor.from(unit(n * c, s + 1), [n, c]), n * c]],
  KLDivLoss: [nn.KLDivLoss, {}, (n, c, s) => [Tensor.from(signed(n * c, s, 2).map((v) => v - 3), [n, c]), Tensor.from(unit(n * c, s + 1), [n, c]), n * c]],
  PoissonNLLLoss: [nn.PoissonNLLLoss, { full: true }, (n, c, s) => [Tensor.from(signed(n * c, s, 2), [n, c]), Tensor.from(unit(n * c, s + 1).map((v) => Math.floor(v * 6)), [n, c]), n * c]],
  NLLLoss: [nn.NLLLoss, {}, (n, c, s) => [Tensor.from(signed(n * c, s, 2).map((v) => v - 3), [n, c]), labels(n, c, s), n]],
  CrossEntropyLoss: [nn.CrossEntropyLoss, { labelSmoothing: 0.1 }, (n, c, s) => [Tensor.from(signed(n * c, s, 6), [n, c]), labels(n, c, s), n]],
  "CrossEntropyLoss (probabilities)": [nn.CrossEntropyLoss, {}, (n, c, s) => [Tensor.from(signed(n * c, s, 6), [n, c]), Tensor.from(unit(n * c, s + 1), [n, c]), n]],
};

function labels(n, c, seed) {
  return Tensor.from(unit(n, seed + 2).map((v) => Math.floor(v * c)), [n], "int32");
}

test("'none', 'sum' and 'mean' agree for every loss, in value and gradient", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 11 }), fc.integer({ min: 0, max: 1000 }), fc.constantFrom(...Object.keys(CASES)), (n, c, seed, name) => {
      const [Loss, options, make] = CASES[name];
      const [x, y, divisor] = make(n, c, seed);
      const none = new Loss({ ...options, reduction: "none" });
      const sum = new Loss({ ...options, reduction: "sum" });
      const mean = new Loss({ ...options, reduction: "mean" });
      const each = Array.from(none.forward(x, y).data);
      const total = sum.forward(x, y);
      const msg = `${name} n=${n} c=${c} seed=${seed}`;
      assertClose([total], [each.reduce((a, b) => a + b, 0)], { rtol: 1e-5, atol: 1e-5, msg: `${msg} sum` });
      assertClose([mean.forward(x, y)], [total / divisor], { rtol: 1e-6, atol: 1e-7, msg: `${msg} mean` });
      const ones = Tensor.full(none.forward(x, y).shape, 1);
      const gSum = sum.backward().toFloat32Array();
      assert.deepEqual(none.backward(ones).toFloat32Array(), gSum, `${msg} none grad`);
      assertClose(mean.backward().toFloat32Array(), Array.from(gSum, (g) => g / divisor), { rtol: 1e-6, atol: 1e-7, msg: `${msg} mean grad` });
      for (const t of [x, y, ones]) t.dispose();
      for (const l of [none, sum, mean]) l.dispose();
    }),
    RUNS,
  );
});
