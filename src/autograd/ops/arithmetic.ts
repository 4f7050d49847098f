import { Tensor } from "../../tensor.js";
import { Node } from "../node.js";
import { isGradEnabled } from "../grad_mode.js";
import { newResult } from "../scope.js";
import { checkOptions, optionNames } from "../../options.js";
import { BinaryOp, binaryInto, broadcastShapes, operandShape, sumTo } from "./broadcast.js";
import type { BinaryOpCode, Operand } from "./broadcast.js";
import { checkInput, savedTensor } from "./check.js";

// Elementwise arithmetic between tensors that broadcast, or a tensor and a
// number, as PyTorch's `add`, `sub`, `mul`, `div`, `neg` and `rsub`. Results
// are IEEE float32 operations on float32 operands (a number is rounded to
// float32 first), so they have PyTorch's bits.

/** Options of {@link add}, {@link sub} and {@link rsub}. */
export interface AlphaOptions {
  /** Multiplier of the second operand (`input + alpha * other`); default 1. */
  alpha?: number;
}

const ALPHA_OPTIONS = optionNames<AlphaOptions>({ alpha: true });

function alphaOf(who: string, options: AlphaOptions | undefined): number {
  if (options === undefined) return 1;
  checkOptions(who, options, ALPHA_OPTIONS);
  const { alpha = 1 } = options;
  if (typeof alpha !== "number" || Number.isNaN(alpha)) throw new TypeError(`wasmtune: ${who}: alpha must be a number, got ${String(alpha)}`);
  return alpha;
}

function checkOperand(who: string, x: Operand): void {
  if (typeof x === "number") return;
  if (!(x instanceof Tensor)) {
    // A Parameter is not a Tensor here (its tensor is `.data`); say so rather than "got object".
    const param = typeof x === "object" && x !== null && (x as { data?: unknown }).data instanceof Tensor;
    throw new TypeError(`wasmtune: ${who}: expected a Tensor or a number, got ${param ? "a Parameter: pass its tensor, param.data (operations on it record the graph and its gradient goes to param.grad)" : typeof x}`);
  }
  checkInput(who, x);
}

/** `x (op) y` as a new result: x is a tensor, y a tensor or a number. */
function compute(who: string, op: BinaryOpCode, x: Operand, y: Operand, alpha = 1): Tensor {
  checkOperand(who, x);
  checkOperand(who, y);
  const xs = operandShape(x);
  const ys = operandShape(y);
  const out = newResult(broadcastShapes(xs, ys));
  binaryInto(op, x, xs, y, ys, out, alpha);
  return out;
}

function recording(a: Operand, b: Operand): boolean {
  return isGradEnabled() && ((typeof a !== "number" && a.requiresGrad) || (typeof b !== "number" && b.requiresGrad));
}

/** The tensors among the operands: the inputs a node gets gradients for. */
function tensors(...xs: Operand[]): Tensor[] {
  return xs.filter((x): x is Tensor => typeof x !== "number");
}

/** `g (op) y` reduced to `shape`: the gradient of an input that may have been broadcast. */
function mapTo(op: BinaryOpCode, g: Tensor, y: Operand, shape: readonly number[]): Tensor {
  const t = Tensor.empty(g.shape);
  binaryInto(op, g, g.shape, y, operandShape(y), t);
  if (t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i])) return t;
  const r = sumTo(t, shape);
  t.dispose();
  return r;
}

/** `g · scale` reduced to `shape`. */
function scaledTo(g: Tensor, scale: number, shape: readonly number[]): Tensor {
  return scale === 1 ? sumTo(g, shape) : mapTo(BinaryOp.mul, g, scale, shape);
}

/**
 * Gradient of a binary operation between a tensor `x` and a tensor or number
 * `y` (a number gets no gradient; `alpha` is the multiplier of add, sub and
 * rsub).
 */
abstract class BinaryBackward extends Node {
  constructor(
    name: string,
    protected readonly x: Tensor,
    protected readonly y: Operand,
    protected readonly alpha = 1,
  ) {
    super(name, tensors(x, y));
  }
}

/** Gradient of `x + alpha·y` (and `x - alpha·y` as alpha negated): PyTorch's AddBackward/SubBackward. */
class AddBackward extends BinaryBackward {
  backward(g: Tensor, needs: readonly boolean[]): (Tensor | undefined)[] {
    const gx = needs[0] ? sumTo(g, this.x.shape) : undefined;
    if (typeof this.y === "number") return [gx];
    return [gx, needs[1] ? scaledTo(g, this.alpha, this.y.shape) : undefined];
  }
}

/** Gradient of `y - alpha·x` (PyTorch's RsubBackward). */
class RsubBackward extends BinaryBackward {
  backward(g: Tensor, needs: readonly boolean[]): (Tensor | undefined)[] {
    const gx = needs[0] ? scaledTo(g, -this.alpha, this.x.shape) : undefined;
    if (typeof this.y === "number") return [gx];
    return [gx, needs[1] ? sumTo(g, this.y.shape) : undefined];
  }
}

