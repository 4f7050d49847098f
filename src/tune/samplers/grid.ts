import { Generator } from "../../random/generator.js";
import { checkOptions } from "../../options.js";
import type { Distribution, ParamValue } from "../distributions.js";
import { distributionToJson } from "../distributions.js";
import type { FrozenTrial } from "../frozen_trial.js";
import { isFinished } from "../state.js";
import type { TrialState } from "../state.js";
import { warn } from "../warn.js";
import type { Sampler, StudyView } from "./sampler.js";
import { samplerSeed } from "./transform.js";

/** Options of {@link GridSampler}. */
export interface GridSamplerOptions {
  /** Seed of the order in which grid points are visited. Default: drawn from the default generator. */
  seed?: number;
}

const same = (a: ParamValue, b: ParamValue) => a === b || (typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b));

/**
 * Every combination of the given values once, in random order (Optuna's
 * `GridSampler`). Each trial records its grid point as the system attributes
 * `grid_id` and `search_space`; running trials' points are not handed out
 * again while unvisited ones remain, and `optimize()` stops once the grid is
 * exhausted.
 */
export class GridSampler implements Sampler {
  private readonly searchSpace: Record<string, ParamValue[]> = {};
  private readonly paramNames: string[];
  private readonly grids: ParamValue[][];
  private readonly rng: Generator;

  constructor(searchSpace: Record<string, readonly ParamValue[]>, options: GridSamplerOptions = {}) {
    checkOptions("GridSampler", options, ["seed"]);
    this.paramNames = Object.keys(searchSpace).sort();
    for (const name of this.paramNames) {
      const values = searchSpace[name];
      if (!Array.isArray(values)) throw new TypeError(`GridSampler: the values of '${name}' must be an array`);
      for (const v of values) {
        if (v !== null && !["string", "number", "boolean"].includes(typeof v)) {
          warn(`${name} contains a value with the type of ${typeof v}, which is not supported by \`GridSampler\`. Please make sure a value is \`str\`, \`int\`, \`float\`, \`bool\` or \`None\` for persistent storage.`);
        }
      }
      this.searchSpace[name] = [...values];
    }
    this.grids = this.paramNames.reduce<ParamValue[][]>((acc, name) => acc.flatMap((g) => this.searchSpace[name].map((v) => [...g, v])), [[]]);
    this.rng = new Generator(samplerSeed(options.seed));
  }

  /** Number of grid points. */
  get size(): number {
    return this.grids.length;
  }

  reseedRng(seed?: number): void {
    this.rng.manualSeed(samplerSeed(seed));
  }

  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  sampleRelative(study: StudyView, trial: FrozenTrial): Record<string, ParamValue> {
    if ("grid_id" in trial.systemAttrs || "fixed_params" in trial.systemAttrs) return {};
    let target = this.unvisited(study);
    if (target.length === 0) {
      warn("`GridSampler` is re-evaluating a configuration because the grid has been exhausted. This may happen due to a timing issue during distributed optimization or when re-running optimizations on already finished studies.");
      target = this.grids.map((_, i) => i);
    }
    const gridId = target[this.rng.randint(target.length)];
    study.setTrialSystemAttr(trial.trialId, "search_space", structuredClone(this.searchSpace));
    study.setTrialSystemAttr(trial.trialId, "grid_id", gridId);
    return {};
  }

  sampleIndependent(_study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): ParamValue {
    if (!("grid_id" in trial.systemAttrs)) throw new RangeError("All parameters must be specified when using GridSampler with enqueue_trial.");
    const index = this.paramNames.indexOf(name);
    if (index < 0) throw new RangeError(`The parameter name, ${name}, is not found in the given grid.`);
    const value = this.grids[trial.systemAttrs.grid_id as number][index];
    let inside: boolean;
    try {
      inside = distribution.contains(distribution.toInternalRepr(value));
    } catch {
      inside = false;
    }
    if (!inside) warn(`The value \`${String(value)}\` is out of range of the parameter \`${name}\`. The value will be used but the actual distribution is: \`${distributionToJson(distribution)}\`.`);
    return value;
  }

  afterTrial(study: StudyView, trial: FrozenTrial, _state: TrialState, _values: readonly number[] | null): void {
    const target = this.unvisited(study);
    if (target.length === 0) study.stop();
    else if (target.length === 1 && trial.systemAttrs.grid_id === target[0]) study.stop();
  }

  /** Grid points no finished trial has visited, not counting running ones unless only those remain. */
  private unvisited(study: StudyView): number[] {
    const visited = new Set<number>();
    const running = new Set<number>();
    for (const t of study.getTrials()) {
      if (!("grid_id" in t.systemAttrs) || !this.sameSpace(t.systemAttrs.search_space)) continue;
      const id = t.systemAttrs.grid_id as number;
      if (isFinished(t.state)) visited.add(id);
      else if (t.state === "RUNNING") running.add(id);
    }
    const all = this.grids.map((_, i) => i);
    const free = all.filter((i) => !visited.has(i) && !running.has(i));
    return free.length > 0 ? free : all.filter((i) => !visited.has(i));
  }

  private sameSpace(space: unknown): boolean {
    if (space === null || typeof space !== "object") return false;
    const s = space as Record<string, ParamValue[]>;
    const names = Object.keys(s);
    if (names.length !== this.paramNames.length || !names.every((n) => n in this.searchSpace)) return false;
    return names.every((n) => s[n].length === this.searchSpace[n].length && s[n].every((v, i) => same(v, this.searchSpace[n][i])));
  }
}
