// Sum over one axis of a contiguous tensor seen as [outer, len, inner]: the
// building block of sum(dim) and of reducing a broadcast gradient back to its
// input's shape (several axes are summed one after another). Summation order
// is fixed: each output is summed along the axis from index 0 up, as the
// whole-array and column sums of reduce.ts do, so `sum(0)` of a matrix gives
// the bits of Linear's bias gradient.
import { bodyBytes, loadTail, storeTail } from "./lanes";
import { rowSum } from "./rows";

/** out[o, i] = Σ_j x[o, j, i] for x of shape [outer, len, inner]. */
export function sumAxis(x: usize, out: usize, outer: i32, len: i32, inner: i32): void {
  if (inner == 1) {
    const rowBytes = <usize>len << 2;
    for (let o = 0; o < outer; o++) store<f32>(out + (<usize>o << 2), rowSum(x + <usize>o * rowBytes, len));
    return;
  }
  const lineBytes = <usize>inner << 2;
  const t = bodyBytes(inner), r = inner & 3;
  for (let o = 0; o < outer; o++) {
    const dst = out + <usize>o * lineBytes;
    memory.fill(dst, 0, lineBytes);
    let src = x + <usize>o * <usize>len * lineBytes;
    let j = 0;
    // Four lines per pass with the running sum in a register: the additions
    // and their order are those of one line at a time, with a quarter of the
    // loads and stores of the output.
    for (; j + 4 <= len; j += 4) {
      const s1 = src + lineBytes, s2 = s1 + lineBytes, s3 = s2 + lineBytes;
      for (let p: usize = 0; p < t; p += 16) {
        let acc = f32x4.add(v128.load(dst + p), v128.load(src + p));
        acc = f32x4.add(acc, v128.load(s1 + p));
        acc = f32x4.add(acc, v128.load(s2 + p));
        v128.store(dst + p, f32x4.add(acc, v128.load(s3 + p)));
      }
      if (r) {
        let acc = f32x4.add(loadTail(dst + t, r), loadTail(src + t, r));
        acc = f32x4.add(acc, loadTail(s1 + t, r));
        acc = f32x4.add(acc, loadTail(s2 + t, r));
        storeTail(dst + t, f32x4.add(acc, loadTail(s3 + t, r)), r);
      }
      src += 4 * lineBytes;
    }
    for (; j < len; j++) {
      for (let p: usize = 0; p < t; p += 16) v128.store(dst + p, f32x4.add(v128.load(dst + p), v128.load(src + p)));
      if (r) storeTail(dst + t, f32x4.add(loadTail(dst + t, r), loadTail(src + t, r)), r);
      src += lineBytes;
    }
  }
}
