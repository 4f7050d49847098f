import { Tensor } from "../../tensor.js";
import { Node } from "../node.js";
import { isGradEnabled } from "../grad_mode.js";
import { newResult } from "../scope.js";
import { vecCopy, vecExp, vecFill, vecLog, vecMul } from "../../kernels/elementwise.js";
import { absBackward, clampBackward, vecAbs, vecClamp, vecPowScalar, vecSqrt } from "../../kernels/unary.js";
import { rt } from "../../runtime/wasm.js";
import type { Kernels } from "../../runtime/wasm.js";
import { BinaryOp, binaryInto } from "./broadcast.js";
import { checkInput, savedTensor } from "./check.js";

// Elementwise functions of one tensor, as PyTorch's `exp`, `log`, `sqrt`,
// `abs`, `clamp` and `pow` with a number exponent. Gradients follow
// PyTorch's formulas term by term (e.g. sqrt's `g / (2·result)`), so where
// the forward has PyTorch's bits the gradient does too.

function recording(x: Tensor): boolean {
  return isGradEnabled() && x.requiresGrad;
}

/** `g (op) t` into a new tensor. */
function combine(op: typeof BinaryOp.mul | typeof BinaryOp.div, g: Tensor, t: Tensor): Tensor {
  const out = Tensor.empty(g.shape);
  binaryInto(op, g, g.shape, t, t.shape, out);
  return out;
}

/** The gradient of a unary function from the output's gradient, reading the saved input or result through the node. */
type GradFormula = (g: Tensor, node: UnaryBackward) => Tensor;

/** Gradient of an elementwise function of one tensor (PyTorch's `ExpBackward0`, ...). */
class UnaryBackward extends Node {
  constructor(
    name: string,
    x: Tensor,
    private readonly result: Tensor,
    private readonly formula: GradFormula,
  ) {
    super(name, [x]);
  }

  /** The input, checked alive. */
  get x(): Tensor {
    return savedTensor(this, this.inputs[0]);
  }

  /** The forward result, checked alive. */
  get y(): Tensor {
    return savedTensor(this, this.result);
  }

  backward(g: Tensor): (Tensor | undefined)[] {
    return [this.formula(g, this)];
  }
}

/** Fills `out` (shaped like `x`) from `x`. */
type Forward = (x: Tensor, out: Tensor) => void;

/** A kernel of `{ x, out, n }` as a {@link Forward}. */
const pointwise =
  (kernel: (k: Kernels, a: { x: number; out: number; n: number }) => void): Forward =>
  (x, out) =>
    kernel(rt().k, { x: x.ptr, out: out.ptr, n: x.size });

/** `forward` into a new result, recorded with `formula` as its gradient. */
function unaryOp(who: string, name: string, input: Tensor, forward: Forward, formula: GradFormula): Tensor {
  checkInput(who, input);
  const out = newResult(input.shape);
  forward(input, out);
  if (recording(input)) out.gradFn = new UnaryBackward(name, input, out, formula);
  return out;
}

// The gradient formulas, PyTorch's term by term.
const expGrad: GradFormula = (g, n) => combine(BinaryOp.mul, g, n.y);
const logGrad: GradFormula = (g, n) => combine(BinaryOp.div, g, n.x);
const sqrtGrad: GradFormula = (g, n) => {
  const y = n.y;
  const out = Tensor.empty(g.shape);
  binaryInto(BinaryOp.mul, y, y.shape, 2, [], out);
  binaryInto(BinaryOp.div, g, g.shape, out, out.shape, out);
  return out;
};
const absGrad: GradFormula = (g, n) => {
  const out = Tensor.empty(g.shape);
  absBackward(rt().k, { x: n.x.ptr, g: g.ptr, gx: out.ptr, n: g.size });
  return out;
};

/**
 * out = x^e with PyTorch's special exponents: 0 and 1 exactly, 2, 3 and -2 by
 * multiplication, ±0.5 and -1 through sqrt and reciprocal, any other by a
 * power rounded once to float32.
 */
