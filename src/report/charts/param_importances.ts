import type { EChartsOption } from "echarts";
import { defineChart } from "../chart.js";
import { PALETTE, baseOption } from "../theme.js";

/** Options of {@link paramImportances}. */
export interface ParamImportancesOptions {
  /** Default "Hyperparameter importances". */
  title?: string;
}

function build(importances: Readonly<Record<string, number>>, o: ParamImportancesOptions): EChartsOption {
  const entries = Object.entries(importances);
  if (entries.length === 0) throw new RangeError("paramImportances: no importances to plot");
  for (const [k, v] of entries) if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`paramImportances: the importance of "${k}" must be a finite non-negative number, got ${v}`);
  // Most important at the top: a category axis draws its first entry at the bottom.
  entries.sort((a, b) => a[1] - b[1]);
  return baseOption(o.title ?? "Hyperparameter importances", {
    tooltip: { trigger: "item" },
    grid: { left: 130, right: 60, top: 50, bottom: 46 },
    xAxis: { type: "value", name: "importance", nameLocation: "middle", nameGap: 28, min: 0 },
    yAxis: { type: "category", data: entries.map(([k]) => k) },
    series: [{ type: "bar", name: "importance", color: PALETTE[0], label: { show: true, position: "right", formatter: "{c}" }, data: entries.map(([, v]) => Number(v.toFixed(3))) }],
  });
}

/** A horizontal bar per hyperparameter, most important on top, from `tune.importance(study)` (Optuna's `plot_param_importances`). */
export const paramImportances = defineChart<Readonly<Record<string, number>>, ParamImportancesOptions>("param-importances", ["title"], build, (imp) => ({
  width: 640,
  height: Math.max(240, 110 + 34 * Object.keys(imp).length),
}));
