import { Tensor, shapeStr } from "../../tensor.js";
import { Node } from "../node.js";
import { isGradEnabled } from "../grad_mode.js";
import { newResult } from "../scope.js";
import { gemmNN, gemmNT, gemmTN } from "../../kernels/gemm.js";
import { rt } from "../../runtime/wasm.js";
import { broadcastShapes } from "./broadcast.js";
import { checkInput, savedTensor } from "./check.js";

// PyTorch's `matmul` over the GEMM kernels: a 1-D operand is a row (left) or
// a column (right) vector whose dimension is dropped from the result, 2-D
// operands multiply as matrices, and leading dimensions are batches that
// broadcast. When the right operand is a single matrix the left's batches
// are folded into its rows (one GEMM, as PyTorch does), otherwise each batch
// is one GEMM call. GEMM rows do not depend on how many rows are multiplied,
// so both ways give the same bits.

/** The matrices to multiply: `rows`×`k` by `k`×`cols`, at these element offsets, one pair per output matrix. */
interface Plan {
  rows: number;
  k: number;
  cols: number;
  /** Offsets into a and b (elements), interleaved; output matrix i is at i·rows·cols. */
  pairs: number[];
}

function batchCount(shape: readonly number[]): number {
  return shape.reduce((a, d) => a * d, 1);
}

/** Element offsets of every batch of `shape` broadcast to `batch`, in `batch`'s row-major order. */
function offsets(shape: readonly number[], batch: readonly number[], matrix: number): number[] {
  const count = batchCount(batch);
  const out = new Array<number>(count);
  const lead = batch.length - shape.length;
  const index = new Array<number>(batch.length).fill(0);
  for (let i = 0; i < count; i++) {
    let off = 0;
    let stride = matrix;
    for (let d = batch.length - 1; d >= lead; d--) {
      const size = shape[d - lead];
      if (size !== 1) off += index[d] * stride;
      stride *= size;
    }
    out[i] = off;
    for (let d = batch.length - 1; d >= 0 && ++index[d] === batch[d]; d--) index[d] = 0;
  }
  return out;
}

function plan(a: Tensor, b: Tensor): { plan: Plan; shape: number[]; name: string } {
  const da = a.ndim;
  const db = b.ndim;
  if (da === 0 || db === 0) throw new Error(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  if (da === 1 && db === 1 && a.size !== b.size) {
    throw new Error(
      `inconsistent tensor size, expected tensor ${shapeStr(a.shape)} and src ${shapeStr(b.shape)} to have the same number of elements, but got ${a.size} and ${b.size} elements respectively`,
    );
  }
  const am = da === 1 ? [1, a.shape[0]] : a.shape;
  const bm = db === 1 ? [b.shape[0], 1] : b.shape;
  const rows = am[am.length - 2];
  const k = am[am.length - 1];
  const cols = bm[bm.length - 1];
  if (bm[bm.length - 2] !== k) {
    throw new Error(
      `mat1 and mat2 shapes cannot be multiplied (${rows}x${k} and ${bm[bm.length - 2]}x${cols}) (matmul of ${shapeStr(a.shape)} and ${shapeStr(b.shape)})`,
    );
  }
  const ba = am.slice(0, -2);
  const bb = bm.slice(0, -2);
  const batch = broadcastShapes(ba, bb, a.shape, b.shape);
  const shape = [...batch, ...(da > 1 ? [rows] : []), ...(db > 1 ? [cols] : [])];
  const name = da === 1 && db === 1 ? "DotBackward0" : batchCount(bb) === 1 ? (db === 1 ? "MvBackward0" : "MmBackward0") : "BmmBackward0";
  if (batchCount(bb) === 1) return { plan: { rows: rows * batchCount(batch), k, cols, pairs: [0, 0] }, shape, name };
  const oa = offsets(ba, batch, rows * k);
  const ob = offsets(bb, batch, k * cols);
  const pairs = new Array<number>(2 * oa.length);
  for (let i = 0; i < oa.length; i++) (pairs[2 * i] = oa[i]), (pairs[2 * i + 1] = ob[i]);
  return { plan: { rows, k, cols, pairs }, shape, name };
}

/** Gradient of a matrix product: dA = dC·Bᵀ and dB = Aᵀ·dC per batch, summed over the batches an operand was broadcast to. */
class MatmulBackward extends Node {
  constructor(
    name: string,
    a: Tensor,
    b: Tensor,
    private readonly plan: Plan,
  ) {
    super(name, [a, b]);
  }

  backward(g: Tensor, needs: readonly boolean[]): (Tensor | undefined)[] {
    const [a, b] = this.inputs;
    const { rows, k, cols, pairs } = this.plan;
    const kern = rt().k;
    let ga: Tensor | undefined;
    let gb: Tensor | undefined;
    if (needs[0]) ga = Tensor.empty(a.shape);
    if (needs[1]) gb = Tensor.empty(b.shape);
    if (pairs.length === 0) {
      ga?.zero();
      gb?.zero();
    }
    const seenA = new Set<number>();
    const seenB = new Set<number>();
    const A = needs[1] ? savedTensor(this, a) : a;
    const B = needs[0] ? savedTensor(this, b) : b;
    for (let i = 0; i < pairs.length; i += 2) {
      const oa = pairs[i] * 4;
      const ob = pairs[i + 1] * 4;
      const gc = g.ptr + (i / 2) * rows * cols * 4;
      if (ga) {
        gemmNT(kern, { a: gc, b: B.ptr + ob, c: ga.ptr + oa, m: rows, k: cols, n: k, accumulate: seenA.has(oa) ? 1 : 0, bias: 0 });
        seenA.add(oa);
      }
      if (gb) {
        gemmTN(kern, { a: A.ptr + oa, b: gc, c: gb.ptr + ob, m: k, k: rows, n: cols, accumulate: seenB.has(ob) ? 1 : 0, bias: 0 });
        seenB.add(ob);
      }
    }
    return [ga, gb];
  }
}

/**
 * Matrix product with PyTorch's `torch.matmul` rules: dot product of two
 * vectors, matrix–vector and vector–matrix products, matrix product, and
 * batched products whose leading (batch) dimensions broadcast.
 */
export function matmul(input: Tensor, other: Tensor): Tensor {
  checkInput("matmul", input);
  checkInput("matmul", other);
  const { plan: p, shape, name } = plan(input, other);
  const out = newResult(shape);
  const kern = rt().k;
  const { rows, k, cols, pairs } = p;
  for (let i = 0; i < pairs.length; i += 2) {
    gemmNN(kern, { a: input.ptr + pairs[i] * 4, b: other.ptr + pairs[i + 1] * 4, c: out.ptr + (i / 2) * rows * cols * 4, m: rows, k, n: cols, accumulate: 0, bias: 0 });
  }
  if (isGradEnabled() && (input.requiresGrad || other.requiresGrad)) out.gradFn = new MatmulBackward(name, input, other, p);
  return out;
}
