// Every autograd operation × broadcasting pattern × odd size against PyTorch
// 1.13 (tests/fixtures/gen_autograd.py): values and the gradients of every
// input. Plain float32 arithmetic must give PyTorch's exact bits; sums,
// matrix products and transcendental functions (different summation orders
// and polynomial approximations) must be within tolerance.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt, fixture, assertClose } from "../helpers.mjs";
const { Tensor, autograd } = wt;

const cases = fixture("autograd/ops.json");
// Exponents PyTorch computes by multiplication, sqrt or reciprocal (see unary.ts).
const SPECIAL_POWERS = new Set([0, 1, 2, 3, -2, 0.5, -0.5, -1]);
const ROUNDED = new Set(["add", "sub", "mul", "div", "neg", "rsub", "abs", "clamp", "sqrt"]);
// Ops whose gradient, when nothing was broadcast, is plain float32 arithmetic on exact values.
const ROUNDED_GRAD = new Set([...ROUNDED, "log"]);
const TOL = {
  exp: { rtol: 3e-7, atol: 0 },
  log: { rtol: 3e-7, atol: 1e-7 },
  pow: { rtol: 3e-7, atol: 0 },
  add: { rtol: 3e-7, atol: 1e-7 }, // alpha: PyTorch fuses the multiply-add
  sub: { rtol: 3e-7, atol: 1e-7 },
  rsub: { rtol: 3e-7, atol: 1e-7 },
  default: { rtol: 1e-4, atol: 3e-5 }, // sums and matrix products, as the MLP parity test
};

function exactValue(c) {
  if (c.op === "pow") return SPECIAL_POWERS.has(c.args.exponent);
  return ROUNDED.has(c.op) && (c.args.alpha ?? 1) === 1;
}

function exactGrad(c, input) {
  const same = input.shape.length === c.outShape.length && input.shape.every((d, i) => d === c.outShape[i]);
  if (!same) return false;
  if (c.op === "pow") return SPECIAL_POWERS.has(c.args.exponent - 1);
  return ROUNDED_GRAD.has(c.op) && (c.args.alpha ?? 1) === 1;
}

function run(c, xs) {
  const a = c.args;
  switch (c.op) {
    case "add":
    case "sub":
    case "rsub": {
      const other = "other" in a ? a.other : xs[1];
      return a.alpha === undefined ? autograd[c.op](xs[0], other) : autograd[c.op](xs[0], other, { alpha: a.alpha });
    }
    case "mul":
      return xs[0].mul("other" in a ? a.other : xs[1]);
    case "div":
      return xs[0].div("other" in a ? a.other : xs[1]);
    case "neg":
      return xs[0].neg();
    case "pow":
      return xs[0].pow(a.exponent);
    case "clamp":
      return xs[0].clamp(a.min, a.max);
    case "sum":
    case "mean":
      return "dim" in a ? xs[0][c.op](a.dim, a.keepdim) : xs[0][c.op]();
    case "matmul":
      return autograd.matmul(xs[0], xs[1]);
    default:
      return xs[0][c.op]();
  }
}

function bitsEqual(actual, expected, msg) {
  const e = Float32Array.from(expected);
  for (let i = 0; i < e.length; i++) {
    if (!Object.is(actual[i], e[i])) assert.fail(`${msg} index ${i}: got ${actual[i]}, PyTorch ${e[i]} (exact bits expected)`);
  }
}

test("autograd ops match PyTorch's values and gradients (exact bits for float32 arithmetic)", () => {
  const counts = { exact: 0, close: 0 };
  for (const [i, c] of cases.entries()) {
    const where = `case ${i} ${c.op}(${c.inputs.map((x) => JSON.stringify(x.shape)).join(", ")}) ${JSON.stringify(c.args)}`;
    const xs = c.inputs.map((x) => Tensor.from(x.values, x.shape).requiresGrad_());
    const out = run(c, xs);
    assert.deepEqual(out.shape, c.outShape, `${where} shape`);
    const tol = TOL[c.op] ?? TOL.default;
    if (exactValue(c)) bitsEqual(out.data, c.out, `${where} value`), counts.exact++;
    else assertClose(out.data, c.out, { ...tol, msg: `${where} value` }), counts.close++;
    out.backward(Tensor.from(c.gradOut, c.outShape));
    xs.forEach((x, j) => {
      const msg = `${where} grad of input ${j}`;
      if (exactGrad(c, x)) bitsEqual(x.grad.data, c.grads[j], msg), counts.exact++;
      else assertClose(x.grad.data, c.grads[j], { ...TOL.default, msg }), counts.close++;
      x.dispose();
    });
    out.dispose();
  }
  // The exact comparisons are the bulk of the fixture, not a corner of it.
  assert.ok(counts.exact > 350 && counts.close > 400, JSON.stringify(counts));
});

test("gradient names are PyTorch's", () => {
  const x = Tensor.from([1, 2, 3]).requiresGrad_();
  const m = Tensor.from([[1, 2, 3]]).requiresGrad_();
  const names = [
    [x.add(x), "AddBackward0"], [x.add(1), "AddBackward1"], [x.sub(x), "SubBackward0"], [x.sub(1), "SubBackward1"],
    [x.mul(x), "MulBackward0"], [x.mul(2), "MulBackward1"], [x.div(x), "DivBackward0"], [x.div(2), "DivBackward1"],
    [x.rsub(x), "RsubBackward0"], [x.rsub(2), "RsubBackward1"], [x.neg(), "NegBackward0"], [x.pow(2), "PowBackward0"],
    [x.exp(), "ExpBackward0"], [x.log(), "LogBackward0"], [x.sqrt(), "SqrtBackward0"], [x.abs(), "AbsBackward0"],
    [x.clamp(0, 1), "ClampBackward1"], [x.sum(), "SumBackward0"], [x.sum(0), "SumBackward1"], [x.mean(), "MeanBackward0"],
    [x.mean(-1, true), "MeanBackward1"], [x.matmul(x), "DotBackward0"], [m.matmul(x), "MvBackward0"],
    [m.matmul(m.reshape([3, 1])), "MmBackward0"],
  ];
  for (const [t, name] of names) assert.equal(t.gradFn.name, name);
});
