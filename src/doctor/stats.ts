// Small float64 statistics on the host for the checks (sqrt and arithmetic only).

export function mean(v: readonly number[]): number {
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

export function median(v: readonly number[]): number {
  const s = v.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function argmin(v: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] < v[best]) best = i;
  return best;
}

/** Significant digits for messages. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e5 || a < 1e-3 ? x.toExponential(digits - 1) : String(Number(x.toPrecision(digits)));
}

/** Mean and variance (population) of every column of a row-major matrix. */
export function columnMoments(x: ArrayLike<number>, rows: number, cols: number): { means: Float64Array; variances: Float64Array } {
  const means = new Float64Array(cols);
  const variances = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) means[j] += x[i * cols + j] / rows;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const d = x[i * cols + j] - means[j];
      variances[j] += (d * d) / rows;
    }
  }
  return { means, variances };
}
