// The few NumPy numerics whose exact behaviour Optuna's samplers depend on,
// so that the deterministic parts (weights, bandwidths, densities) agree with
// Optuna to the last bits NumPy's own order of operations allows.
import { exp, log1p } from "../../runtime/math.js";

/** `np.round`: to the nearest integer, halves to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** `np.sum` of a float64 vector: NumPy's pairwise summation (blocks of 8, split halves above 128). */
export function npSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[start + i];
    return s;
  }
  if (n <= 128) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => a[start + j]);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
    let s = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) s += a[start + i];
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return npSum(a, start, n2) + npSum(a, start + n2, n - n2);
}

/** `np.logaddexp`: log(e^x + e^y) without overflow. */
export function logAddExp(x: number, y: number): number {
  if (x === y) return x + Math.LN2;
  const d = x - y;
  if (d > 0) return x + log1p(exp(-d));
  if (d <= 0) return y + log1p(exp(d));
  return NaN;
}

/** Index of the first cumulative probability above `u` (inverse CDF, as `rng.choice(n, p=weights)`). */
export function pickIndex(cumulative: ArrayLike<number>, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Running sums (`np.cumsum`). */
export function cumsum(a: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length);
  let s = 0;
  for (let i = 0; i < a.length; i++) out[i] = s += a[i];
  return out;
}

/** NumPy's float order for sorting: NaN after everything. */
function less(a: number, b: number): boolean {
  return a < b || (b !== b && a === a);
}

/**
 * `np.argsort(v)` (the default, unstable introsort of NumPy 1.24) with the
 * same order among equal values, which decides which of two tied
 * observations gets which Parzen bandwidth.
 */
export function npArgsort(v: ArrayLike<number>): Int32Array {
  const n = v.length;
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  const swap = (i: number, j: number) => {
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  };
  const stack: number[] = [];
  let pl = 0;
  let pr = n - 1;
  let depth = 2 * (31 - Math.clz32(Math.max(n, 1)));
  for (;;) {
    if (depth < 0) heapsort(v, a, pl, pr - pl + 1);
    else {
      while (pr - pl > 15) {
        // Median-of-three pivot, parked at pr − 1.
        const pm = pl + ((pr - pl) >> 1);
        if (less(v[a[pm]], v[a[pl]])) swap(pm, pl);
        if (less(v[a[pr]], v[a[pm]])) swap(pr, pm);
        if (less(v[a[pm]], v[a[pl]])) swap(pm, pl);
        const vp = v[a[pm]];
        let pi = pl;
        let pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do ++pi; while (less(v[a[pi]], vp));
          do --pj; while (less(vp, v[a[pj]]));
          if (pi >= pj) break;
          swap(pi, pj);
        }
        swap(pi, pr - 1);
        // Recurse into the smaller part first; push the larger.
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr, --depth);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1, --depth);
          pl = pi + 1;
        }
      }
      for (let pi = pl + 1; pi <= pr; pi++) {
        const vi = a[pi];
        const x = v[vi];
        let pj = pi;
        while (pj > pl && less(x, v[a[pj - 1]])) {
          a[pj] = a[pj - 1];
          pj--;
        }
        a[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    depth = stack.pop() as number;
    pr = stack.pop() as number;
    pl = stack.pop() as number;
  }
  return a;
}

/** NumPy's heapsort fallback of `npArgsort`, on a[off .. off+n). */
function heapsort(v: ArrayLike<number>, a: Int32Array, off: number, n: number): void {
  // 1-based heap indexing, as NumPy's.
  const get = (i: number) => a[off + i - 1];
  const set = (i: number, x: number) => (a[off + i - 1] = x);
  const sift = (tmp: number, i: number, m: number) => {
    for (let j = i << 1; j <= m; ) {
      if (j < m && less(v[get(j)], v[get(j + 1)])) j++;
      if (!less(v[tmp], v[get(j)])) break;
      set(i, get(j));
      i = j;
      j += j;
    }
    set(i, tmp);
  };
  for (let l = n >> 1; l > 0; l--) sift(get(l), l, n);
  for (let m = n; m > 1; ) {
    const tmp = get(m);
    set(m, get(1));
    m--;
    sift(tmp, 1, m);
  }
}
