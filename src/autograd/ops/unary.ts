import { Tensor } from "../../tensor.js";
import { Node } from "../node.js";
import { isGradEnabled } from "../grad_mode.js";
import { newResult } from "../scope.js";
import { rt } from "../../runtime/wasm.js";
import { BinaryOp, binaryInto } from "./broadcast.js";
import { checkFloat, savedTensor } from "./check.js";

// Elementwise functions of one tensor, as PyTorch's `exp`, `log`, `sqrt`,
// `abs`, `clamp` and `pow` with a number exponent. Gradients follow
// PyTorch's formulas term by term (e.g. sqrt's `g / (2·result)`), so where
// the forward has PyTorch's bits the gradient does too.

/** A new result of `x`'s shape filled by `kernel(x, out, n)`. */
function map(who: string, x: Tensor, kernel: (x: number, out: number, n: number) => void): Tensor {
  checkFloat(who, x);
  const out = newResult(x.shape);
  kernel(x.ptr, out.ptr, x.size);
  return out;
}

function recording(x: Tensor): boolean {
  return isGradEnabled() && x.requiresGrad;
}

/** `g (op) t` into a new tensor. */
function combine(op: typeof BinaryOp.mul | typeof BinaryOp.div, g: Tensor, t: Tensor): Tensor {
  const out = Tensor.empty(g.shape);
  binaryInto(op, g, g.shape, t, t.shape, out);
  return out;
}

/** Gradient of exp: `g · result`. */
class ExpBackward0 extends Node {
  constructor(
    x: Tensor,
    private readonly result: Tensor,
  ) {
    super("ExpBackward0", [x]);
  }

  backward(g: Tensor): (Tensor | undefined)[] {
    return [combine(BinaryOp.mul, g, savedTensor(this, this.result))];
  }
}

/** Gradient of log: `g / x`. */
class LogBackward0 extends Node {
  constructor(x: Tensor) {
    super("LogBackward0", [x]);
  }

  backward(g: Tensor): (Tensor | undefined)[] {
    return [combine(BinaryOp.div, g, savedTensor(this, this.inputs[0]))];
  }
}

/** Gradient of sqrt: `g / (2 · result)`. */
class SqrtBackward0 extends Node {
  constructor(
    x: Tensor,
    private readonly result: Tensor,
  ) {
    super("SqrtBackward0", [x]);
  }

  backward(g: Tensor): (Tensor | undefined)[] {
    const y = savedTensor(this, this.result);
    const out = Tensor.empty(g.shape);
    binaryInto(BinaryOp.mul, y, y.shape, 2, [], out);
    binaryInto(BinaryOp.div, g, g.shape, out, out.shape, out);
    return [out];
  }
}

/** Gradient of abs: `g · sign(x)`. */
class AbsBackward0 extends Node {
  constructor(x: Tensor) {
    super("AbsBackward0", [x]);
  }

  backward(g: Tensor): (Tensor | undefined)[] {
    const x = savedTensor(this, this.inputs[0]);
    const out = Tensor.empty(g.shape);
    rt().k.absBackward(x.ptr, g.ptr, out.ptr, g.size);
    return [out];
  }
}

/** Gradient of clamp: `g` where `min <= x <= max`, else 0. */
class ClampBackward1 extends Node {
  constructor(
    x: Tensor,
    private readonly lo: number,
    private readonly hi: number,
  ) {
    super("ClampBackward1", [x]);
  }

  backward(g: Tensor): (Tensor | undefined)[] {
    const x = savedTensor(this, this.inputs[0]);
    const out = Tensor.empty(g.shape);
    rt().k.clampBackward(x.ptr, g.ptr, out.ptr, this.lo, this.hi, g.size);
    return [out];
  }
}

/** Gradient of pow by a number: `g · (e · x^(e-1))`, 0 for e = 0. */
class PowBackward0 extends Node {
  constructor(
    x: Tensor,
    private readonly exponent: number,
  ) {
    super("PowBackward0", [x]);
  }

