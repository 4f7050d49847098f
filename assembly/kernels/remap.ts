// Index-map resampling of an NCHW batch, the one kernel behind padding plus
// cropping and integer translation: output pixel (y, x) of sample s is
// src[rowMap[y], colMap[x]], or the channel's fill value where either map
// holds -1. Every such transform is separable into a row map and a column
// map, whatever its padding mode, and moves values without arithmetic, so
// the output bits are the input's. Maps are per sample (`oh` and `ow`
// int32 each), fill is one f32 per channel.

/** Write `count` copies of v at p. */
@inline function fillRun(p: usize, v: f32, count: i32): void {
  const body = <usize>(count & ~3) << 2, end = <usize>count << 2, vec = f32x4.splat(v);
  for (let o: usize = 0; o < body; o += 16) v128.store(p + o, vec);
  for (let o = body; o < end; o += 4) store<f32>(p + o, v);
}

/** Copy `count` floats: a row's inside is a few dozen floats, too short to pay for memory.copy's call out of the module. */
@inline function copyRun(dst: usize, src: usize, count: i32): void {
  const body = <usize>(count & ~3) << 2, end = <usize>count << 2;
  for (let o: usize = 0; o < body; o += 16) v128.store(dst + o, v128.load(src + o));
  for (let o = body; o < end; o += 4) store<f32>(dst + o, load<f32>(src + o));
}

/** Output columns [x0, x1) of one row through the column map: source pixel or fill. */
@inline function mapColumns(out: usize, row: usize, cols: usize, x0: i32, x1: i32, fill: f32): void {
  for (let x = x0; x < x1; x++) {
    const sx = load<i32>(cols + (<usize>x << 2));
    store<f32>(out + (<usize>x << 2), sx < 0 ? fill : load<f32>(row + (<usize>sx << 2)));
  }
}

/** dst[s, ch, y, x] = src[s, ch, rowMaps[s, y], colMaps[s, x]], fill[ch] where a map is -1. */
export function remapImages(src: usize, n: i32, c: i32, h: i32, w: i32, dst: usize, oh: i32, ow: i32, rowMaps: usize, colMaps: usize, fill: usize): void {
  const rowBytes = <usize>w << 2, planeBytes = <usize>h * rowBytes;
  const outRowBytes = <usize>ow << 2, outPlaneBytes = <usize>oh * outRowBytes;
  for (let s = 0; s < n; s++) {
    const rows = rowMaps + (<usize>s * <usize>oh << 2), cols = colMaps + (<usize>s * <usize>ow << 2);
    // The longest stretch of consecutive source columns, [x0, x1): the inside
    // of a crop or shift (whatever the padding around it), copied as one
    // block per row; the columns around it go one by one.
    let x0 = 0, x1 = 0;
    for (let x = 0; x < ow; ) {
      const first = load<i32>(cols + (<usize>x << 2));
      let end = x + 1;
      if (first >= 0) while (end < ow && load<i32>(cols + (<usize>end << 2)) == first + end - x) end++;
      if (first >= 0 && end - x > x1 - x0) {
        x0 = x;
        x1 = end;
      }
      x = end;
    }
    for (let ch = 0; ch < c; ch++) {
      const f = load<f32>(fill + (<usize>ch << 2));
      const plane = src + (<usize>s * <usize>c + <usize>ch) * planeBytes;
      const outPlane = dst + (<usize>s * <usize>c + <usize>ch) * outPlaneBytes;
      for (let y = 0; y < oh; y++) {
        const out = outPlane + <usize>y * outRowBytes, sy = load<i32>(rows + (<usize>y << 2));
        if (sy < 0) {
          fillRun(out, f, ow);
          continue;
        }
        const row = plane + <usize>sy * rowBytes;
        mapColumns(out, row, cols, 0, x0, f);
        if (x1 > x0) copyRun(out + (<usize>x0 << 2), row + (<usize>load<i32>(cols + (<usize>x0 << 2)) << 2), x1 - x0);
        mapColumns(out, row, cols, x1, ow, f);
      }
    }
  }
}
