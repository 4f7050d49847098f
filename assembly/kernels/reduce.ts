// Reductions: whole-array sum and max, row sums and column sums of a
// row-major [rows, cols] matrix (column sums are Linear's bias gradient).
// NaN propagates through max as through sum.
import { bodyBytes, loadTail, storeTail } from "./lanes";
import { rowMax, rowSum } from "./rows";

/** Sum of all n values. */
export function reduceSum(x: usize, n: i32): f32 {
  return rowSum(x, n);
}

/** Maximum of all n values. */
export function reduceMax(x: usize, n: i32): f32 {
  return rowMax(x, n);
}

/** out[i] (+)= sum_j x[i, j]; accumulate != 0 adds into out. */
export function rowSums(x: usize, out: usize, rows: i32, cols: i32, accumulate: i32): void {
  const stride = <usize>cols << 2;
  for (let i = 0; i < rows; i++) {
    const o = out + (<usize>i << 2);
    const s = rowSum(x + <usize>i * stride, cols);
    store<f32>(o, accumulate != 0 ? load<f32>(o) + s : s);
  }
}

/** out[j] (+)= sum_i x[i, j]; accumulate != 0 adds into out. */
export function colSums(x: usize, out: usize, rows: i32, cols: i32, accumulate: i32): void {
  const stride = <usize>cols << 2;
  const t = bodyBytes(cols), r = cols & 3;
  if (accumulate == 0) memory.fill(out, 0, stride);
  for (let i = 0; i < rows; i++) {
    const row = x + <usize>i * stride;
    for (let o: usize = 0; o < t; o += 16) v128.store(out + o, f32x4.add(v128.load(out + o), v128.load(row + o)));
    if (r) storeTail(out + t, f32x4.add(loadTail(out + t, r), loadTail(row + t, r)), r);
  }
}
