import type { EChartsOption, ScatterSeriesOption } from "echarts";
import { defineChart } from "../chart.js";
import { DECADES, log10 } from "../param_axis.js";
import { LEGEND_TOP, MUTED, PALETTE, baseOption, shortNumber } from "../theme.js";

/** What the chart reads of `lrFind`'s result. */
export interface LrFinderLike {
  lrs: readonly number[];
  losses: readonly number[];
  smoothed: readonly number[];
  suggestions: Readonly<Record<string, number>>;
}

/** Options of {@link lrFinder}. */
export interface LrFinderOptions {
  /** Default "Learning-rate finder". */
  title?: string;
}

/** The smoothed loss at the recorded lr nearest to `lr` (suggestions are recorded lrs, or a tenth of one). */
function lossNear(r: LrFinderLike, lr: number): number {
  let best = 0;
  for (let i = 1; i < r.lrs.length; i++) if (Math.abs(r.lrs[i] - lr) < Math.abs(r.lrs[best] - lr)) best = i;
  return r.smoothed[best];
}

function build(r: LrFinderLike, o: LrFinderOptions): EChartsOption {
  if (r.lrs.length === 0 || r.lrs.length !== r.smoothed.length || r.lrs.length !== r.losses.length) {
    throw new RangeError(`lrFinder: lrs, losses and smoothed must be non-empty and of one length, got ${r.lrs.length}, ${r.losses.length}, ${r.smoothed.length}`);
  }
  const finite = (v: number) => Number.isFinite(v) && v > 0;
  const marks: ScatterSeriesOption[] = Object.entries(r.suggestions)
    .filter(([, lr]) => finite(lr))
    .map(([name, lr], i) => ({
      type: "scatter",
      name: `${name} ${shortNumber(lr)}`,
      symbolSize: 11,
      color: PALETTE[(i + 1) % PALETTE.length],
      z: 5,
      data: [[log10(lr), lossNear(r, lr)]],
    }));
  const points = (ys: readonly number[]) => r.lrs.flatMap((lr, i) => (Number.isFinite(ys[i]) ? [[log10(lr), ys[i]]] : []));
  return baseOption(o.title ?? "Learning-rate finder", {
    tooltip: { trigger: "item" },
    legend: { ...LEGEND_TOP },
    grid: { left: 70, right: 30, top: 70, bottom: 46 },
    xAxis: { type: "value", name: "learning rate", nameLocation: "middle", nameGap: 28, min: Math.floor(log10(r.lrs[0])), max: Math.ceil(log10(r.lrs[r.lrs.length - 1])), ...DECADES },
    yAxis: { type: "value", scale: true, name: "loss", nameLocation: "middle", nameGap: 50, axisLine: { onZero: false } },
    series: [
      { type: "line", name: "loss", showSymbol: false, color: MUTED, lineStyle: { width: 1, opacity: 0.6 }, data: points(r.losses) },
      { type: "line", name: "smoothed", showSymbol: false, color: PALETTE[0], lineStyle: { width: 2.5 }, data: points(r.smoothed) },
      ...marks,
    ],
  });
}

/**
 * The LR range test: loss and smoothed loss against a logarithmic learning
 * rate (`init()` must have run, as for `lrFind`), with each of `lrFind`'s suggestions (valley, slide, minimum, steep)
 * marked on the smoothed curve.
 */
export const lrFinder = defineChart<LrFinderLike, LrFinderOptions>("lr-finder", ["title"], build);
