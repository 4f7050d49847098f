// The search spaces model-based samplers draw jointly from, as Optuna 3.1
// computes them: the intersection of what finished trials suggested (a name
// suggested with two distributions drops out), and for grouped TPE the
// partition of all names into groups always suggested together.
import { distributionEquals, type Distribution } from "../distributions.js";
import { isFinished, type TrialState } from "../state.js";
import type { StudyView } from "./sampler.js";

/**
 * Optuna's `IntersectionSearchSpace`: the parameters (and distributions) that
 * every finished trial of the study suggested identically. Incremental: each
 * call reads only trials it has not seen finished. Use one instance per study.
 */
export class IntersectionSearchSpace {
  private cursor = -1;
  private space: Record<string, Distribution> | null = null;
  private studyName: string | null = null;
  private readonly includePruned: boolean;

  /** @param includePruned Count pruned trials too (TPE does; CMA-ES does not). */
  constructor(includePruned = false) {
    this.includePruned = includePruned;
  }

  /** The intersection over the study's trials so far, in first-suggested order (or sorted by name). */
  calculate(study: StudyView, orderedDict = false): Record<string, Distribution> {
    if (this.studyName === null) this.studyName = study.studyName;
    else if (this.studyName !== study.studyName) throw new Error("`IntersectionSearchSpace` cannot handle multiple studies.");
    const states: TrialState[] = ["COMPLETE", "WAITING", "RUNNING"];
    if (this.includePruned) states.push("PRUNED");
    const trials = study.getTrials(states);
    let nextCursor = trials.length > 0 ? trials[trials.length - 1].number + 1 : -1;
    for (let i = trials.length - 1; i >= 0; i--) {
      const t = trials[i];
      if (this.cursor > t.number) break;
      if (!isFinished(t.state)) {
        nextCursor = t.number;
        continue;
      }
      if (this.space === null) {
        this.space = { ...t.distributions };
        continue;
      }
      const next: Record<string, Distribution> = {};
      for (const [name, d] of Object.entries(this.space)) {
        const other = t.distributions[name];
        if (other !== undefined && distributionEquals(other, d)) next[name] = d;
      }
      this.space = next;
    }
    this.cursor = nextCursor;
    const space = this.space ?? {};
    return orderedDict ? Object.fromEntries(Object.entries(space).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : { ...space };
  }
}

/** Optuna's `intersection_search_space(study)`: a one-off `IntersectionSearchSpace` calculation. */
export function intersectionSearchSpace(study: StudyView, options: { orderedDict?: boolean; includePruned?: boolean } = {}): Record<string, Distribution> {
  return new IntersectionSearchSpace(options.includePruned ?? false).calculate(study, options.orderedDict ?? false);
}

/**
 * Optuna's `_GroupDecomposedSearchSpace`: split every parameter ever
 * suggested into groups such that each finished trial suggested either all
 * of a group or none of it (grouped multivariate TPE models each group jointly).
 */
export class GroupDecomposedSearchSpace {
  private groups: Record<string, Distribution>[] = [];
  private studyName: string | null = null;
  private readonly includePruned: boolean;

  constructor(includePruned = false) {
    this.includePruned = includePruned;
  }

  /** The groups over the study's finished trials so far. */
  calculate(study: StudyView): Record<string, Distribution>[] {
    if (this.studyName === null) this.studyName = study.studyName;
    else if (this.studyName !== study.studyName) throw new Error("`_GroupDecomposedSearchSpace` cannot handle multiple studies.");
    const states: TrialState[] = this.includePruned ? ["COMPLETE", "PRUNED"] : ["COMPLETE"];
    for (const t of study.getTrials(states)) this.add(t.distributions);
    return this.groups.map((g) => ({ ...g }));
  }

  private add(distributions: Readonly<Record<string, Distribution>>): void {
    const rest = new Set(Object.keys(distributions));
    const next: Record<string, Distribution>[] = [];
    for (const g of this.groups) {
      const inside: Record<string, Distribution> = {};
      const outside: Record<string, Distribution> = {};
      for (const [name, d] of Object.entries(g)) (rest.has(name) ? inside : outside)[name] = d;
      next.push(inside, outside);
      for (const name of Object.keys(g)) rest.delete(name);
    }
    next.push(Object.fromEntries([...rest].map((name) => [name, distributions[name]])));
    this.groups = next.filter((g) => Object.keys(g).length > 0);
  }
}
