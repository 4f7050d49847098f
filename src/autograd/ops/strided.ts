// The host side of `stridedCopy`: simplifies the description first, since
// most shape operations reduce to something cheaper. Size-1 dimensions are
// dropped and dimensions that stay adjacent on both sides merged, so a
// concatenation becomes row copies, a slice along dim 0 one block copy and
// any permutation that swaps two blocks of dimensions (NCHW -> NHWC, `t()`) a
// batched 2-D transpose in 4x4 SIMD blocks.
import { Tensor } from "../../tensor.js";
import { vecCopy } from "../../kernels/elementwise.js";
import { STRIDED_SHAPE, stridedCopy, writeStridedShape } from "../../kernels/strided.js";
import { transposeBatched } from "../../kernels/transpose.js";
import { rt } from "../../runtime/wasm.js";

/** Row-major strides (in elements) of a contiguous tensor of `shape`. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = s;
    s *= shape[i];
  }
  return st;
}

/**
 * For every index of `shape`, copy the 32-bit element at `src + index·srcStrides`
 * to `dst + index·dstStrides` (byte offsets; strides in elements).
 */
export function copyStrided(src: number, dst: number, shape: readonly number[], srcStrides: readonly number[], dstStrides: readonly number[]): void {
  const sizes: number[] = [];
  const ss: number[] = [];
  const ds: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 0) return;
    if (shape[i] === 1) continue;
    const last = sizes.length - 1;
    if (last >= 0 && ss[last] === srcStrides[i] * shape[i] && ds[last] === dstStrides[i] * shape[i]) {
      sizes[last] *= shape[i];
      ss[last] = srcStrides[i];
      ds[last] = dstStrides[i];
    } else {
      sizes.push(shape[i]);
      ss.push(srcStrides[i]);
      ds.push(dstStrides[i]);
    }
  }
  const k = rt().k;
  const nd = sizes.length;
  if (nd === 0 || (nd === 1 && ss[0] === 1 && ds[0] === 1)) return vecCopy(k, { src, dst, n: nd === 0 ? 1 : sizes[0] });
  if (transposes(src, dst, sizes, ss, ds)) return;
  const desc = Tensor.empty([STRIDED_SHAPE.arrays * nd], "int32");
  try {
    writeStridedShape(rt().i32, desc.ptr >>> 2, nd, { sizes, srcStrides: ss, dstStrides: ds });
    stridedCopy(k, { src, dst, nd, desc: desc.ptr });
  } finally {
    desc.dispose();
  }
}

/** Run a [batch,] two-dimensional transpose between contiguous matrices with the SIMD kernel, if the description is one. */
function transposes(src: number, dst: number, sizes: number[], ss: number[], ds: number[]): boolean {
  const nd = sizes.length;
  if (nd !== 2 && nd !== 3) return false;
  const r = sizes[nd - 2];
  const c = sizes[nd - 1];
  if (nd === 3 && (ss[0] !== r * c || ds[0] !== r * c)) return false;
  const batches = nd === 3 ? sizes[0] : 1;
  const [sr, sc] = ss.slice(nd - 2);
  const [dr, dc] = ds.slice(nd - 2);
  // Source a [c, r] matrix read down its columns, destination [r, c] row-major.
  if (sr === 1 && sc === r && dr === c && dc === 1) transposeBatched(rt().k, { src, dst, batches, rows: c, cols: r });
  // Source [r, c] row-major, destination a [c, r] matrix written down its columns.
  else if (sr === c && sc === 1 && dr === 1 && dc === r) transposeBatched(rt().k, { src, dst, batches, rows: r, cols: c });
  else return false;
  return true;
}
