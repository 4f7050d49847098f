// numpy's NaN-ignoring reductions as the pruners use them.

/** `np.nanmin`/`np.nanmax` of a list: NaN when every value is NaN or there are none. */
export function nanExtreme(values: Iterable<number>, max: boolean): number {
  let best = NaN;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(best) || (max ? v > best : v < best)) best = v;
  }
  return best;
}

/**
 * `np.nanpercentile(values, q)` with numpy's default linear method,
 * including its interpolation formula (from the far end when the fraction
 * is at least ½), so results match numpy's bits.
 */
export function nanPercentile(values: readonly number[], q: number): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const index = (sorted.length - 1) * (q / 100);
  const previous = Math.floor(index);
  const next = Math.min(previous + 1, sorted.length - 1);
  const gamma = index - previous;
  const a = sorted[previous];
  const b = sorted[next];
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}