  backward(g: Tensor): (Tensor | undefined)[] {
    const e = this.exponent;
    const out = Tensor.empty(g.shape);
    if (e === 0) return [out.zero()];
    powInto(savedTensor(this, this.inputs[0]), e - 1, out);
    binaryInto(BinaryOp.mul, out, out.shape, e, [], out);
    binaryInto(BinaryOp.mul, g, g.shape, out, out.shape, out);
    return [out];
  }
}

/**
 * out = x^e with PyTorch's special exponents: 0 and 1 exactly, 2, 3 and -2 by
 * multiplication, ±0.5 and -1 through sqrt and reciprocal, any other by a
 * power rounded once to float32.
 */
function powInto(x: Tensor, e: number, out: Tensor): void {
  const k = rt().k;
  const n = x.size;
  const reciprocal = (): void => binaryInto(BinaryOp.div, 1, [], out, out.shape, out);
  if (e === 0) k.vecFill(out.ptr, 1, n);
  else if (e === 1) k.vecCopy(x.ptr, out.ptr, n);
  else if (e === 2 || e === 3 || e === -2) {
    k.vecMul(x.ptr, x.ptr, out.ptr, n);
    if (e === 3) k.vecMul(out.ptr, x.ptr, out.ptr, n);
    if (e === -2) reciprocal();
  } else if (e === 0.5 || e === -0.5) {
    k.vecSqrt(x.ptr, out.ptr, n);
    if (e === -0.5) reciprocal();
  } else if (e === -1) binaryInto(BinaryOp.div, 1, [], x, x.shape, out);
  else k.vecPowScalar(x.ptr, out.ptr, e, n);
}

/** e^x, elementwise (PyTorch's `torch.exp`). */
export function exp(input: Tensor): Tensor {
  const out = map("exp", input, rt().k.vecExp);
  if (recording(input)) out.gradFn = new ExpBackward0(input, out);
  return out;
}

/** Natural logarithm, elementwise (PyTorch's `torch.log`): -Infinity at 0, NaN below. */
export function log(input: Tensor): Tensor {
  const out = map("log", input, rt().k.vecLog);
  if (recording(input)) out.gradFn = new LogBackward0(input);
  return out;
}

/** Square root, elementwise (PyTorch's `torch.sqrt`): NaN below 0. */
export function sqrt(input: Tensor): Tensor {
  const out = map("sqrt", input, rt().k.vecSqrt);
  if (recording(input)) out.gradFn = new SqrtBackward0(input, out);
  return out;
}

/** Absolute value, elementwise (PyTorch's `torch.abs`); its gradient at 0 is 0. */
export function abs(input: Tensor): Tensor {
  const out = map("abs", input, rt().k.vecAbs);
  if (recording(input)) out.gradFn = new AbsBackward0(input);
  return out;
}

/**
 * Each element limited to `[min, max]` (PyTorch's `torch.clamp`); either
 * bound may be omitted (`null`/`undefined`), not both. With min > max every
 * element becomes max, as in PyTorch; NaN stays NaN.
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
  const out = map("clamp", input, (x, o, n) => rt().k.vecClamp(x, o, lo, hi, n));
  if (recording(input)) out.gradFn = new ClampBackward1(input, lo, hi);
  return out;
}

/** `input` raised to a number, elementwise (PyTorch's `torch.pow(input, exponent)` with a Python number). */
export function pow(input: Tensor, exponent: number): Tensor {
  if (typeof exponent !== "number") throw new TypeError(`wasmtune: pow: the exponent must be a number, got ${typeof exponent}`);
  checkFloat("pow", input);
  const out = newResult(input.shape);
  powInto(input, exponent, out);
  if (recording(input)) out.gradFn = new PowBackward0(input, exponent);
  return out;
}