function powInto(x: Tensor, e: number, out: Tensor): void {
  const k = rt().k;
  const n = x.size;
  const reciprocal = (): void => binaryInto(BinaryOp.div, 1, [], out, out.shape, out);
  if (e === 0) vecFill(k, { out: out.ptr, value: 1, n });
  else if (e === 1) vecCopy(k, { src: x.ptr, dst: out.ptr, n });
  else if (e === 2 || e === 3 || e === -2) {
    vecMul(k, { a: x.ptr, b: x.ptr, out: out.ptr, n });
    if (e === 3) vecMul(k, { a: out.ptr, b: x.ptr, out: out.ptr, n });
    if (e === -2) reciprocal();
  } else if (e === 0.5 || e === -0.5) {
    vecSqrt(k, { x: x.ptr, out: out.ptr, n });
    if (e === -0.5) reciprocal();
  } else if (e === -1) binaryInto(BinaryOp.div, 1, [], x, x.shape, out);
  else vecPowScalar(k, { x: x.ptr, out: out.ptr, e, n });
}

/** Gradient of pow by a number: `g · (e · x^(e-1))`, 0 for e = 0. */
function powGrad(e: number): GradFormula {
  return (g, n) => {
    const out = Tensor.empty(g.shape);
    if (e === 0) return out.zero();
    powInto(n.x, e - 1, out);
    binaryInto(BinaryOp.mul, out, out.shape, e, [], out);
    binaryInto(BinaryOp.mul, g, g.shape, out, out.shape, out);
    return out;
  };
}

/** e^x, elementwise (PyTorch's `torch.exp`). */
export function exp(input: Tensor): Tensor {
  return unaryOp("exp", "ExpBackward0", input, pointwise(vecExp), expGrad);
}

/** Natural logarithm, elementwise (PyTorch's `torch.log`): -Infinity at 0, NaN below. */
export function log(input: Tensor): Tensor {
  return unaryOp("log", "LogBackward0", input, pointwise(vecLog), logGrad);
}

/** Square root, elementwise (PyTorch's `torch.sqrt`): NaN below 0. */
export function sqrt(input: Tensor): Tensor {
  return unaryOp("sqrt", "SqrtBackward0", input, pointwise(vecSqrt), sqrtGrad);
}

/** Absolute value, elementwise (PyTorch's `torch.abs`); its gradient at 0 is 0. */
export function abs(input: Tensor): Tensor {
  return unaryOp("abs", "AbsBackward0", input, pointwise(vecAbs), absGrad);
}

/**
 * Each element limited to `[min, max]` (PyTorch's `torch.clamp`); either
 * bound may be omitted (`null`/`undefined`), not both. With min > max every
 * element becomes max, as in PyTorch; NaN stays NaN. The gradient passes
 * where `min <= x <= max`.
 */
export function clamp(input: Tensor, min?: number | null, max?: number | null): Tensor {
  if ((min === undefined || min === null) && (max === undefined || max === null)) {
    throw new Error("torch.clamp: At least one of 'min' or 'max' must not be None");
  }
  for (const [name, v] of [["min", min], ["max", max]] as const) {
    if (v !== undefined && v !== null && typeof v !== "number") throw new TypeError(`wasmtune: clamp: ${name} must be a number, got ${typeof v}`);
  }
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  return unaryOp("clamp", "ClampBackward1", input, (x, o) => vecClamp(rt().k, { x: x.ptr, out: o.ptr, lo, hi, n: x.size }), (g, node) => {
    const out = Tensor.empty(g.shape);
    clampBackward(rt().k, { x: node.x.ptr, g: g.ptr, gx: out.ptr, lo, hi, n: g.size });
    return out;
  });
}

/** `input` raised to a number, elementwise (PyTorch's `torch.pow(input, exponent)` with a Python number). */
export function pow(input: Tensor, exponent: number): Tensor {
  if (typeof exponent !== "number") throw new TypeError(`wasmtune: pow: the exponent must be a number, got ${typeof exponent}`);
  return unaryOp("pow", "PowBackward0", input, (x, o) => powInto(x, exponent, o), powGrad(exponent));
}
