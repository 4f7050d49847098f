// dst[b, j, i] = src[b, i, j] for `batches` row-major [rows, cols] matrices.
// Class losses use it to bring [N, C, d] inputs into the [N·d, C] rows their
// kernels read, and to send the gradient back. 4×4 blocks are transposed in
// registers; the edges that do not fill a block are copied one by one.

@inline function block4(src: usize, dst: usize, srcRow: usize, dstRow: usize): void {
  const r0 = v128.load(src), r1 = v128.load(src + srcRow);
  const r2 = v128.load(src + 2 * srcRow), r3 = v128.load(src + 3 * srcRow);
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(dst + dstRow, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * dstRow, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * dstRow, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

@inline function element(src: usize, dst: usize, i: i32, j: i32, rows: i32, cols: i32): void {
  store<f32>(dst + ((<usize>j * <usize>rows + <usize>i) << 2), load<f32>(src + ((<usize>i * <usize>cols + <usize>j) << 2)));
}

export function transposeBatched(src: usize, dst: usize, batches: i32, rows: i32, cols: i32): void {
  const srcRow = <usize>cols << 2, dstRow = <usize>rows << 2;
  const matrix = <usize>rows * srcRow;
  const rows4 = rows & ~3, cols4 = cols & ~3;
  for (let b = 0; b < batches; b++) {
    const s = src + <usize>b * matrix, d = dst + <usize>b * matrix;
    for (let i = 0; i < rows4; i += 4) {
      for (let j = 0; j < cols4; j += 4) {
        block4(s + <usize>i * srcRow + (<usize>j << 2), d + <usize>j * dstRow + (<usize>i << 2), srcRow, dstRow);
      }
      for (let ii = i; ii < i + 4; ii++) for (let j = cols4; j < cols; j++) element(s, d, ii, j, rows, cols);
    }
    for (let i = rows4; i < rows; i++) for (let j = 0; j < cols; j++) element(s, d, i, j, rows, cols);
  }
}