/** Gradient of `x * y` (PyTorch's MulBackward): each input gets the gradient times the other. */
class MulBackward extends BinaryBackward {
  backward(g: Tensor, needs: readonly boolean[]): (Tensor | undefined)[] {
    const { x, y } = this;
    const other = typeof y === "number" ? y : savedTensor(this, y);
    const gx = needs[0] ? mapTo(BinaryOp.mul, g, other, x.shape) : undefined;
    if (typeof y === "number") return [gx];
    return [gx, needs[1] ? mapTo(BinaryOp.mul, g, savedTensor(this, x), y.shape) : undefined];
  }
}

/** Gradient of `x / y` (PyTorch's DivBackward): `g / y` and `-g · ((x / y) / y)`, in PyTorch's order. */
class DivBackward extends BinaryBackward {
  backward(g: Tensor, needs: readonly boolean[]): (Tensor | undefined)[] {
    const { x, y } = this;
    const divisor = typeof y === "number" ? y : savedTensor(this, y);
    const gx = needs[0] ? mapTo(BinaryOp.div, g, divisor, x.shape) : undefined;
    if (typeof y === "number") return [gx];
    if (!needs[1]) return [gx, undefined];
    const t = Tensor.empty(g.shape);
    binaryInto(BinaryOp.div, savedTensor(this, x), x.shape, y, y.shape, t);
    binaryInto(BinaryOp.div, t, t.shape, y, y.shape, t);
    binaryInto(BinaryOp.mul, g, g.shape, t, t.shape, t);
    const gy = mapTo(BinaryOp.mul, t, -1, y.shape);
    t.dispose();
    return [gx, gy];
  }
}

/** Gradient of `-x`. */
class NegBackward0 extends Node {
  constructor(x: Tensor) {
    super("NegBackward0", [x]);
  }

  backward(g: Tensor): (Tensor | undefined)[] {
    return [mapTo(BinaryOp.mul, g, -1, g.shape)];
  }
}

/**
 * `input + alpha · other`, broadcasting (PyTorch's `torch.add`). `other` may
 * be a number.
 */
export function add(input: Tensor, other: Operand, options?: AlphaOptions): Tensor {
  const alpha = alphaOf("add", options);
  const out = compute("add", alpha === 1 ? BinaryOp.add : BinaryOp.axpy, input, other, alpha);
  if (recording(input, other)) out.gradFn = new AddBackward(typeof other === "number" ? "AddBackward1" : "AddBackward0", input, other, alpha);
  return out;
}

/** `input - alpha · other`, broadcasting (PyTorch's `torch.sub`). */
export function sub(input: Tensor, other: Operand, options?: AlphaOptions): Tensor {
  const alpha = alphaOf("sub", options);
  const out = compute("sub", alpha === 1 ? BinaryOp.sub : BinaryOp.axpy, input, other, -alpha);
  if (recording(input, other)) out.gradFn = new AddBackward(typeof other === "number" ? "SubBackward1" : "SubBackward0", input, other, -alpha);
  return out;
}

/** `other - alpha · input`, broadcasting (PyTorch's `torch.rsub`): subtraction from a number. */
export function rsub(input: Tensor, other: Operand, options?: AlphaOptions): Tensor {
  const alpha = alphaOf("rsub", options);
  checkOperand("rsub", input);
  const out = compute("rsub", alpha === 1 ? BinaryOp.sub : BinaryOp.axpy, other, input, -alpha);
  if (recording(input, other)) out.gradFn = new RsubBackward(typeof other === "number" ? "RsubBackward1" : "RsubBackward0", input, other, alpha);
  return out;
}

/** `input * other`, elementwise with broadcasting (PyTorch's `torch.mul`). */
export function mul(input: Tensor, other: Operand): Tensor {
  const out = compute("mul", BinaryOp.mul, input, other);
  if (recording(input, other)) out.gradFn = new MulBackward(typeof other === "number" ? "MulBackward1" : "MulBackward0", input, other);
  return out;
}

/** `input / other`, true division with broadcasting (PyTorch's `torch.div`). */
export function div(input: Tensor, other: Operand): Tensor {
  const out = compute("div", BinaryOp.div, input, other);
  if (recording(input, other)) out.gradFn = new DivBackward(typeof other === "number" ? "DivBackward1" : "DivBackward0", input, other);
  return out;
}

/** `-input` (PyTorch's `torch.neg`). */
export function neg(input: Tensor): Tensor {
  const out = compute("neg", BinaryOp.mul, input, -1);
  if (recording(input, 0)) out.gradFn = new NegBackward0(input);
  return out;
}

