// Elementwise arithmetic and exp/log maps over n contiguous f32 values.
// Outputs may alias inputs. `t` is the byte offset of the tail, `r` its length.
import { bodyBytes, loadTail, storeTail } from "./lanes";
import { verf, vexp, vexpm1, vlog, vlog1p } from "./vmath";

/** out = a + b */
export function vecAdd(a: usize, b: usize, out: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(out + o, f32x4.add(v128.load(a + o), v128.load(b + o)));
  if (r) storeTail(out + t, f32x4.add(loadTail(a + t, r), loadTail(b + t, r)), r);
}

/** out = a - b */
export function vecSub(a: usize, b: usize, out: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(out + o, f32x4.sub(v128.load(a + o), v128.load(b + o)));
  if (r) storeTail(out + t, f32x4.sub(loadTail(a + t, r), loadTail(b + t, r)), r);
}

/** out = a * b */
export function vecMul(a: usize, b: usize, out: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(out + o, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  if (r) storeTail(out + t, f32x4.mul(loadTail(a + t, r), loadTail(b + t, r)), r);
}

/** out[i, :] = x[i, :] * scales[i] for row-major [rows, cols] (Dropout2d's channel mask). */
export function vecMulRows(x: usize, scales: usize, out: usize, rows: i32, cols: i32): void {
  const t = bodyBytes(cols), r = cols & 3, rowBytes = <usize>cols << 2;
  for (let i = 0; i < rows; i++) {
    const s = v128.load32_splat(scales + (<usize>i << 2)), at = <usize>i * rowBytes;
    for (let o: usize = 0; o < t; o += 16) v128.store(out + at + o, f32x4.mul(v128.load(x + at + o), s));
    if (r) storeTail(out + at + t, f32x4.mul(loadTail(x + at + t, r), s), r);
  }
}

/** out = alpha * x */
export function vecScale(x: usize, alpha: f32, out: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3, s = f32x4.splat(alpha);
  for (let o: usize = 0; o < t; o += 16) v128.store(out + o, f32x4.mul(s, v128.load(x + o)));
  if (r) storeTail(out + t, f32x4.mul(s, loadTail(x + t, r)), r);
}

/** y += alpha * x */
export function vecAxpy(alpha: f32, x: usize, y: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3, s = f32x4.splat(alpha);
  for (let o: usize = 0; o < t; o += 16) v128.store(y + o, f32x4.add(v128.load(y + o), f32x4.mul(s, v128.load(x + o))));
  if (r) storeTail(y + t, f32x4.add(loadTail(y + t, r), f32x4.mul(s, loadTail(x + t, r))), r);
}

/** out[i] = value */
export function vecFill(out: usize, value: f32, n: i32): void {
  const t = bodyBytes(n), r = n & 3, v = f32x4.splat(value);
  for (let o: usize = 0; o < t; o += 16) v128.store(out + o, v);
  if (r) storeTail(out + t, v, r);
}

/** dst = src (the ranges may overlap) */
export function vecCopy(src: usize, dst: usize, n: i32): void {
  memory.copy(dst, src, <usize>n << 2);
}

/** out = e^x */
export function vecExp(x: usize, out: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(out + o, vexp(v128.load(x + o)));
  if (r) storeTail(out + t, vexp(loadTail(x + t, r)), r);
}

/** out = ln x */
export function vecLog(x: usize, out: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(out + o, vlog(v128.load(x + o)));
  if (r) storeTail(out + t, vlog(loadTail(x + t, r)), r);
}

/** out = e^x - 1 */
export function vecExpm1(x: usize, out: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(out + o, vexpm1(v128.load(x + o)));
  if (r) storeTail(out + t, vexpm1(loadTail(x + t, r)), r);
}

/** out = ln(1 + x) */
export function vecLog1p(x: usize, out: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(out + o, vlog1p(v128.load(x + o)));
  if (r) storeTail(out + t, vlog1p(loadTail(x + t, r)), r);
}

/** out = erf(x) */
export function vecErf(x: usize, out: usize, n: i32): void {
  const t = bodyBytes(n), r = n & 3;
  for (let o: usize = 0; o < t; o += 16) v128.store(out + o, verf(v128.load(x + o)));
  if (r) storeTail(out + t, verf(loadTail(x + t, r)), r);
}
