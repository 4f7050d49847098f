// Optuna's _SearchSpaceTransform: a search space as a box of real
// coordinates (log scale where the distribution is logarithmic, half-step
// margins around discrete ranges, one [0, 1] column per categorical choice),
// and back. QMC and CMA-ES sample in this box; the random fallback too.
import type { Distribution, ParamValue } from "../distributions.js";
import { defaultGenerator, Generator } from "../../random/generator.js";
import { exp, log } from "../../runtime/math.js";
import { roundHalfEven } from "./numeric.js";
import type { Sampler } from "./sampler.js";

/** The largest double below x (`np.nextafter(x, -inf)`), for keeping a float strictly under its high. */
function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const f = new Float64Array([x]);
  const b = new BigInt64Array(f.buffer);
  b[0] += x > 0 ? -1n : 1n;
  return f[0];
}

/** A search space as a box of real coordinates (Optuna's `_SearchSpaceTransform`). */
export class SearchSpaceTransform {
  /** [low, high] of each encoded column. */
  readonly bounds: [number, number][] = [];
  /** The encoded columns of each parameter, in search-space order. */
  readonly columns: number[][] = [];
  private readonly space: [string, Distribution][];

  constructor(searchSpace: Record<string, Distribution>, private readonly transformLog = true, transformStep = true) {
    this.space = Object.entries(searchSpace);
    if (this.space.length === 0) throw new RangeError("Cannot transform if no distributions are given.");
    for (const [, d] of this.space) {
      const first = this.bounds.length;
      if (d.kind === "categorical") {
        for (let c = 0; c < d.choices.length; c++) this.bounds.push([0, 1]);
      } else {
        const half = d.kind === "int" || d.step !== null ? (transformStep ? 0.5 * (d.step as number) : 0) : 0;
        if (d.kind === "int" && d.log) this.bounds.push([this.toReal(d.low - half, d), this.toReal(d.high + half, d)]);
        else this.bounds.push([this.toReal(d.low, d) - half, this.toReal(d.high, d) + half]);
      }
      this.columns.push(Array.from({ length: this.bounds.length - first }, (_, i) => first + i));
    }
  }

  private toReal(v: number, d: Exclude<Distribution, { kind: "categorical" }>): number {
    return d.log && this.transformLog ? log(v) : v;
  }

  /** Encode a parameter configuration (external values) as box coordinates. */
  transform(params: Readonly<Record<string, ParamValue>>): Float64Array {
    const x = new Float64Array(this.bounds.length);
    this.space.forEach(([name, d], i) => {
      if (!(name in params)) throw new RangeError("Parameter configuration must contain all distributions.");
      const col = this.columns[i][0];
      if (d.kind === "categorical") x[col + d.toInternalRepr(params[name])] = 1;
      else x[col] = this.toReal(params[name] as number, d);
    });
    return x;
  }

  /** Decode box coordinates into external values (a categorical takes its largest column). */
  untransform(x: ArrayLike<number>): Record<string, ParamValue> {
    if (x.length !== this.bounds.length) throw new RangeError(`Expected ${this.bounds.length} coordinates, got ${x.length}.`);
    const params: Record<string, ParamValue> = {};
    this.space.forEach(([name, d], i) => {
      const cols = this.columns[i];
      if (d.kind === "categorical") {
        let best = 0;
        for (let c = 1; c < cols.length; c++) if (x[cols[c]] > x[cols[best]]) best = c;
        params[name] = d.toExternalRepr(best);
        return;
      }
      const v = x[cols[0]];
      const clip = (u: number) => Math.min(Math.max(u, d.low), d.high);
      if (d.kind === "float") {
        if (d.step !== null && !d.log) params[name] = clip(roundHalfEven((v - d.low) / d.step) * d.step + d.low);
        else {
          const u = d.log && this.transformLog ? exp(v) : v;
          params[name] = d.single() ? u : Math.min(u, nextDown(d.high));
        }
      } else if (d.log) {
        params[name] = this.transformLog ? clip(roundHalfEven(exp(v))) : Math.trunc(v);
      } else {
        params[name] = clip(roundHalfEven((v - d.low) / d.step) * d.step + d.low);
      }
    });
    return params;
  }
}

/** A seed for a sampler given none: drawn from the default generator, so `manualSeed` makes runs repeat. */
export function samplerSeed(seed: number | undefined): number {
  return seed ?? defaultGenerator.nextUint32();
}

/**
 * Uniform sampling in the transformed box (what Optuna's `RandomSampler`
 * does): the independent sampler TPE uses for its startup trials and QMC and
 * CMA-ES use for parameters outside their relative search space.
 */
export class UniformIndependentSampler implements Sampler {
  private rng: Generator;

  constructor(seed?: number) {
    this.rng = new Generator(samplerSeed(seed));
  }

  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  sampleRelative(): Record<string, ParamValue> {
    return {};
  }

  sampleIndependent(_study: unknown, _trial: unknown, paramName: string, distribution: Distribution): ParamValue {
    const trans = new SearchSpaceTransform({ [paramName]: distribution });
    return trans.untransform(trans.bounds.map(([lo, hi]) => this.rng.uniform(lo, hi)))[paramName];
  }

  reseedRng(seed?: number): void {
    this.rng = new Generator(samplerSeed(seed));
  }
}
