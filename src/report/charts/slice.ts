import type { EChartsOption } from "echarts";
import { defineChart } from "../chart.js";
import { axisValue, paramAxis } from "../param_axis.js";
import { completed, distributionOf, needTrials, paramNames, type StudyLike, type TargetOptions } from "../study.js";
import { RAMP, baseOption } from "../theme.js";

/** Options of {@link slice}. */
export interface SliceOptions extends TargetOptions {
  /** Parameters to draw, one panel each. Default: every parameter, sorted by name. */
  params?: readonly string[];
  /** Default "Slice plot". */
  title?: string;
}

const COLUMNS = 3;
const PANEL_HEIGHT = 230;

function panels(study: StudyLike, o: SliceOptions): string[] {
  return [...(o.params ?? paramNames(completed(study, o)))];
}

function build(study: StudyLike, o: SliceOptions): EChartsOption {
  const done = completed(study, o);
  needTrials("slice", done);
  const names = panels(study, o);
  const cols = Math.min(COLUMNS, names.length);
  const rows = Math.ceil(names.length / cols);
  const top = 60;
  const cellW = 100 / cols;
  const grid = names.map((_, i) => {
    const r = Math.floor(i / cols);
    const c = i % cols;
    return { left: `${c * cellW + 7}%`, width: `${cellW - 10}%`, top: top + r * PANEL_HEIGHT, height: PANEL_HEIGHT - 80 };
  });
  const numbers = done.map((s) => s.trial.number);
  return baseOption(o.title ?? "Slice plot", {
    tooltip: { trigger: "item" },
    grid,
    xAxis: names.map((n, i) => ({ gridIndex: i, name: n, nameLocation: "middle", nameGap: 26, ...paramAxis(distributionOf(done, n)) })),
    yAxis: names.map((_, i) => ({ gridIndex: i, type: "value", scale: true, name: i % cols === 0 ? (o.targetName ?? "objective value") : "", nameLocation: "middle", nameGap: 46 })),
    // Later trials are darker: where the sampler went as the study went on.
    visualMap: { type: "continuous", dimension: 2, min: Math.min(...numbers), max: Math.max(...numbers, Math.min(...numbers) + 1), inRange: { color: RAMP.slice(1) }, show: false, seriesIndex: names.map((_, i) => i) },
    series: names.map((n, i) => {
      const d = distributionOf(done, n);
      return {
        type: "scatter",
        name: n,
        xAxisIndex: i,
        yAxisIndex: i,
        symbolSize: 7,
        itemStyle: { borderColor: "#555", borderWidth: 0.5 },
        data: done.filter(({ trial }) => n in trial.params).map(({ trial, value }) => [axisValue(d, trial.params[n]), value, trial.number]),
      };
    }),
  });
}

/** Objective value against each parameter, a panel per parameter, later trials darker (Optuna's `plot_slice`). */
export const slice = defineChart<StudyLike, SliceOptions>("slice", ["params", "objective", "targetName", "title"], build, (study, o) => ({
  width: 760,
  height: 60 + Math.ceil(panels(study, o).length / COLUMNS) * PANEL_HEIGHT,
}));
