// Per-sample image flips for data augmentation, in place on an NCHW batch:
// sample s is flipped when flags[s] (int32) is non-zero, so each image of a
// batch follows its own draw. Flips only move values, so the bits are the
// input's whatever the path (vector body or scalar middle).

/** Reverse the four lanes of a vector. */
@inline function reversed(v: v128): v128 {
  return v128.shuffle<f32>(v, v, 3, 2, 1, 0);
}

/** Reverse each of the `rows` rows of `w` floats at x (a horizontal flip of every plane of a sample). */
function reverseRows(x: usize, rows: i32, w: i32): void {
  const rowBytes = <usize>w << 2;
  for (let r = 0; r < rows; r++) {
    let lo = x + <usize>r * rowBytes, hi = lo + rowBytes;
    // Swap four from each end, reversed, while the two groups do not overlap.
    while (hi - lo >= 32) {
      const a = v128.load(lo), b = v128.load(hi - 16);
      v128.store(lo, reversed(b));
      v128.store(hi - 16, reversed(a));
      lo += 16;
      hi -= 16;
    }
    while (hi - lo >= 8) {
      hi -= 4;
      const t = load<f32>(lo);
      store<f32>(lo, load<f32>(hi));
      store<f32>(hi, t);
      lo += 4;
    }
  }
}

/** torchvision's hflip per sample: reverse every row of the samples whose flag is set. */
export function flipHorizontalWhere(x: usize, n: i32, c: i32, h: i32, w: i32, flags: usize): void {
  const sampleBytes = <usize>c * <usize>h * <usize>w << 2;
  for (let s = 0; s < n; s++) {
    if (load<i32>(flags + (<usize>s << 2)) != 0) reverseRows(x + <usize>s * sampleBytes, c * h, w);
  }
}

/** Swap two rows of `w` floats. */
function swapRows(a: usize, b: usize, w: i32): void {
  const body = <usize>(w & ~3) << 2, rowBytes = <usize>w << 2;
  for (let o: usize = 0; o < body; o += 16) {
    const t = v128.load(a + o);
    v128.store(a + o, v128.load(b + o));
    v128.store(b + o, t);
  }
  for (let o = body; o < rowBytes; o += 4) {
    const t = load<f32>(a + o);
    store<f32>(a + o, load<f32>(b + o));
    store<f32>(b + o, t);
  }
}

/** torchvision's vflip per sample: reverse the row order of every plane of the samples whose flag is set. */
export function flipVerticalWhere(x: usize, n: i32, c: i32, h: i32, w: i32, flags: usize): void {
  const rowBytes = <usize>w << 2, planeBytes = <usize>h * rowBytes;
  for (let s = 0; s < n; s++) {
    if (load<i32>(flags + (<usize>s << 2)) == 0) continue;
    for (let ch = 0; ch < c; ch++) {
      const plane = x + (<usize>s * <usize>c + <usize>ch) * planeBytes;
      for (let y = 0, z = h - 1; y < z; y++, z--) swapRows(plane + <usize>y * rowBytes, plane + <usize>z * rowBytes, w);
    }
  }
}
