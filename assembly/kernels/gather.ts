// Row gather for mini-batching: dst row i = src row index[i]. Rows are opaque
// bytes (f32 features, i32 class indices alike); index holds i32 row numbers.
// memory.copy is a bulk-memory instruction, so each row is one native copy.

export function gatherRows(src: usize, rowBytes: i32, index: usize, count: i32, dst: usize): void {
  const rb = <usize>rowBytes;
  for (let i = 0; i < count; i++) {
    const row = <usize>load<i32>(index + (<usize>i << 2));
    memory.copy(dst + <usize>i * rb, src + row * rb, rb);
  }
}
