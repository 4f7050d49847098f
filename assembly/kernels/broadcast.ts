// Binary arithmetic with PyTorch's broadcasting over contiguous tensors.
//
// The host describes the output as up to BROADCAST_SHAPE_CAPACITY dimensions
// (size-1 dimensions dropped, mergeable neighbours merged) and each operand by
// its element stride per dimension, 0 where it is broadcast: the
// `broadcastShape` declared in assembly/decl/broadcast.json. The innermost
// dimension is a row: both operands contiguous (same shape, or a row vector
// repeated down a matrix), or one of them a single value spread along it
// (a number, a column vector). Every pattern runs the same lane operation, so
// an element gets the same bits whichever pattern computed it.
import {
  BROADCAST_OPERANDS_BYTES, BROADCAST_SHAPE_BYTES, BROADCAST_SHAPE_CAPACITY, broadcastShapeAStrides, broadcastShapeBStrides, broadcastShapeSizes,
} from "../generated/broadcast";
import { bodyBytes, loadTail, storeTail } from "./lanes";

// The broadcastShape, written by the host.
const DESC: usize = memory.data(BROADCAST_SHAPE_BYTES, 16);
// The broadcastOperands: two operands that are plain numbers, written by the host.
const SCALARS: usize = memory.data(BROADCAST_OPERANDS_BYTES, 16);
// The odometer of the outer dimensions.
const INDEX: usize = memory.data(BROADCAST_SHAPE_CAPACITY * 4, 16);

const ADD = 0; // a + b
const SUB = 1; // a - b
const MUL = 2; // a * b
const DIV = 3; // a / b
const AXPY = 4; // a + alpha * b
const FIRST = 5; // a (expand a to the output's shape; b unused)

/** Byte offset of the broadcastShape that `broadcastBinary` reads. */
export function broadcastDesc(): usize {
  return DESC;
}

/** Byte offset of the broadcastOperands, where the host puts operands that are numbers. */
export function broadcastScalars(): usize {
  return SCALARS;
}

/**
 * out = a (op) b over the `ndim` dimensions described at `broadcastDesc()`
 * (op: 0 add, 1 sub, 2 mul, 3 div, 4 a + alpha·b, 5 copy of a broadcast).
 * The output is contiguous; `out` must not overlap a broadcast operand.
 */
export function broadcastBinary(op: i32, a: usize, b: usize, out: usize, ndim: i32, alpha: f32): void {
  const last = ndim - 1;
  const n = broadcastShapeSizes(DESC, last);
  if (n == 0) return;
  const aStep = broadcastShapeAStrides(DESC, last);
  const bStep = broadcastShapeBStrides(DESC, last);
  let rows = 1;
  for (let d = 0; d < last; d++) {
    rows *= broadcastShapeSizes(DESC, d);
    store<i32>(INDEX + (<usize>d << 2), 0);
  }
  const rowBytes = <usize>n << 2;
  let pa = a, pb = b, po = out;
  for (let r = 0; r < rows; r++) {
    row(op, pa, pb, po, n, aStep, bStep, alpha);
    po += rowBytes;
    // Advance the odometer: the innermost outer dimension that has not wrapped.
    for (let d = last - 1; d >= 0; d--) {
      const at = INDEX + (<usize>d << 2);
      const i = load<i32>(at) + 1;
      const size = broadcastShapeSizes(DESC, d);
      const sa = <usize>broadcastShapeAStrides(DESC, d) << 2;
      const sb = <usize>broadcastShapeBStrides(DESC, d) << 2;
      if (i < size) {
        store<i32>(at, i);
        pa += sa;
        pb += sb;
        break;
      }
      store<i32>(at, 0);
      pa -= sa * <usize>(size - 1);
      pb -= sb * <usize>(size - 1);
    }
  }
}

function row(op: i32, a: usize, b: usize, out: usize, n: i32, sa: i32, sb: i32, alpha: f32): void {
  if (op == ADD) rowOp(ADD, a, b, out, n, sa, sb, alpha);
  else if (op == SUB) rowOp(SUB, a, b, out, n, sa, sb, alpha);
  else if (op == MUL) rowOp(MUL, a, b, out, n, sa, sb, alpha);
  else if (op == DIV) rowOp(DIV, a, b, out, n, sa, sb, alpha);
  else if (op == AXPY) rowOp(AXPY, a, b, out, n, sa, sb, alpha);
  else rowOp(FIRST, a, b, out, n, sa, sb, alpha);
}

// `op` is a constant at every call site, so each inlined copy keeps only its
// own lane operation; the stride patterns are chosen once per row.
@inline function rowOp(op: i32, a: usize, b: usize, out: usize, n: i32, sa: i32, sb: i32, alpha: f32): void {
  const t = bodyBytes(n), r = n & 3, s = f32x4.splat(alpha);
  if (sa != 0 && sb != 0) {
    for (let o: usize = 0; o < t; o += 16) v128.store(out + o, lane(op, v128.load(a + o), v128.load(b + o), s));
    if (r) storeTail(out + t, lane(op, loadTail(a + t, r), loadTail(b + t, r), s), r);
  } else if (sa != 0) {
    const y = v128.load32_splat(b);
    for (let o: usize = 0; o < t; o += 16) v128.store(out + o, lane(op, v128.load(a + o), y, s));
    if (r) storeTail(out + t, lane(op, loadTail(a + t, r), y, s), r);
  } else if (sb != 0) {
    const x = v128.load32_splat(a);
    for (let o: usize = 0; o < t; o += 16) v128.store(out + o, lane(op, x, v128.load(b + o), s));
    if (r) storeTail(out + t, lane(op, x, loadTail(b + t, r), s), r);
  } else {
    const v = lane(op, v128.load32_splat(a), v128.load32_splat(b), s);
    for (let o: usize = 0; o < t; o += 16) v128.store(out + o, v);
    if (r) storeTail(out + t, v, r);
  }
}

@inline function lane(op: i32, x: v128, y: v128, alpha: v128): v128 {
  if (op == ADD) return f32x4.add(x, y);
  if (op == SUB) return f32x4.sub(x, y);
  if (op == MUL) return f32x4.mul(x, y);
  if (op == DIV) return f32x4.div(x, y);
  if (op == AXPY) return f32x4.add(x, f32x4.mul(alpha, y));
  return x;
}
