import type { EChartsOption } from "echarts";
import { defineChart } from "../chart.js";
import { axisValue, paramAxis } from "../param_axis.js";
import { completed, distributionOf, maximizes, needTrials, paramNames, type DistributionLike, type StudyLike, type TargetOptions } from "../study.js";
import { RAMP, baseOption } from "../theme.js";

/** Options of {@link contour}. */
export interface ContourOptions extends TargetOptions {
  /** The two parameters on the x and y axes. Default: the first two by name. */
  params?: readonly [string, string];
  /** Cells per numeric axis of the interpolated surface. Default 30. */
  resolution?: number;
  /** Default "Contour plot". */
  title?: string;
}

/** Where a value sits on its axis, from 0 to 1 (a category: the centre of its band). */
function position(d: DistributionLike, v: number | string | boolean | null): number {
  if (d.kind === "categorical") return (d.choices.findIndex((c) => String(c) === String(v)) + 0.5) / d.choices.length;
  const { min, max } = paramAxis(d) as { min: number; max: number };
  return max === min ? 0.5 : ((axisValue(d, v) as number) - min) / (max - min);
}

const cellCount = (d: DistributionLike, resolution: number) => (d.kind === "categorical" ? d.choices.length : resolution);

function build(study: StudyLike, o: ContourOptions): EChartsOption {
  const done = completed(study, o);
  needTrials("contour", done);
  const names = o.params ?? paramNames(done).slice(0, 2);
  if (names.length !== 2) throw new RangeError(`contour: needs two parameters, the study has ${names.length === 1 ? `only "${names[0]}"` : "none"}`);
  const resolution = o.resolution ?? 30;
  if (!(Number.isInteger(resolution) && resolution >= 2 && resolution <= 200)) throw new RangeError(`contour: resolution must be an integer from 2 to 200, got ${resolution}`);
  const [dx, dy] = names.map((n) => distributionOf(done, n));
  const pts = done.filter(({ trial }) => names[0] in trial.params && names[1] in trial.params);
  if (pts.length === 0) throw new RangeError(`contour: no complete trial has both "${names[0]}" and "${names[1]}"`);
  const px = pts.map(({ trial }) => position(dx, trial.params[names[0]]));
  const py = pts.map(({ trial }) => position(dy, trial.params[names[1]]));
  const [nx, ny] = [cellCount(dx, resolution), cellCount(dy, resolution)];
  // The surface between trials: inverse-squared-distance weighting in axis
  // coordinates (a trial's own cell takes its value). Optuna interpolates
  // linearly inside the trials' convex hull; this fills the whole box.
  const cells: [number, number, number][] = [];
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      const cx = (i + 0.5) / nx;
      const cy = (j + 0.5) / ny;
      let num = 0;
      let den = 0;
      let exact = NaN;
      for (let k = 0; k < pts.length; k++) {
        const d2 = (px[k] - cx) ** 2 + (py[k] - cy) ** 2;
        if (d2 < 1e-12) exact = pts[k].value;
        num += pts[k].value / d2;
        den += 1 / d2;
      }
      cells.push([i, j, Number((Number.isNaN(exact) ? num / den : exact).toPrecision(6))]);
    }
  }
  const values = pts.map((s) => s.value);
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const max = maximizes(study, o);
  const grid = { left: 80, right: 110, top: 50, bottom: 56 };
  const hidden = { show: false };
  return baseOption(o.title ?? "Contour plot", {
    tooltip: { trigger: "item" },
    // Two grids in the same place: the category grid of the surface's cells,
    // and the parameters' own axes (log, linear, categories) for the trials.
    grid: [grid, grid],
    xAxis: [
      { type: "category", gridIndex: 0, data: Array.from({ length: nx }, (_, i) => String(i)), axisLine: hidden, axisTick: hidden, axisLabel: hidden },
      { gridIndex: 1, name: names[0], nameLocation: "middle", nameGap: 30, ...paramAxis(dx) },
    ],
    yAxis: [
      { type: "category", gridIndex: 0, data: Array.from({ length: ny }, (_, j) => String(j)), axisLine: hidden, axisTick: hidden, axisLabel: hidden },
      { gridIndex: 1, name: names[1], nameLocation: "middle", nameGap: 58, ...paramAxis(dy) },
    ],
    visualMap: {
      type: "continuous",
      seriesIndex: 0,
      dimension: 2,
      min: lo,
      max: hi === lo ? lo + 1 : hi,
      inRange: { color: max ? RAMP : RAMP.slice().reverse() },
      right: 10,
      top: "middle",
      itemHeight: 200,
      text: max ? ["better", "worse"] : ["worse", "better"],
    },
    series: [
      { type: "heatmap", name: "interpolated", xAxisIndex: 0, yAxisIndex: 0, silent: true, data: cells },
      {
        type: "scatter",
        name: "trials",
        xAxisIndex: 1,
        yAxisIndex: 1,
        symbolSize: 7,
        itemStyle: { color: "#ffffff", borderColor: "#222222", borderWidth: 1 },
        data: pts.map(({ trial, value }) => [axisValue(dx, trial.params[names[0]]), axisValue(dy, trial.params[names[1]]), value]),
      },
    ],
  });
}

/**
 * The objective over two parameters (Optuna's `plot_contour`): an
 * interpolated surface with the trials on top. A log-scaled parameter needs
 * `init()` first (its positions go through the deterministic `log`).
 */
export const contour = defineChart<StudyLike, ContourOptions>("contour", ["params", "resolution", "objective", "targetName", "title"], build);
