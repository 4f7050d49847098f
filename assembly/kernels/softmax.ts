// Softmax and LogSoftmax over the last dimension of a row-major [rows, cols]
// matrix, numerically stable (the row maximum is subtracted before exp), and
// their backward passes from the saved output y:
//   softmax:     gx = y * (gy - sum(gy * y))
//   logSoftmax:  gx = gy - e^y * sum(gy)
import { ONE, vconst } from "./consts";
import { bodyBytes, loadN, loadTail, storeN, storeTail } from "./lanes";
import { rowDot, rowMax, rowSum } from "./rows";
import { vexp, vlog } from "./vmath";

// y = e^(x - m) for one row; returns the row's sum of y.
@inline function expShifted(x: usize, y: usize, m: f32, n: i32): f32 {
  const t = bodyBytes(n), r = n & 3, mv = f32x4.splat(m);
  for (let o: usize = 0; o < t; o += 16) v128.store(y + o, vexp(f32x4.sub(v128.load(x + o), mv)));
  if (r) storeTail(y + t, vexp(f32x4.sub(loadTail(x + t, r), mv)), r);
  return rowSum(y, n);
}

export function softmaxForward(x: usize, y: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2, t = bodyBytes(cols), r = cols & 3;
  for (let i = 0; i < rows; i++) {
    const xi = x + <usize>i * stride, yi = y + <usize>i * stride;
    const inv = f32x4.splat(<f32>1 / expShifted(xi, yi, rowMax(xi, cols), cols));
    for (let o: usize = 0; o < t; o += 16) v128.store(yi + o, f32x4.mul(v128.load(yi + o), inv));
    if (r) storeTail(yi + t, f32x4.mul(loadTail(yi + t, r), inv), r);
  }
}

export function logSoftmaxForward(x: usize, y: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2, t = bodyBytes(cols), r = cols & 3;
  for (let i = 0; i < rows; i++) {
    const xi = x + <usize>i * stride, yi = y + <usize>i * stride;
    const m = rowMax(xi, cols);
    // y is scratch for e^(x - m) until the final pass overwrites it.
    const lse = vlog(f32x4.splat(expShifted(xi, yi, m, cols)));
    const mv = f32x4.splat(m);
    for (let o: usize = 0; o < t; o += 16) v128.store(yi + o, f32x4.sub(f32x4.sub(v128.load(xi + o), mv), lse));
    if (r) storeTail(yi + t, f32x4.sub(f32x4.sub(loadTail(xi + t, r), mv), lse), r);
  }
}

export function softmaxBackward(y: usize, gy: usize, gx: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2, t = bodyBytes(cols), r = cols & 3;
  for (let i = 0; i < rows; i++) {
    const at = <usize>i * stride, yi = y + at, gyi = gy + at, gxi = gx + at;
    const d = f32x4.splat(rowDot(gyi, yi, cols));
    for (let o: usize = 0; o < t; o += 16) v128.store(gxi + o, f32x4.mul(f32x4.sub(v128.load(gyi + o), d), v128.load(yi + o)));
    if (r) storeTail(gxi + t, f32x4.mul(f32x4.sub(loadTail(gyi + t, r), d), loadTail(yi + t, r)), r);
  }
}

export function logSoftmaxBackward(y: usize, gy: usize, gx: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2, t = bodyBytes(cols), r = cols & 3;
  for (let i = 0; i < rows; i++) {
    const at = <usize>i * stride, yi = y + at, gyi = gy + at, gxi = gx + at;
    const s = f32x4.splat(rowSum(gyi, cols));
    for (let o: usize = 0; o < t; o += 16) v128.store(gxi + o, f32x4.sub(v128.load(gyi + o), f32x4.mul(vexp(v128.load(yi + o)), s)));
    if (r) storeTail(gxi + t, f32x4.sub(loadTail(gyi + t, r), f32x4.mul(vexp(loadTail(yi + t, r)), s)), r);
  }
}

// The same over the middle axis of a row-major [outer, d, inner] array, for a
// softmax dimension that is not the last (inner > 1): four adjacent inner
// positions are normalised together, their d values `inner` elements apart.
// `at` is the byte offset of one group's first value, `step` the byte stride.

