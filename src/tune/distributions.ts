// Search-space distributions with Optuna's semantics (optuna.distributions,
// 3.1): the same validation and wording, the same "internal representation"
// (a float; a categorical value is its index) that samplers work in, and the
// same JSON, so journals and databases are shared with Optuna.

import { PyFloat, pythonJsonDumps, pythonJsonLoads } from "./python_json.js";

/** A parameter value as the objective sees it. */
export type ParamValue = number | string | boolean | null;

/** Decimal value of a number's shortest round-trip string, as `mantissa · 10^-scale`. */
function decimal(x: number): { m: bigint; scale: number } {
  const [coef, expPart] = String(x).toLowerCase().split("e");
  const exp10 = expPart === undefined ? 0 : Number(expPart);
  const [int, frac = ""] = coef.split(".");
  const scale = frac.length - exp10;
  const m = BigInt(int + frac);
  return scale >= 0 ? { m, scale } : { m: m * 10n ** BigInt(-scale), scale: 0 };
}

/**
 * The largest `low + k·step` not above `high`, computed in decimal as Optuna
 * does (so `suggestFloat("x", 0, 1, { step: 0.1 })` keeps `high = 1`, not 0.9999…).
 */
function adjustDiscreteHigh(low: number, high: number, step: number): number {
  const [l, h, s] = [decimal(low), decimal(high), decimal(step)];
  const scale = Math.max(l.scale, h.scale, s.scale);
  const up = (d: { m: bigint; scale: number }) => d.m * 10n ** BigInt(scale - d.scale);
  const [L, H, S] = [up(l), up(h), up(s)];
  const r = H - L;
  if (r % S === 0n) return high;
  let k = r / S;
  if (r < 0n && r % S !== 0n) k -= 1n;
  const v = k * S + L;
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString().padStart(scale + 1, "0");
  const text = `${neg ? "-" : ""}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale) || "0"}`;
  return Number(text);
}

function checkNumber(value: unknown, what: string): number {
  if (typeof value !== "number" || Number.isNaN(value)) throw new TypeError(`The \`${what}\` value must be a number, got ${String(value)}.`);
  return value;
}

/** Reject a value that cannot be a float parameter (Optuna's `to_internal_repr` errors). */
function numericInternal(external: unknown, log: boolean): number {
  const v = typeof external === "number" ? external : typeof external === "boolean" ? Number(external) : NaN;
  if (typeof external !== "number" && typeof external !== "boolean") {
    throw new TypeError(`'${String(external)}' is not a valid type. float-castable value is expected.`);
  }
  if (Number.isNaN(v)) throw new RangeError(`\`${String(external)}\` is invalid value.`);
  if (log && v <= 0) throw new RangeError(`\`${String(external)}\` is invalid value for the case log=True.`);
  return v;
}

/** A float range, optionally on a log scale or discretised by `step` (Optuna's `FloatDistribution`). */
export class FloatDistribution {
  readonly kind = "float" as const;
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number | null;

  constructor(low: number, high: number, log = false, step: number | null = null) {
    checkNumber(low, "low");
    checkNumber(high, "high");
    if (log && step !== null) throw new RangeError("The parameter `step` is not supported when `log` is true.");
    if (low > high) throw new RangeError(`The \`low\` value must be smaller than or equal to the \`high\` value (low=${low}, high=${high}).`);
    if (log && low <= 0) throw new RangeError(`The \`low\` value must be larger than 0 for a log distribution (low=${low}, high=${high}).`);
    if (step !== null && !(step > 0)) throw new RangeError(`The \`step\` value must be non-zero positive value, but step=${step}.`);
    this.low = low;
    this.high = step === null ? high : adjustDiscreteHigh(low, high, step);
    this.log = log;
    this.step = step;
  }

  /** Whether only one value is possible. */
  single(): boolean {
    if (this.step === null || this.low === this.high) return this.low === this.high;
    const [l, h, s] = [decimal(this.low), decimal(this.high), decimal(this.step)];
    const scale = Math.max(l.scale, h.scale, s.scale);
    const up = (d: { m: bigint; scale: number }) => d.m * 10n ** BigInt(scale - d.scale);
    return up(h) - up(l) < up(s);
  }

