import type { EChartsOption } from "echarts";
import { defineChart } from "../chart.js";
import { axisValue, paramAxis } from "../param_axis.js";
import { completed, distributionOf, maximizes, needTrials, paramNames, type StudyLike, type TargetOptions } from "../study.js";
import { RAMP, baseOption } from "../theme.js";

/** Options of {@link parallelCoordinates}. */
export interface ParallelCoordinatesOptions extends TargetOptions {
  /** Parameters to draw, in order. Default: every parameter, sorted by name. */
  params?: readonly string[];
  /** Default "Parallel coordinates". */
  title?: string;
}

function build(study: StudyLike, o: ParallelCoordinatesOptions): EChartsOption {
  const done = completed(study, o);
  needTrials("parallelCoordinates", done);
  const names = o.params ?? paramNames(done);
  const dists = names.map((n) => distributionOf(done, n));
  // A trial that did not use every drawn parameter (conditional spaces) has no line.
  const lines = done.filter(({ trial }) => names.every((n) => n in trial.params));
  const values = done.map((s) => s.value);
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const max = maximizes(study, o);
  const target = o.targetName ?? "objective value";
  return baseOption(o.title ?? "Parallel coordinates", {
    tooltip: { trigger: "item" },
    parallel: { left: 70, right: 90, top: 80, bottom: 40 },
    parallelAxis: [
      { dim: 0, name: target, type: "value", scale: true },
      ...names.map((n, i) => ({ dim: i + 1, name: n, ...paramAxis(dists[i]) })),
    ],
    // Better trials are darker, whichever the direction.
    visualMap: {
      type: "continuous",
      dimension: 0,
      min: lo,
      max: hi === lo ? lo + 1 : hi,
      inRange: { color: max ? RAMP.slice(1) : RAMP.slice(1).reverse() },
      right: 8,
      top: "middle",
      itemHeight: 160,
      text: max ? ["better", "worse"] : ["worse", "better"],
      calculable: false,
    },
    series: [
      {
        type: "parallel",
        name: "trials",
        lineStyle: { width: 1.5, opacity: 0.8 },
        data: lines.map(({ trial, value }) => [value, ...names.map((n, i) => axisValue(dists[i], trial.params[n]))]),
      },
    ],
  });
}

/** One line per complete trial through the objective value and every parameter (Optuna's `plot_parallel_coordinate`). */
export const parallelCoordinates = defineChart<StudyLike, ParallelCoordinatesOptions>("parallel-coordinates", ["params", "objective", "targetName", "title"], build);