// Maximum over the group's d values (lanes past `cnt` are unused).
@inline function groupMax(x: usize, at: usize, step: usize, d: i32, cnt: i32): v128 {
  let m = f32x4.splat(-Infinity);
  for (let t = 0; t < d; t++) m = f32x4.max(m, loadN(x + at + <usize>t * step, cnt));
  return m;
}

// y = e^(x - m) over the group; returns the group's sums.
@inline function groupExp(x: usize, y: usize, at: usize, step: usize, d: i32, cnt: i32, m: v128): v128 {
  let s = f32x4.splat(0);
  for (let t = 0; t < d; t++) {
    const o = at + <usize>t * step;
    const e = vexp(f32x4.sub(loadN(x + o, cnt), m));
    storeN(y + o, e, cnt);
    s = f32x4.add(s, e);
  }
  return s;
}

export function softmaxForwardStrided(x: usize, y: usize, outer: i32, d: i32, inner: i32): void {
  const step = <usize>inner << 2;
  for (let i = 0; i < outer; i++) {
    for (let j = 0; j < inner; j += 4) {
      const at = (<usize>i * <usize>d * <usize>inner + <usize>j) << 2, cnt = inner - j;
      const inv = f32x4.div(vconst(ONE), groupExp(x, y, at, step, d, cnt, groupMax(x, at, step, d, cnt)));
      for (let t = 0; t < d; t++) {
        const o = y + at + <usize>t * step;
        storeN(o, f32x4.mul(loadN(o, cnt), inv), cnt);
      }
    }
  }
}

export function logSoftmaxForwardStrided(x: usize, y: usize, outer: i32, d: i32, inner: i32): void {
  const step = <usize>inner << 2;
  for (let i = 0; i < outer; i++) {
    for (let j = 0; j < inner; j += 4) {
      const at = (<usize>i * <usize>d * <usize>inner + <usize>j) << 2, cnt = inner - j;
      const m = groupMax(x, at, step, d, cnt);
      // y is scratch for e^(x - m) until the final pass overwrites it.
      const lse = vlog(groupExp(x, y, at, step, d, cnt, m));
      for (let t = 0; t < d; t++) {
        const o = at + <usize>t * step;
        storeN(y + o, f32x4.sub(f32x4.sub(loadN(x + o, cnt), m), lse), cnt);
      }
    }
  }
}

export function softmaxBackwardStrided(y: usize, gy: usize, gx: usize, outer: i32, d: i32, inner: i32): void {
  const step = <usize>inner << 2;
  for (let i = 0; i < outer; i++) {
    for (let j = 0; j < inner; j += 4) {
      const at = (<usize>i * <usize>d * <usize>inner + <usize>j) << 2, cnt = inner - j;
      let dot = f32x4.splat(0);
      for (let t = 0; t < d; t++) {
        const o = at + <usize>t * step;
        dot = f32x4.add(dot, f32x4.mul(loadN(gy + o, cnt), loadN(y + o, cnt)));
      }
      for (let t = 0; t < d; t++) {
        const o = at + <usize>t * step;
        storeN(gx + o, f32x4.mul(f32x4.sub(loadN(gy + o, cnt), dot), loadN(y + o, cnt)), cnt);
      }
    }
  }
}

export function logSoftmaxBackwardStrided(y: usize, gy: usize, gx: usize, outer: i32, d: i32, inner: i32): void {
  const step = <usize>inner << 2;
  for (let i = 0; i < outer; i++) {
    for (let j = 0; j < inner; j += 4) {
      const at = (<usize>i * <usize>d * <usize>inner + <usize>j) << 2, cnt = inner - j;
      let s = f32x4.splat(0);
      for (let t = 0; t < d; t++) s = f32x4.add(s, loadN(gy + at + <usize>t * step, cnt));
      for (let t = 0; t < d; t++) {
        const o = at + <usize>t * step;
        storeN(gx + o, f32x4.sub(loadN(gy + o, cnt), f32x4.mul(vexp(loadN(y + o, cnt)), s)), cnt);
      }
    }
  }
}
