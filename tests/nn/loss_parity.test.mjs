// Every loss × reduction × option set against PyTorch 1.13 (tests/fixtures/gen_loss.py): the
// explicit passes, and the same cases on the tape (node name, input and target gradients).
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt, fixture, assertClose } from "../helpers.mjs";
const { Tensor, nn, tidy } = wt;

const LOSSES = {
  mse: nn.MSELoss,
  l1: nn.L1Loss,
  huber: nn.HuberLoss,
  smooth_l1: nn.SmoothL1Loss,
  nll: nn.NLLLoss,
  cross_entropy: nn.CrossEntropyLoss,
  bce: nn.BCELoss,
  bce_with_logits: nn.BCEWithLogitsLoss,
  kl_div: nn.KLDivLoss,
  poisson_nll: nn.PoissonNLLLoss,
};
const TOL = { rtol: 1e-5, atol: 1e-6 };
// The generator stores NaN (PyTorch's mean over all-ignored rows, some target gradients) as null, infinities as strings.
const SPECIAL = { inf: Infinity, "-inf": -Infinity };
const nums = (v) => [v].flat().map((x) => (x === null ? NaN : SPECIAL[x] ?? x));

/**
 * Track the worst error, reported so the achieved tolerance is measured, not
 * assumed: `used` is the largest |a - e| / (atol + rtol·|e|) (1 = at the
 * limit), `rel` the largest relative error among values above 0.01.
 */
function worst(actual, expected, acc, where) {
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    if (!Number.isFinite(e)) continue;
    const err = Math.abs(actual[i] - e);
    const used = err / (TOL.atol + TOL.rtol * Math.abs(e));
    if (used > acc.used) Object.assign(acc, { used, at: `${where}[${i}]` });
    if (Math.abs(e) > 1e-2) acc.rel = Math.max(acc.rel, err / Math.abs(e));
  }
}

for (const [file, Loss] of Object.entries(LOSSES)) {
  test(`${Loss.name} matches PyTorch on every reduction and option set`, (t) => {
    const acc = { used: 0, rel: 0, at: "" };
    for (const [i, c] of fixture(`loss/${file}.json`).entries()) {
      const where = `${file} case ${i} ${JSON.stringify(c.options)} input ${JSON.stringify(c.inputShape)}`;
      const loss = new Loss(c.options);
      const x = Tensor.from(c.input, c.inputShape);
      const y = Tensor.from(c.target, c.targetShape, c.targetDtype);
      const out = loss.forward(x, y);
      const value = typeof out === "number" ? [out] : out.toFloat32Array();
      assertClose(value, nums(c.loss), { ...TOL, msg: `${where} loss` });
      worst(value, nums(c.loss), acc, `${where} loss`);
      const gradOut = c.gradOut && Tensor.from(c.gradOut, c.lossShape);
      const g = loss.backward(gradOut).toFloat32Array();
      assertClose(g, c.grad, { ...TOL, msg: `${where} grad` });
      worst(g, c.grad, acc, `${where} grad`);
      for (const tensor of [x, y, gradOut]) tensor?.dispose();
      loss.dispose();
    }
    t.diagnostic(`worst: ${(acc.used * 100).toFixed(1)}% of the tolerance (${acc.at}); max rel error above 0.01: ${acc.rel.toExponential(2)}`);
  });
}

for (const [file, Loss] of Object.entries(LOSSES)) {
  test(`${Loss.name}.call on the tape: PyTorch's node name, input and float-target gradients`, (t) => {
    const acc = { used: 0, rel: 0, at: "" };
    let targets = 0;
    for (const [i, c] of fixture(`loss/${file}.json`).entries()) {
      const where = `${file} case ${i} ${JSON.stringify(c.options)} input ${JSON.stringify(c.inputShape)}`;
      const loss = new Loss(c.options);
      tidy(() => {
        const x = Tensor.from(c.input, c.inputShape).requiresGrad_();
        const y = Tensor.from(c.target, c.targetShape, c.targetDtype);
        // PyTorch differentiates every float target of these losses.
        if (c.targetDtype === "float32") y.requiresGrad_();
        assert.equal(c.targetGrad !== undefined, y.requiresGrad, `${where}: the fixture has a target gradient exactly for float targets`);
        const out = loss.call(x, y);
        assert.equal(out.gradFn.name, c.gradFn, `${where} gradFn`);
        out.backward(c.gradOut && Tensor.from(c.gradOut, c.lossShape));
        const gx = x.grad.toFloat32Array();
        assertClose(gx, c.grad, { ...TOL, msg: `${where} grad` });
        if (c.targetGrad === undefined) return;
        const gy = y.grad.toFloat32Array();
        assertClose(gy, nums(c.targetGrad), { ...TOL, msg: `${where} targetGrad` });
        worst(gy, nums(c.targetGrad), acc, `${where} targetGrad`);
        targets++;
      });
      loss.dispose();
    }
    t.diagnostic(`${targets} target gradients; worst: ${(acc.used * 100).toFixed(1)}% of the tolerance (${acc.at}); max rel error above 0.01: ${acc.rel.toExponential(2)}`);
  });
}