  /** Whether an internal value lies in the range (and on the step grid). */
  contains(internal: number): boolean {
    if (!(this.low <= internal && internal <= this.high)) return false;
    if (this.step === null) return true;
    const k = (internal - this.low) / this.step;
    return Math.abs(k - Math.round(k)) < 1e-8;
  }

  toInternalRepr(external: ParamValue): number {
    return numericInternal(external, this.log);
  }

  toExternalRepr(internal: number): number {
    return internal;
  }

  /** Optuna's `_asdict()`: the attributes its JSON stores. */
  attributes(): Record<string, unknown> {
    return { step: this.step, low: this.low, high: this.high, log: this.log };
  }
}

/** An integer range, optionally on a log scale or with a `step` (Optuna's `IntDistribution`). */
export class IntDistribution {
  readonly kind = "int" as const;
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number;

  constructor(low: number, high: number, log = false, step = 1) {
    checkNumber(low, "low");
    checkNumber(high, "high");
    checkNumber(step, "step");
    if (log && step !== 1) throw new RangeError("Samplers and other components in Optuna only accept step is 1 when `log` argument is True.");
    if (low > high) throw new RangeError(`The \`low\` value must be smaller than or equal to the \`high\` value (low=${low}, high=${high}).`);
    if (log && low < 1) throw new RangeError(`The \`low\` value must be equal to or greater than 1 for a log distribution (low=${low}, high=${high}).`);
    if (step <= 0) throw new RangeError(`The \`step\` value must be non-zero positive value, but step=${step}.`);
    // Python's int() truncates toward zero.
    this.low = Math.trunc(low);
    this.step = Math.trunc(step);
    const high0 = Math.trunc(high);
    const r = high0 - this.low;
    this.high = r % this.step === 0 ? high0 : Math.floor(r / this.step) * this.step + this.low;
    this.log = log;
  }

  single(): boolean {
    if (this.log || this.low === this.high) return this.low === this.high;
    return this.high - this.low < this.step;
  }

  contains(internal: number): boolean {
    return this.low <= internal && internal <= this.high && (internal - this.low) % this.step === 0;
  }

  toInternalRepr(external: ParamValue): number {
    return numericInternal(external, this.log);
  }

  toExternalRepr(internal: number): number {
    return Math.trunc(internal);
  }

  attributes(): Record<string, unknown> {
    return { log: this.log, step: this.step, low: this.low, high: this.high };
  }
}

/** Equality of categorical choices, NaN equal to NaN (Optuna's `_categorical_choice_equal`). */
function choiceEqual(a: ParamValue, b: ParamValue): boolean {
  return a === b || (typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b));
}

/** A choice among values (Optuna's `CategoricalDistribution`); the internal value is the index. */
export class CategoricalDistribution {
  readonly kind = "categorical" as const;
  readonly choices: readonly ParamValue[];

  constructor(choices: readonly ParamValue[]) {
    if (!Array.isArray(choices) || choices.length === 0) throw new RangeError("The `choices` must contain one or more elements.");
    for (const c of choices) {
      if (c !== null && !["number", "string", "boolean"].includes(typeof c)) {
        throw new TypeError(`Choices for a categorical distribution should be a tuple of None, bool, int, float and str for persistent storage but contains ${String(c)} which is of type ${typeof c}.`);
      }
    }
    this.choices = Object.freeze([...choices]);
  }

  single(): boolean {
    return this.choices.length === 1;
  }

  contains(internal: number): boolean {
    const i = Math.trunc(internal);
    return 0 <= i && i < this.choices.length;
  }

  toInternalRepr(external: ParamValue): number {
    const i = this.choices.findIndex((c) => choiceEqual(c, external));
    if (i < 0) throw new RangeError(`'${String(external)}' not in ${JSON.stringify(this.choices)}.`);
    return i;
  }

  toExternalRepr(internal: number): ParamValue {
    return this.choices[Math.trunc(internal)];
  }

