import { checkOptions } from "../options.js";
import { CategoricalDistribution, FloatDistribution, IntDistribution, checkDistributionCompatibility, distributionEquals, distributionToJson, singleValue } from "./distributions.js";
import type { Distribution, ParamValue } from "./distributions.js";
import type { FrozenTrial } from "./frozen_trial.js";
import { filterStudy } from "./pruners/filter_study.js";
import type { Study } from "./study.js";
import { warn } from "./warn.js";

/** Options of `suggestFloat`. */
export interface SuggestFloatOptions {
  /** Sample on a log scale (`low` must be > 0). Default false. */
  log?: boolean;
  /** Discretisation step: values are `low + k·step`. Not with `log`. Default none. */
  step?: number | null;
}

/** Options of `suggestInt`. */
export interface SuggestIntOptions {
  /** Sample on a log scale (`low` must be ≥ 1, `step` 1). Default false. */
  log?: boolean;
  /** Values are `low + k·step`. Default 1. */
  step?: number;
}

/** The distribution `suggestFloat(name, low, high, options)` draws from (options checked). */
export function floatDistribution(low: number, high: number, options: SuggestFloatOptions): FloatDistribution {
  checkOptions("suggestFloat", options, ["log", "step"]);
  return new FloatDistribution(low, high, options.log ?? false, options.step ?? null);
}

/** The distribution `suggestInt(name, low, high, options)` draws from (options checked). */
export function intDistribution(low: number, high: number, options: SuggestIntOptions): IntDistribution {
  checkOptions("suggestInt", options, ["log", "step"]);
  return new IntDistribution(low, high, options.log ?? false, options.step ?? 1);
}

/** What a trial knows about itself between storage reads (Optuna's `_cached_frozen_trial`). */
interface Cache {
  number: number;
  datetimeStart: Date | null;
  params: Record<string, ParamValue>;
  distributions: Record<string, Distribution>;
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  intermediateValues: Map<number, number>;
}

/**
 * One evaluation of the objective (Optuna's `Trial`): the objective asks it
 * for parameters (`suggestFloat`, `suggestInt`, `suggestCategorical`),
 * reports intermediate values and asks whether to stop (`shouldPrune`).
 * Suggesting a name again returns the value already chosen. Suggestions are
 * synchronous; samplers drawing on a log scale need `await init()` first.
 */
export class Trial {
  /** The storage's id of this trial. */
  readonly trialId: number;
  private readonly study: Study;
  private readonly cache: Cache;
  private readonly relativeSearchSpace: Record<string, Distribution>;
  private readonly relativeParams: Record<string, ParamValue>;

  /** @internal Use `study.ask()` or `study.optimize()`. */
  constructor(study: Study, trialId: number) {
    this.study = study;
    this.trialId = trialId;
    const frozen = study.storage.getTrial(trialId);
    this.cache = {
      number: frozen.number,
      datetimeStart: frozen.datetimeStart,
      params: { ...frozen.params },
      distributions: { ...frozen.distributions },
      userAttrs: { ...frozen.userAttrs },
      systemAttrs: { ...frozen.systemAttrs },
      intermediateValues: new Map(frozen.intermediateValues),
    };
    const view = filterStudy(study, frozen);
    this.relativeSearchSpace = study.sampler.inferRelativeSearchSpace(view, frozen);
    this.relativeParams = study.sampler.sampleRelative(view, frozen, this.relativeSearchSpace);
  }

  /** 0-based number of this trial in its study. */
  get number(): number {
    return this.cache.number;
  }

  /** When the trial started. */
  get datetimeStart(): Date | null {
    return this.cache.datetimeStart;
  }

  /** Parameters suggested so far (external values). */
  get params(): Record<string, ParamValue> {
    return { ...this.cache.params };
  }

  /** The distribution of each parameter suggested so far. */
  get distributions(): Record<string, Distribution> {
    return { ...this.cache.distributions };
  }

  /** Attributes set by `setUserAttr`. */
  get userAttrs(): Record<string, unknown> {
    return structuredClone(this.cache.userAttrs);
  }

  /** A float in `[low, high]`, on a log scale with `{ log: true }`, on a grid with `{ step }`. */
  suggestFloat(name: string, low: number, high: number, options: SuggestFloatOptions = {}): number {
    return this.suggestDistribution(name, floatDistribution(low, high, options)) as number;
  }

  /** An integer in `[low, high]`, on a log scale with `{ log: true }`, every `step`-th with `{ step }`. */
  suggestInt(name: string, low: number, high: number, options: SuggestIntOptions = {}): number {
    return Math.trunc(this.suggestDistribution(name, intDistribution(low, high, options)) as number);
  }

