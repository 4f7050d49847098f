import { Generator } from "../../random/generator.js";
import { exp, log } from "../../runtime/math.js";
import type { Distribution, ParamValue } from "../distributions.js";
import type { FrozenTrial } from "../frozen_trial.js";
import { checkOptions } from "../../options.js";
import type { Sampler, StudyView } from "./sampler.js";

/** numpy's `round`: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const scratch = new DataView(new ArrayBuffer(8));

/** The largest double below `x` (numpy's `nextafter(x, x - 1)` for finite positive steps down). */
function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  scratch.setFloat64(0, x);
  const bits = scratch.getBigUint64(0);
  scratch.setBigUint64(0, x > 0 ? bits - 1n : bits + 1n);
  return scratch.getFloat64(0);
}

/** Snap `v` to the grid `low + k·step` and into `[low, high]`, as Optuna's untransform does. */
function onGrid(v: number, low: number, high: number, step: number): number {
  return Math.min(Math.max(roundHalfEven((v - low) / step) * step + low, low), high);
}

/**
 * One uniform draw from a distribution's transformed space, mapped back as
 * Optuna's `_SearchSpaceTransform` maps it: log ranges uniform in log space,
 * discrete ranges widened by half a step each side and rounded to the grid,
 * categorical choices equally likely.
 */
export function sampleUniform(d: Distribution, rng: Generator): ParamValue {
  if (d.kind === "categorical") return d.choices[rng.randint(d.choices.length)];
  if (d.kind === "int") {
    if (d.log) return Math.min(Math.max(roundHalfEven(exp(rng.uniform(log(d.low - 0.5), log(d.high + 0.5)))), d.low), d.high);
    const half = 0.5 * d.step;
    return onGrid(rng.uniform(d.low - half, d.high + half), d.low, d.high, d.step);
  }
  if (d.step !== null) {
    const half = 0.5 * d.step;
    return onGrid(rng.uniform(d.low - half, d.high + half), d.low, d.high, d.step);
  }
  if (d.single()) return d.low;
  const v = d.log ? exp(rng.uniform(log(d.low), log(d.high))) : rng.uniform(d.low, d.high);
  return Math.min(v, nextDown(d.high));
}

/** Options of {@link RandomSampler}. */
export interface RandomSamplerOptions {
  /** Seed of the sampler's `Generator`; the same seed draws the same parameters in every runtime. Default: a fresh seed per sampler. */
  seed?: number;
}

/** A seed for samplers built without one (Optuna seeds from the OS then). */
export function freshSeed(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0];
}

/**
 * Sample every parameter independently and uniformly (Optuna's
 * `RandomSampler`): log ranges on a log scale, steps respected. Log ranges
 * use WebAssembly `exp`/`log`, so `await init()` first.
 */
export class RandomSampler implements Sampler {
  private readonly rng: Generator;

  constructor(options: RandomSamplerOptions = {}) {
    checkOptions("RandomSampler", options, ["seed"]);
    this.rng = new Generator(options.seed ?? freshSeed());
  }

  reseedRng(seed?: number): void {
    this.rng.manualSeed(seed ?? freshSeed());
  }

  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  sampleRelative(): Record<string, ParamValue> {
    return {};
  }

  sampleIndependent(_study: StudyView, _trial: FrozenTrial, _name: string, distribution: Distribution): ParamValue {
    return sampleUniform(distribution, this.rng);
  }
}
