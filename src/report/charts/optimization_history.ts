import type { EChartsOption } from "echarts";
import { defineChart } from "../chart.js";
import { completed, maximizes, needTrials, type StudyLike, type TargetOptions } from "../study.js";
import { LEGEND_TOP, PALETTE, baseOption } from "../theme.js";

/** Options of {@link optimizationHistory}. */
export interface OptimizationHistoryOptions extends TargetOptions {
  /** Default "Optimization history". */
  title?: string;
}

function build(study: StudyLike, o: OptimizationHistoryOptions): EChartsOption {
  const done = completed(study, o);
  needTrials("optimizationHistory", done);
  const max = maximizes(study, o);
  let best = max ? -Infinity : Infinity;
  const bestSoFar = done.map(({ trial, value }) => {
    best = max ? Math.max(best, value) : Math.min(best, value);
    return [trial.number, best];
  });
  return baseOption(o.title ?? "Optimization history", {
    tooltip: { trigger: "item" },
    legend: { ...LEGEND_TOP, data: ["objective value", "best value"] },
    grid: { left: 70, right: 30, top: 70, bottom: 46 },
    xAxis: { type: "value", name: "trial", nameLocation: "middle", nameGap: 28, minInterval: 1 },
    yAxis: { type: "value", scale: true, name: o.targetName ?? "objective value", nameLocation: "middle", nameGap: 50 },
    series: [
      { type: "scatter", name: "objective value", color: PALETTE[0], symbolSize: 7, data: done.map(({ trial, value }) => [trial.number, value]) },
      { type: "line", name: "best value", color: PALETTE[5], step: "end", showSymbol: false, lineStyle: { width: 2 }, data: bestSoFar },
    ],
  });
}

/** Each complete trial's objective value by trial number, and the best value so far (Optuna's `plot_optimization_history`). */
export const optimizationHistory = defineChart<StudyLike, OptimizationHistoryOptions>("optimization-history", ["objective", "targetName", "title"], build);
