// Every loss × reduction × option set against PyTorch 1.13 (tests/fixtures/gen_loss.py).
import { test } from "node:test";
import { wt, fixture, assertClose } from "../helpers.mjs";
const { Tensor, nn } = wt;

const LOSSES = {
  mse: nn.MSELoss,
  l1: nn.L1Loss,
  huber: nn.HuberLoss,
  smooth_l1: nn.SmoothL1Loss,
  nll: nn.NLLLoss,
};
const TOL = { rtol: 1e-5, atol: 1e-6 };
// The generator stores NaN (PyTorch's mean over all-ignored rows) as null.
const nums = (v) => [v].flat().map((x) => (x === null ? NaN : x));

/** Largest |a - e| / (atol + rtol·|e|) seen, reported so the achieved tolerance is measured, not assumed. */
function worst(actual, expected, acc) {
  const a = Array.from(actual);
  const e = expected;
  for (let i = 0; i < e.length; i++) {
    if (Number.isNaN(e[i])) continue;
    const err = Math.abs(a[i] - e[i]);
    acc.abs = Math.max(acc.abs, err);
    if (Math.abs(e[i]) > 1e-3) acc.rel = Math.max(acc.rel, err / Math.abs(e[i]));
  }
}

for (const [file, Loss] of Object.entries(LOSSES)) {
  test(`${Loss.name} matches PyTorch on every reduction and option set`, (t) => {
    const acc = { abs: 0, rel: 0 };
    for (const [i, c] of fixture(`loss/${file}.json`).entries()) {
      const where = `${file} case ${i} ${JSON.stringify(c.options)} input ${JSON.stringify(c.inputShape)}`;
      const loss = new Loss(c.options);
      const x = Tensor.from(c.input, c.inputShape);
      const y = Tensor.from(c.target, c.targetShape, c.targetDtype);
      const out = loss.forward(x, y);
      const value = typeof out === "number" ? [out] : out.toFloat32Array();
      assertClose(value, nums(c.loss), { ...TOL, msg: `${where} loss` });
      worst(value, nums(c.loss), acc);
      const gradOut = c.gradOut && Tensor.from(c.gradOut, c.lossShape);
      const g = loss.backward(gradOut).toFloat32Array();
      assertClose(g, c.grad, { ...TOL, msg: `${where} grad` });
      worst(g, c.grad, acc);
      for (const tensor of [x, y, gradOut]) tensor?.dispose();
      loss.dispose();
    }
    t.diagnostic(`max abs error ${acc.abs.toExponential(2)}, max rel error ${acc.rel.toExponential(2)}`);
  });
}
