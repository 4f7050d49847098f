// Which observations TPE counts as good ("below", fitting l(x)) and which as
// bad ("above", fitting g(x)), as Optuna 3.1 decides: complete trials rank
// by value; pruned trials after them, deeper steps first, then by their last
// intermediate value; running trials (constant liar) last of all.
// Multi-objective studies rank by non-domination, breaking the last rank by
// greedy hypervolume subset selection.
import type { StudyView } from "../sampler.js";
import { hypervolume, solveHssp } from "./hypervolume.js";

const EPS = 1e-12;

/** A trial's rank key: (step key, signed losses); lexicographically smaller is better. */
export type Score = readonly [step: number, losses: readonly number[]];

/** Observations of `paramNames` (internal values, null where a trial lacks one) and each trial's score. */
export interface ObservationPairs {
  values: Record<string, (number | null)[]>;
  scores: Score[];
}

/** Optuna's `_get_observation_pairs`: complete and pruned trials, and running ones under constant liar. */
export function observationPairs(study: StudyView, paramNames: readonly string[], constantLiar: boolean): ObservationPairs {
  const signs = study.directions.map((d) => (d === "minimize" ? 1 : -1));
  const multi = signs.length > 1;
  const values: Record<string, (number | null)[]> = {};
  for (const name of paramNames) values[name] = [];
  const scores: Score[] = [];
  const states = constantLiar ? (["COMPLETE", "PRUNED", "RUNNING"] as const) : (["COMPLETE", "PRUNED"] as const);
  for (const t of study.getTrials(states)) {
    let score: Score;
    if (t.state === "COMPLETE") {
      if (t.values === null) continue;
      score = [-Infinity, t.values.map((v, k) => signs[k] * v)];
    } else if (t.state === "PRUNED") {
      if (multi) continue;
      let step: number | null = null;
      for (const s of t.intermediateValues.keys()) if (step === null || s > step) step = s;
      if (step === null) score = [1, [0.0]];
      else {
        const v = t.intermediateValues.get(step) as number;
        score = [-step, [Number.isNaN(v) ? Infinity : signs[0] * v]];
      }
    } else {
      if (multi) continue;
      score = [Infinity, [signs[0] * Infinity]];
    }
    scores.push(score);
    for (const name of paramNames) {
      const d = t.distributions[name];
      values[name].push(name in t.params && d !== undefined ? d.toInternalRepr(t.params[name]) : null);
    }
  }
  return { values, scores };
}

/** NumPy's float order: NaN after everything. */
function cmp(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
}

/** Optuna's `_split_observation_pairs`: indices (into `scores`) of the `nBelow` best and of the rest. */
export function splitObservationPairs(scores: readonly Score[], nBelow: number): { below: number[]; above: number[] } {
  const nObjectives = scores.length > 0 ? scores[0][1].length : 1;
  const idx = scores.map((_, i) => i);
  if (nObjectives <= 1) {
    idx.sort((i, j) => cmp(scores[i][0], scores[j][0]) || cmp(scores[i][1][0], scores[j][1][0]));
    const asc = (a: number, b: number) => a - b;
    return { below: idx.slice(0, nBelow).sort(asc), above: idx.slice(nBelow).sort(asc) };
  }
  const losses = scores.map((s) => s[1]);
  const ranks = nondominationRanks(losses);
  const below: number[] = [];
  let rank = 0;
  for (;;) {
    const group = idx.filter((i) => ranks[i] === rank);
    if (!(below.length < nBelow && below.length + group.length <= nBelow)) break;
    below.push(...group);
    rank++;
  }
  const subset = nBelow - below.length;
  if (subset > 0) {
    const group = idx.filter((i) => ranks[i] === rank);
    const pts = group.map((i) => losses[i]);
    below.push(...solveHssp(pts, group, subset, referencePoint(pts)));
  }
  const taken = new Set(below);
  return { below, above: idx.filter((i) => !taken.has(i)) };
}

/** Optuna's reference point: 10% beyond the worst value of each objective (EPS where that is 0). */
function referencePoint(points: readonly (readonly number[])[]): number[] {
  return points[0].map((_, k) => {
    const worst = Math.max(...points.map((p) => p[k]));
    const r = Math.max(1.1 * worst, 0.9 * worst);
    return r === 0 ? EPS : r;
  });
}

/** Non-domination rank of each loss vector (0 = Pareto front). */
export function nondominationRanks(losses: readonly (readonly number[])[]): number[] {
  const n = losses.length;
  const dominates = (i: number, j: number) => losses[i].every((v, k) => v <= losses[j][k]) && losses[i].some((v, k) => v < losses[j][k]);
  const ranks = new Array<number>(n).fill(-1);
  let unranked = n;
  for (let rank = 0; unranked > 0; rank++) {
    const front = [];
    for (let i = 0; i < n; i++) {
      if (ranks[i] !== -1) continue;
      let dominated = false;
      for (let j = 0; j < n && !dominated; j++) dominated = ranks[j] === -1 && dominates(j, i);
      if (!dominated) front.push(i);
    }
    for (const i of front) ranks[i] = rank;
    unranked -= front.length;
  }
  return ranks;
}

/** Multi-objective weights of the good trials: each one's hypervolume contribution, scaled to a maximum of 1. */
export function weightsBelowMultiObjective(scores: readonly Score[], below: readonly number[]): Float64Array {
  const pts = below.map((i) => scores[i][1]);
  const n = pts.length;
  if (n === 0) return new Float64Array(0);
  if (n === 1) return Float64Array.of(1);
  const ref = referencePoint(pts);
  const hv = hypervolume(pts, ref);
  const contrib = pts.map((_, i) => hv - hypervolume(pts.filter((_, j) => j !== i), ref) + EPS);
  const max = Math.max(...contrib);
  return Float64Array.from(contrib, (c) => Math.min(Math.max(c / max, 0), 1));
}
