// The L1 penalty's gradient, added to a parameter's gradient before the
// optimizer step: autograd's gradient of loss + λ·Σ|w| is the data gradient
// plus λ·sign(w), with sign 0 at ±0 and at NaN as torch.sign.
import { bodyBytes, loadTail, storeTail } from "../kernels/lanes";

@inline function addL1(w: v128, g: v128, lambda: v128): v128 {
  const zero = f32x4.splat(0);
  const up = v128.and(f32x4.gt(w, zero), lambda);
  const down = v128.and(f32x4.lt(w, zero), lambda);
  return f32x4.add(g, f32x4.sub(up, down));
}

/** g += λ·sign(w) over n f32 values. */
export function l1Grad(w: usize, g: usize, lambda: f32, n: i32): void {
  const t = bodyBytes(n), r = n & 3, l = f32x4.splat(lambda);
  for (let o: usize = 0; o < t; o += 16) v128.store(g + o, addL1(v128.load(w + o), v128.load(g + o), l));
  if (r) storeTail(g + t, addL1(loadTail(w + t, r), loadTail(g + t, r), l), r);
}
