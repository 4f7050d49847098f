import { CategoricalDistribution, checkDistributionCompatibility, distributionToJson } from "./distributions.js";
import type { Distribution, ParamValue } from "./distributions.js";
import { floatDistribution, intDistribution } from "./trial.js";
import type { SuggestFloatOptions, SuggestIntOptions } from "./trial.js";
import { warn } from "./warn.js";

/**
 * A trial whose parameters are given (Optuna's `FixedTrial`): run an
 * objective once with known values — to retrain the best trial's
 * configuration (`new FixedTrial(study.bestParams, study.bestTrial.number)`)
 * or to test an objective. `suggest*` return the given values (a value
 * outside the suggested range only warns, as in Optuna); `report` records,
 * and `shouldPrune` is always false.
 */
export class FixedTrial {
  readonly number: number;
  private readonly given: Record<string, ParamValue>;
  private readonly suggested: Record<string, ParamValue> = {};
  private readonly dists: Record<string, Distribution> = {};
  private readonly attrs: Record<string, unknown> = {};
  /** Values given to `report`, by step. */
  readonly intermediateValues = new Map<number, number>();

  constructor(params: Record<string, ParamValue>, number = 0) {
    if (params === null || typeof params !== "object" || Array.isArray(params)) throw new TypeError("FixedTrial: params must be an object of parameter values");
    this.given = { ...params };
    this.number = number;
  }

  /** Parameters suggested so far. */
  get params(): Record<string, ParamValue> {
    return { ...this.suggested };
  }

  /** The distribution of each parameter suggested so far. */
  get distributions(): Record<string, Distribution> {
    return { ...this.dists };
  }

  /** Attributes set by `setUserAttr`. */
  get userAttrs(): Record<string, unknown> {
    return structuredClone(this.attrs);
  }

  suggestFloat(name: string, low: number, high: number, options: SuggestFloatOptions = {}): number {
    return this.suggest(name, floatDistribution(low, high, options)) as number;
  }

  suggestInt(name: string, low: number, high: number, options: SuggestIntOptions = {}): number {
    return Math.trunc(this.suggest(name, intDistribution(low, high, options)) as number);
  }

  suggestCategorical<T extends ParamValue>(name: string, choices: readonly T[]): T {
    return this.suggest(name, new CategoricalDistribution(choices)) as T;
  }

  report(value: number, step: number): void {
    this.intermediateValues.set(step, value);
  }

  shouldPrune(): boolean {
    return false;
  }

  setUserAttr(key: string, value: unknown): void {
    this.attrs[key] = value;
  }

  private suggest(name: string, d: Distribution): ParamValue {
    if (!(name in this.given)) throw new RangeError(`The value of the parameter '${name}' is not found. Please set it at the construction of the FixedTrial object.`);
    const known = this.dists[name];
    if (known !== undefined) checkDistributionCompatibility(known, d);
    const value = this.given[name];
    const inside = d.kind === "categorical" ? d.choices.some((c) => c === value) : typeof value === "number" && d.contains(value);
    if (!inside) warn(`The value ${String(value)} of the parameter '${name}' is out of the range of the distribution ${distributionToJson(d)}.`);
    this.dists[name] = d;
    this.suggested[name] = value;
    return value;
  }
}
