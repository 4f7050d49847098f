// Copy between two strided layouts of the same N-d index space: the shape
// operations (permute, slicing, concatenation and their gradients) are all
// one such copy. `desc` is the `stridedShape` declared in
// assembly/decl/strided.json (sizes, source and destination strides, and the
// kernel's odometer, nd entries each). The innermost dimension is the inner loop:
// one memory.copy when it is contiguous on both sides. Elements move as
// 32-bit words, so int32 and float32 (NaN payloads included) copy exactly.
import { setStridedShapeCounter, stridedShapeCounter, stridedShapeDstStrides, stridedShapeSizes, stridedShapeSrcStrides } from "../generated/strided";

export function stridedCopy(src: usize, dst: usize, nd: i32, desc: usize): void {
  const last = nd - 1;
  const n = stridedShapeSizes(desc, nd, last);
  const ss = <usize>stridedShapeSrcStrides(desc, nd, last) << 2, ds = <usize>stridedShapeDstStrides(desc, nd, last) << 2;
  let outer = 1;
  for (let i = 0; i < last; i++) {
    outer *= stridedShapeSizes(desc, nd, i);
    setStridedShapeCounter(desc, nd, i, 0);
  }
  let s = src, d = dst;
  for (let o = 0; o < outer; o++) {
    if (ss == 4 && ds == 4) memory.copy(d, s, <usize>n << 2);
    else for (let j = 0; j < n; j++) store<u32>(d + <usize>j * ds, load<u32>(s + <usize>j * ss));
    // Advance the odometer over the outer dimensions, innermost first.
    for (let i = nd - 2; i >= 0; i--) {
      const size = stridedShapeSizes(desc, nd, i);
      const sStep = <usize>stridedShapeSrcStrides(desc, nd, i) << 2, dStep = <usize>stridedShapeDstStrides(desc, nd, i) << 2;
      const c = stridedShapeCounter(desc, nd, i) + 1;
      if (c < size) {
        setStridedShapeCounter(desc, nd, i, c);
        s += sStep;
        d += dStep;
        break;
      }
      setStridedShapeCounter(desc, nd, i, 0);
      s -= <usize>(size - 1) * sStep;
      d -= <usize>(size - 1) * dStep;
    }
  }
}
