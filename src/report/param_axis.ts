import { log } from "../runtime/math.js";
import type { DistributionLike } from "./study.js";

/** An ECharts axis over a parameter's range: linear, decades, or one category per choice. */
export interface ParamAxis {
  type: "value" | "category";
  min?: number;
  max?: number;
  minInterval?: number;
  data?: string[];
  axisLabel?: { formatter?: string; interval?: number };
}

/**
 * log10 through the deterministic `log` (so `init()` must have run), rounded
 * to 12 digits so that exact decades stay integers (log10(1e-5) is -5, not
 * -4.999…) and label as such.
 */
export function log10(x: number): number {
  return Number((log(x) / log(10)).toPrecision(12));
}

/**
 * A logarithmic quantity is drawn on a linear axis of its log10 labelled
 * `1e-3`, `1e-2`, …: ECharts' own log axis prints float noise
 * (0.0000999999…) and option files must stay plain JSON, without formatter
 * functions.
 */
export const DECADES = { minInterval: 1, axisLabel: { formatter: "1e{value}" } } as const;

/** The axis for a distribution. */
export function paramAxis(d: DistributionLike): ParamAxis {
  if (d.kind === "categorical") return { type: "category", data: d.choices.map(String), axisLabel: { interval: 0 } };
  // Whole decades, so that the ends are labelled 1e-5 and 1e-1, not 1e-4.52.
  if (d.log) return { type: "value", min: Math.floor(log10(d.low)), max: Math.ceil(log10(d.high)), ...DECADES, axisLabel: { ...DECADES.axisLabel } };
  return { type: "value", min: d.low, max: d.high, ...(d.kind === "int" ? { minInterval: 1 } : {}) };
}

/** A parameter value as its axis takes it: the number, its log10, or the choice's label. */
export function axisValue(d: DistributionLike, v: number | string | boolean | null): number | string {
  if (d.kind === "categorical") return String(v);
  return d.log ? log10(v as number) : (v as number);
}
