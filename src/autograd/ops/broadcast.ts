import { Tensor, shapeStr } from "../../tensor.js";
import { BROADCAST_OPERANDS, BROADCAST_SHAPE, broadcastBinary, broadcastOperandsAt, writeBroadcastShape } from "../../kernels/broadcast.js";
import { rt } from "../../runtime/wasm.js";
import { sumAxes } from "./axes.js";

// PyTorch's broadcasting: shapes are aligned on their last dimension, a
// missing or size-1 dimension stretches to the other's size, any other
// mismatch is an error. Forward ops run one kernel over a compact description
// of the two operands; backward sums a gradient back to each input's shape.

/** A tensor, or a plain number standing for a 0-d tensor (PyTorch's Python scalars). */
export type Operand = Tensor | number;

/** The broadcast kernel's operations (assembly/kernels/broadcast.ts). */
export const BinaryOp = {
  add: 0,
  sub: 1,
  mul: 2,
  div: 3,
  /** a + alpha·b */
  axpy: 4,
  /** a stretched to the output's shape; b unused */
  expand: 5,
} as const;

/** One of {@link BinaryOp}'s codes. */
export type BinaryOpCode = (typeof BinaryOp)[keyof typeof BinaryOp];

const NO_SHAPE: readonly number[] = [];

/**
 * The shape `a` and `b` broadcast to, or PyTorch's error, which also names
 * the operands' shapes (`shownA`, `shownB`: by default `a` and `b`), since
 * the dimension alone rarely tells which tensors they were.
 */
export function broadcastShapes(a: readonly number[], b: readonly number[], shownA = a, shownB = b): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i} (shapes ${shapeStr(shownA)} and ${shapeStr(shownB)})`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** The shape of an operand: a number is 0-d. */
export function operandShape(x: Operand): readonly number[] {
  return typeof x === "number" ? NO_SHAPE : x.shape;
}

/**
 * Run the broadcast kernel: out = x (op) y, `out` being shaped as the
 * operands broadcast (for `expand`, a shape `xShape` broadcasts to). Numbers
 * are rounded to float32 first, as PyTorch does with Python scalars.
 */
export function binaryInto(op: BinaryOpCode, x: Operand, xShape: readonly number[], y: Operand, yShape: readonly number[], out: Tensor, alpha = 1): void {
  if (out.size === 0) return;
  const r = rt();
  const k = r.k;
  const at = broadcastOperandsAt(k);
  const { a, b } = BROADCAST_OPERANDS.f32;
  const xp = typeof x === "number" ? ((r.f32[at + a] = x), (at + a) << 2) : x.ptr;
  const yp = typeof y === "number" ? ((r.f32[at + b] = y), (at + b) << 2) : y.ptr;
  const ndim = describe(out.shape, xShape, yShape);
  broadcastBinary(k, { op, a: xp, b: yp, out: out.ptr, ndim, alpha });
}

/**
 * Write the kernel's description of `out` and both operands; returns its
 * number of dimensions. Size-1 output dimensions are dropped and neighbours
 * that both operands traverse contiguously (or both skip) are merged, so a
 * same-shape op is one row and `[m, n] + [n]` is m rows.
 */
function describe(out: readonly number[], a: readonly number[], b: readonly number[]): number {
  const sizes: number[] = [];
  const sa: number[] = [];
  const sb: number[] = [];
  let strideA = 1;
  let strideB = 1;
  // Innermost first, reversed when written.
  for (let i = out.length - 1; i >= 0; i--) {
    const da = a[a.length - out.length + i] ?? 1;
    const db = b[b.length - out.length + i] ?? 1;
    const size = out[i];
    const stepA = da === 1 ? 0 : strideA;
    const stepB = db === 1 ? 0 : strideB;
    strideA *= da;
    strideB *= db;
    if (size === 1) continue;
    const last = sizes.length - 1;
    if (last >= 0 && stepA === sa[last] * sizes[last] && stepB === sb[last] * sizes[last]) {
      sizes[last] *= size;
      continue;
    }
    sizes.push(size);
    sa.push(stepA);
    sb.push(stepB);
  }
  if (sizes.length === 0) sizes.push(1), sa.push(0), sb.push(0);
  const n = sizes.length;
  if (n > BROADCAST_SHAPE.capacity) {
    throw new Error(`wasmtune: broadcasting ${shapeStr(a)} with ${shapeStr(b)} needs ${n} separate dimensions; at most ${BROADCAST_SHAPE.capacity} are supported`);
  }
  const r = rt();
  writeBroadcastShape(r.k, r.i32, n, { sizes: sizes.reverse(), aStrides: sa.reverse(), bStrides: sb.reverse() });
  return n;
}

/**
 * `g` (shaped like a broadcast result) summed over the dimensions that
 * `shape` stretched, as a new tensor of `shape`: the gradient of an input that
 * was broadcast (PyTorch's `sum_to`). A copy when nothing was stretched.
 */
export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  const out = Tensor.empty(shape);
  const lead = g.shape.length - shape.length;
  const reduce = g.shape.map((d, i) => i < lead || (shape[i - lead] === 1 && d !== 1));
  sumAxes(g, reduce, out);
  return out;
}

/** `g` stretched to `shape` (which it broadcasts to) as a new tensor: the gradient of a sum. */
export function expandTo(g: Tensor, gShape: readonly number[], shape: readonly number[]): Tensor {
  const out = Tensor.empty(shape);
  binaryInto(BinaryOp.expand, g, gShape, g, gShape, out);
  return out;
}
