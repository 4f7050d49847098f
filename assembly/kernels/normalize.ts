// torchvision's Normalize over an NCHW batch, in place: every plane of
// channel ch becomes (x - mean[ch]) / std[ch], a subtraction then a true
// division in f32 as `tensor.sub_(mean).div_(std)` does (not a multiply by
// 1/std, which would round differently). The tail runs the same lane
// operation on a partial vector.
import { bodyBytes, loadTail, storeTail } from "./lanes";

export function normalizeChannels(x: usize, n: i32, c: i32, hw: i32, mean: usize, std: usize): void {
  const t = bodyBytes(hw), r = hw & 3, planeBytes = <usize>hw << 2;
  for (let s = 0; s < n; s++) {
    for (let ch = 0; ch < c; ch++) {
      const p = x + (<usize>s * <usize>c + <usize>ch) * planeBytes;
      const m = v128.load32_splat(mean + (<usize>ch << 2)), d = v128.load32_splat(std + (<usize>ch << 2));
      for (let o: usize = 0; o < t; o += 16) v128.store(p + o, f32x4.div(f32x4.sub(v128.load(p + o), m), d));
      if (r) storeTail(p + t, f32x4.div(f32x4.sub(loadTail(p + t, r), m), d), r);
    }
  }
}
