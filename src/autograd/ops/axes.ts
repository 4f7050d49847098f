import { Tensor } from "../../tensor.js";
import { vecCopy, vecFill } from "../../kernels/elementwise.js";
import { sumAxis } from "../../kernels/sum_axis.js";
import { rt } from "../../runtime/wasm.js";

// Dimensions named by the user (negative from the end, as in PyTorch) and
// sums over any set of them, shared by sum/mean and by broadcasting's
// backward.

/** `dim` as a non-negative index into `ndim` dimensions, or PyTorch's IndexError. A 0-d tensor accepts 0 and -1. */
export function normalizeDim(dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new RangeError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}

/**
 * Which of `ndim` dimensions `dims` names (a number or a list; an empty list
 * names all, as PyTorch's `sum(dim=[])`), refusing duplicates with PyTorch's
 * wording.
 */
export function dimMask(dims: number | readonly number[], ndim: number): boolean[] {
  const list = typeof dims === "number" ? [dims] : dims;
  const mask = new Array<boolean>(ndim).fill(list.length === 0);
  const seen = new Set<number>();
  for (const d of list) {
    const i = normalizeDim(d, ndim);
    if (seen.has(i)) throw new Error(`dim ${i} appears multiple times in the list of dims`);
    seen.add(i);
    if (i < ndim) mask[i] = true;
  }
  return mask;
}

/**
 * Sum the contiguous `src` over the dimensions where `reduce` is true, into
 * `dst` (which holds the remaining dimensions' elements in order). Runs of
 * neighbouring dimensions are merged, then each reduced run is summed by one
 * kernel call, innermost first, through temporaries freed here.
 */
export function sumAxes(src: Tensor, reduce: readonly boolean[], dst: Tensor): void {
  const k = rt().k;
  if (dst.size === 0) return;
  if (src.size === 0) {
    vecFill(k, { out: dst.ptr, value: 0, n: dst.size });
    return;
  }
  // Runs of [size, reduced], size-1 dimensions dropped.
  const sizes: number[] = [];
  const flags: boolean[] = [];
  src.shape.forEach((d, i) => {
    if (d === 1) return;
    const last = sizes.length - 1;
    if (last >= 0 && flags[last] === reduce[i]) sizes[last] *= d;
    else sizes.push(d), flags.push(reduce[i]);
  });
  let from = src;
  for (let i = flags.lastIndexOf(true); i >= 0; i = flags.lastIndexOf(true)) {
    let outer = 1;
    for (let j = 0; j < i; j++) outer *= sizes[j];
    let inner = 1;
    for (let j = i + 1; j < sizes.length; j++) inner *= sizes[j];
    const len = sizes[i];
    sizes.splice(i, 1);
    flags.splice(i, 1);
    const to = flags.includes(true) ? Tensor.empty([outer * inner]) : dst;
    sumAxis(k, { x: from.ptr, out: to.ptr, outer, len, inner });
    if (from !== src) from.dispose();
    from = to;
  }
  if (from === src) vecCopy(k, { src: src.ptr, dst: dst.ptr, n: dst.size });
}
