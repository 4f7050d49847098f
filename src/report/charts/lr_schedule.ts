import type { EChartsOption, LineSeriesOption } from "echarts";
import { defineChart } from "../chart.js";
import { LEGEND_TOP, baseOption } from "../theme.js";

/** One named curve: the lr at steps 0, 1, … (what `previewLr` returns). */
export interface LrSeries {
  name: string;
  lr: readonly number[];
}

/** Options of {@link lrSchedule}. */
export interface LrScheduleOptions {
  /** Default "Learning-rate schedule". */
  title?: string;
  /** Label of the x axis. Default "step". */
  xName?: string;
}

function build(input: readonly number[] | readonly LrSeries[], o: LrScheduleOptions): EChartsOption {
  const curves: readonly LrSeries[] = typeof input[0] === "number" ? [{ name: "lr", lr: input as readonly number[] }] : (input as readonly LrSeries[]);
  if (curves.length === 0 || curves.some((c) => c.lr.length === 0)) throw new RangeError("lrSchedule: needs at least one non-empty curve");
  const series: LineSeriesOption[] = curves.map((c) => ({
    type: "line",
    name: c.name,
    showSymbol: false,
    // Long schedules (Noam over 20 000 steps) are thinned to what the width can show, keeping the peaks.
    sampling: "lttb",
    lineStyle: { width: 2 },
    data: c.lr.map((v, t) => [t, v]),
  }));
  return baseOption(o.title ?? "Learning-rate schedule", {
    legend: { ...LEGEND_TOP, data: curves.map((c) => c.name) },
    grid: { left: 80, right: 30, top: 70, bottom: 46 },
    xAxis: { type: "value", name: o.xName ?? "step", nameLocation: "middle", nameGap: 28, min: 0, max: Math.max(...curves.map((c) => c.lr.length - 1)) },
    yAxis: { type: "value", name: "learning rate", nameLocation: "middle", nameGap: 62 },
    series,
  });
}

/**
 * One or more learning-rate schedules on one chart, from `previewLr`:
 *
 * ```ts
 * const noam = (modelSize: number, warmup: number) => ({
 *   name: `${modelSize}:${warmup}`,
 *   lr: optim.lrScheduler.previewLr({ type: "noam", modelSize, warmup }, 20000),
 * });
 * report.lrSchedule([noam(512, 4000), noam(512, 8000), noam(256, 4000)]);
 * ```
 */
export const lrSchedule = defineChart<readonly number[] | readonly LrSeries[], LrScheduleOptions>("lr-schedule", ["title", "xName"], build);
