// How every kernel finishes a row: the one way, used by the elementwise,
// activation, softmax, normalisation and loss kernels, the fused optimizer
// updates, clipping and the GEMM's edges.
//
// A row of n f32 is processed as whole f32x4 vectors (`bodyBytes(n)` bytes),
// then its last `n & 3` elements as one partial vector that goes through the
// very same lane operation: `loadTail` reads them with zeros in the missing
// lanes, `storeTail` writes back only the real lanes (never past the row).
// So no scalar twin of any formula exists, and an element gets the same bits
// at every position. Loops over column chunks of 4 (the last one shorter) use
// `loadN`/`storeN`, which are the same thing for a chunk of any width.
// Lane operations that load and store through pointers (the fused optimizer
// updates, which read and write several arrays per vector) run on the tail
// staged in a scratch vector: `tailIn` stores the partial vector there and
// returns its address, `tailOut` stores the real lanes back.
//
// The one exception is a reduction whose bits depend on the order of its
// additions (rows.ts: rowSum, rowDot, rowMax): it folds its vector
// accumulator first and then adds the tail elements one at a time, in order,
// as its documentation promises; a zero-padded partial vector would add them
// inside the lanes instead and change the sum.

@inline export function loadTail(p: usize, count: i32): v128 {
  let v = f32x4.replace_lane(f32x4.splat(0), 0, load<f32>(p));
  if (count > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (count > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

@inline export function storeTail(p: usize, v: v128, count: i32): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (count > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (count > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** Byte length of the whole-vector part of an n-element row. */
@inline export function bodyBytes(n: i32): usize {
  return <usize>(n & ~3) << 2;
}

/** Scratch vectors for staged tails (see above): one per array a lane operation touches (dot_gemm.ts's tile: 6). */
const TAIL: usize = memory.data(6 * 16, 16);

/** Stage the tail of the n-element row at `a` in scratch vector `slot`, zero-padded; its address. */
@inline export function tailIn(slot: i32, a: usize, n: i32): usize {
  const s = TAIL + (<usize>slot << 4);
  v128.store(s, loadTail(a + bodyBytes(n), n & 3));
  return s;
}

/** Store the real lanes of scratch vector `slot` back over the tail of the n-element row at `a`. */
@inline export function tailOut(slot: i32, a: usize, n: i32): void {
  storeTail(a + bodyBytes(n), v128.load(TAIL + (<usize>slot << 4)), n & 3);
}

/** Four lanes, or the first `count` when fewer remain (column-chunk loops). */
@inline export function loadN(p: usize, count: i32): v128 {
  return count >= 4 ? v128.load(p) : loadTail(p, count);
}

@inline export function storeN(p: usize, v: v128, count: i32): void {
  if (count >= 4) v128.store(p, v);
  else storeTail(p, v, count);
}

/** loadN with the lanes outside `mask` zeroed (laneMask): a partial vector whose missing lanes hold values of the next row. */
@inline export function loadMasked(p: usize, count: i32, mask: v128): v128 {
  return v128.and(loadN(p, count), mask);
}

/** Four lanes at byte offset o of an optional vector: `fallback` when its pointer p is 0. */
@inline export function loadOr(p: usize, o: usize, count: i32, fallback: v128): v128 {
  return p != 0 ? loadN(p + o, count) : fallback;
}

// Lane numbers 0..3, loaded rather than written as a constant vector (see consts.ts).
const LANE_NUMBERS = memory.data<i32>([0, 1, 2, 3]);

/** All-ones in the lanes below `count` (4 or more: every lane), zero above. */
@inline export function laneMask(count: i32): v128 {
  return i32x4.lt_s(v128.load(LANE_NUMBERS), i32x4.splat(count));
}