  /** One of `choices` (null, booleans, numbers or strings). */
  suggestCategorical<T extends ParamValue>(name: string, choices: readonly T[]): T {
    return this.suggestDistribution(name, new CategoricalDistribution(choices)) as T;
  }

  /**
   * Report an intermediate objective value at `step` (an integer ≥ 0), which
   * pruners compare across trials. A step already reported is ignored with a
   * warning, as in Optuna.
   */
  report(value: number, step: number): void {
    if (this.study.directions.length > 1) throw new Error("Trial.report is not supported for multi-objective optimization.");
    if (typeof value !== "number") throw new TypeError(`The \`value\` argument is of type '${typeof value}' but supposed to be a float.`);
    if (!Number.isInteger(step)) throw new TypeError(`The \`step\` argument is ${String(step)} but must be an integer.`);
    if (step < 0) throw new RangeError(`The \`step\` argument is ${step} but cannot be negative.`);
    if (this.cache.intermediateValues.has(step)) {
      warn(`The reported value is ignored because this \`step\` ${step} is already reported.`);
      return;
    }
    this.study.storage.setTrialIntermediateValue(this.trialId, step, value);
    this.cache.intermediateValues.set(step, value);
  }

  /** Whether the study's pruner says to stop this trial now (then `throw new tune.TrialPruned()`). */
  shouldPrune(): boolean {
    if (this.study.directions.length > 1) throw new Error("Trial.should_prune is not supported for multi-objective optimization.");
    return this.study.pruner.prune(this.study, this.study.storage.getTrial(this.trialId));
  }

  /** Attach a JSON-serialisable value to the trial. */
  setUserAttr(key: string, value: unknown): void {
    this.study.storage.setTrialUserAttr(this.trialId, key, value);
    this.cache.userAttrs[key] = value;
  }

  /**
   * @internal A value of `name` from `d` (what every `suggest*` does; workers
   * call it through the main thread), warning when `d` differs from an
   * earlier suggestion of the name.
   */
  suggestDistribution(name: string, d: Distribution): ParamValue {
    const value = this.suggest(name, d);
    this.checkConsistent(name, d);
    return value;
  }

  /** Optuna's `Trial._suggest`: reuse, fixed (enqueued), single-valued, relative, else independent. */
  private suggest(name: string, d: Distribution): ParamValue {
    const trial = this.latest();
    const known = trial.distributions[name];
    if (known !== undefined) {
      checkDistributionCompatibility(known, d);
      return trial.params[name];
    }
    let value: ParamValue;
    const fixed = this.fixedParams();
    if (fixed !== undefined && name in fixed) {
      value = fixed[name];
      if (!d.contains(d.toInternalRepr(value))) warn(`Fixed parameter '${name}' with value ${String(value)} is out of range for distribution ${distributionToJson(d)}.`);
    } else if (d.single()) {
      value = singleValue(d);
    } else if (this.isRelative(name, d)) {
      value = this.relativeParams[name];
    } else {
      value = this.study.sampler.sampleIndependent(filterStudy(this.study, trial), trial, name, d);
    }
    this.study.storage.setTrialParam(this.trialId, name, d.toInternalRepr(value), d);
    this.cache.distributions[name] = d;
    this.cache.params[name] = d.toExternalRepr(d.toInternalRepr(value));
    return this.cache.params[name];
  }

  private fixedParams(): Record<string, ParamValue> | undefined {
    return this.cache.systemAttrs.fixed_params as Record<string, ParamValue> | undefined;
  }

  private isRelative(name: string, d: Distribution): boolean {
    if (!(name in this.relativeParams)) return false;
    const space = this.relativeSearchSpace[name];
    if (space === undefined) throw new RangeError(`The parameter '${name}' was sampled by \`sample_relative\` method but it is not contained in the relative search space.`);
    checkDistributionCompatibility(space, d);
    return d.contains(d.toInternalRepr(this.relativeParams[name]));
  }

  /** Optuna warns, without failing, when a name is suggested again with another range. */
  private checkConsistent(name: string, d: Distribution): void {
    const old = this.cache.distributions[name];
    if (old !== undefined && !distributionEquals(old, d)) {
      warn(`Inconsistent parameter values for distribution with name "${name}"! This might be a configuration mistake. Optuna allows to call the same distribution with the same name more than once in a trial. When the parameter values are inconsistent optuna only uses the values of the first call and ignores all following. Using these values: ${JSON.stringify(old.attributes())}`);
    }
  }

  /** The cached trial with the storage's current system attributes (a sampler may have added some). */
  private latest(): FrozenTrial {
    this.cache.systemAttrs = { ...this.study.storage.getTrial(this.trialId).systemAttrs };
    return { ...this.cache, trialId: this.trialId, state: "RUNNING", values: null, datetimeComplete: null };
  }
}
