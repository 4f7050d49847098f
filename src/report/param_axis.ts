import type { DistributionLike } from "./study.js";

/** An ECharts axis over a parameter's range: log, linear or one category per choice. */
export interface ParamAxis {
  type: "value" | "log" | "category";
  min?: number;
  max?: number;
  data?: string[];
}

/** The axis for a distribution. Categorical values are drawn as their choice's label. */
export function paramAxis(d: DistributionLike): ParamAxis {
  if (d.kind === "categorical") return { type: "category", data: d.choices.map(String) };
  return { type: d.log ? "log" : "value", min: d.low, max: d.high };
}

/** A parameter value as the axis takes it: the number, or the choice's label. */
export function axisValue(d: DistributionLike, v: number | string | boolean | null): number | string {
  return d.kind === "categorical" ? String(v) : (v as number);
}
