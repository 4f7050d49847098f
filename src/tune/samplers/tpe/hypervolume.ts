// Exact hypervolume by the WFG algorithm (While et al. 2012), as Optuna 3.1's
// optuna/_hypervolume computes it; multi-objective TPE ranks and weights its
// good trials by hypervolume contributions. Points are minimised losses.

function boxVolume(p: readonly number[], ref: readonly number[]): number {
  let v = 1;
  for (let k = 0; k < p.length; k++) v *= p[k] - ref[k];
  return Math.abs(v);
}

function hv2d(points: readonly (readonly number[])[], reference: readonly number[]): number {
  const ref = [...reference];
  const sorted = [...points].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let volume = 0;
  for (const s of sorted) {
    if (ref[1] < s[1]) continue;
    volume += boxVolume(ref, s);
    ref[1] = s[1];
  }
  return volume;
}

/** The points of `set` each raised to at least `p`, keeping only those not dominated by the previous kept one. */
function limit(p: readonly number[], set: readonly (readonly number[])[]): number[][] {
  const lim = set.map((s) => s.map((v, k) => Math.max(v, p[k])));
  if (lim.length <= 1) return lim;
  const out = [lim[0]];
  let left = 0;
  for (let right = 1; right < lim.length; right++) {
    if (lim[left].some((v, k) => v > lim[right][k])) {
      left = right;
      out.push(lim[left]);
    }
  }
  return out;
}

function hvRec(set: readonly (readonly number[])[], ref: readonly number[]): number {
  if (ref.length === 2) return hv2d(set, ref);
  if (set.length === 1) return boxVolume(set[0], ref);
  if (set.length === 2) {
    const inter = ref.map((r, k) => r - Math.max(set[0][k], set[1][k]));
    return boxVolume(set[0], ref) + boxVolume(set[1], ref) - inter.reduce((a, b) => a * b, 1);
  }
  const sorted = [...set].sort((a, b) => a[0] - b[0]);
  let volume = 0;
  for (let i = 0; i < sorted.length; i++) {
    let v = boxVolume(sorted[i], ref);
    const lim = limit(sorted[i], sorted.slice(i + 1));
    if (lim.length === 1) v -= boxVolume(lim[0], ref);
    else if (lim.length > 1) v -= hvRec(lim, ref);
    volume += v;
  }
  return volume;
}

/** Hypervolume dominated by `points` and bounded by `reference` (every point ≤ reference). */
export function hypervolume(points: readonly (readonly number[])[], reference: readonly number[]): number {
  if (points.length === 0) return 0;
  return hvRec(points, reference);
}

/**
 * Greedy hypervolume subset selection (Optuna's `_solve_hssp`): pick
 * `size` of the points, each time the one adding the most hypervolume.
 * Returns the chosen entries of `indices`, in the order chosen.
 */
export function solveHssp(points: readonly (readonly number[])[], indices: readonly number[], size: number, reference: readonly number[]): number[] {
  const chosenVecs: (readonly number[])[] = [];
  const chosen: number[] = [];
  const contrib = points.map((p) => hypervolume([p], reference));
  let hvChosen = 0;
  while (chosen.length < size) {
    let best = 0;
    for (let j = 1; j < contrib.length; j++) if (contrib[j] > contrib[best]) best = j;
    contrib[best] = -1;
    const vec = points[best];
    for (let j = 0; j < points.length; j++) {
      if (contrib[j] === -1) continue;
      const p = vec.map((v, k) => Math.max(v, points[j][k]));
      contrib[j] -= hypervolume([...chosenVecs, p], reference) - hvChosen;
    }
    chosenVecs.push(vec);
    chosen.push(indices[best]);
    hvChosen = hypervolume(chosenVecs, reference);
  }
  return chosen;
}
