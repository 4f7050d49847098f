// Copy between two strided layouts of the same N-d index space: the shape
// operations (permute, slicing, concatenation and their gradients) are all
// one such copy. `desc` holds 4·nd i32s: the sizes, the source strides, the
// destination strides (in elements, outermost first) and nd counters the
// kernel uses as its odometer. The innermost dimension is the inner loop:
// one memory.copy when it is contiguous on both sides. Elements move as
// 32-bit words, so int32 and float32 (NaN payloads included) copy exactly.

export function stridedCopy(src: usize, dst: usize, nd: i32, desc: usize): void {
  const row = <usize>nd << 2;
  const sizes = desc, srcStrides = desc + row, dstStrides = desc + 2 * row, counter = desc + 3 * row;
  const last = <usize>(nd - 1) << 2;
  const n = load<i32>(sizes + last);
  const ss = <usize>load<i32>(srcStrides + last) << 2, ds = <usize>load<i32>(dstStrides + last) << 2;
  let outer = 1;
  for (let i = 0; i < nd - 1; i++) {
    outer *= load<i32>(sizes + (<usize>i << 2));
    store<i32>(counter + (<usize>i << 2), 0);
  }
  let s = src, d = dst;
  for (let o = 0; o < outer; o++) {
    if (ss == 4 && ds == 4) memory.copy(d, s, <usize>n << 2);
    else for (let j = 0; j < n; j++) store<u32>(d + <usize>j * ds, load<u32>(s + <usize>j * ss));
    // Advance the odometer over the outer dimensions, innermost first.
    for (let i = nd - 2; i >= 0; i--) {
      const at = <usize>i << 2;
      const size = load<i32>(sizes + at);
      const sStep = <usize>load<i32>(srcStrides + at) << 2, dStep = <usize>load<i32>(dstStrides + at) << 2;
      const c = load<i32>(counter + at) + 1;
      if (c < size) {
        store<i32>(counter + at, c);
        s += sStep;
        d += dStep;
        break;
      }
      store<i32>(counter + at, 0);
      s -= <usize>(size - 1) * sStep;
      d -= <usize>(size - 1) * dStep;
    }
  }
}