  attributes(): Record<string, unknown> {
    return { choices: [...this.choices] };
  }
}

/** Any search-space distribution. */
export type Distribution = FloatDistribution | IntDistribution | CategoricalDistribution;

const CLASS_NAME = { float: "FloatDistribution", int: "IntDistribution", categorical: "CategoricalDistribution" } as const;

/** Optuna's `distribution_to_json`: `{"name": "FloatDistribution", "attributes": {...}}`. */
export function distributionToJson(d: Distribution): string {
  // Python's json.dumps of the attributes, floats as floats (`1.0`, `1e-05`): Optuna's exact text.
  const attributes = d.attributes();
  if (d.kind === "float") for (const k of ["low", "high", "step"]) if (attributes[k] !== null) attributes[k] = new PyFloat(attributes[k] as number);
  return pythonJsonDumps({ name: CLASS_NAME[d.kind], attributes });
}

/**
 * Optuna's `json_to_distribution`, including the deprecated classes older
 * Optuna versions wrote (converted to their modern form) and the abbreviated
 * `{"type": "float", ...}` format.
 */
export function jsonToDistribution(json: string | Record<string, any>): Distribution {
  const o = (typeof json === "string" ? pythonJsonLoads(json) : json) as Record<string, any>;
  if (o === null || typeof o !== "object") throw new TypeError(`Not a distribution: ${String(json)}`);
  if ("name" in o) {
    const a = o.attributes ?? {};
    switch (o.name) {
      case "FloatDistribution": return new FloatDistribution(a.low, a.high, a.log ?? false, a.step ?? null);
      case "UniformDistribution": return new FloatDistribution(a.low, a.high);
      case "LogUniformDistribution": return new FloatDistribution(a.low, a.high, true);
      case "DiscreteUniformDistribution": return new FloatDistribution(a.low, a.high, false, a.q);
      case "IntDistribution": return new IntDistribution(a.low, a.high, a.log ?? false, a.step ?? 1);
      case "IntUniformDistribution": return new IntDistribution(a.low, a.high, false, a.step ?? 1);
      case "IntLogUniformDistribution": return new IntDistribution(a.low, a.high, true, a.step ?? 1);
      case "CategoricalDistribution": return new CategoricalDistribution(a.choices);
      default: throw new RangeError(`Unknown distribution class: ${o.name}`);
    }
  }
  switch (o.type) {
    case "categorical": return new CategoricalDistribution(o.choices);
    case "float": return new FloatDistribution(o.low, o.high, o.log ?? false, o.step ?? null);
    case "int": return new IntDistribution(o.low, o.high, o.log ?? false, o.step ?? 1);
    default: throw new RangeError(`Unknown distribution type: ${o.type}`);
  }
}

/** Whether two distributions are the same (kind and every attribute; NaN choices equal). */
export function distributionEquals(a: Distribution, b: Distribution): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "categorical") {
    const bc = (b as CategoricalDistribution).choices;
    return a.choices.length === bc.length && a.choices.every((c, i) => choiceEqual(c, bc[i]));
  }
  const x = a as FloatDistribution | IntDistribution;
  const y = b as FloatDistribution | IntDistribution;
  return x.low === y.low && x.high === y.high && x.log === y.log && x.step === y.step;
}

/**
 * Optuna's `check_distribution_compatibility`: the same parameter name may be
 * suggested again with another range, but not with another kind, another
 * log setting, or other categorical choices.
 */
export function checkDistributionCompatibility(old: Distribution, next: Distribution): void {
  if (old.kind !== next.kind) throw new RangeError("Cannot set different distribution kind to the same parameter name.");
  if (old.kind !== "categorical" && old.log !== (next as FloatDistribution | IntDistribution).log) {
    throw new RangeError("Cannot set different log configuration to the same parameter name.");
  }
  if (old.kind === "categorical" && !distributionEquals(old, next)) {
    throw new RangeError("CategoricalDistribution does not support dynamic value space.");
  }
}

/** The one value a `single()` distribution allows. */
export function singleValue(d: Distribution): ParamValue {
  return d.kind === "categorical" ? d.choices[0] : d.low;
}
