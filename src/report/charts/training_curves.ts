import type { EChartsOption, LineSeriesOption } from "echarts";
import { defineChart } from "../chart.js";
import { LEGEND_TOP, MUTED, PALETTE, baseOption } from "../theme.js";

/** What the chart reads of a `History` (a `History` or its `toJSON()`). */
export interface HistoryLike {
  /** Recorded epochs, 0-based. */
  epochs: readonly number[];
  /** Per-epoch values by name (`loss`, `val_loss`, `val_roc_auc`, …). */
  metrics: Readonly<Record<string, readonly number[]>>;
}

/** Options of {@link trainingCurves}. */
export interface TrainingCurvesOptions {
  /** Epoch whose weights were kept (0-based, as `EarlyStopping.bestEpoch`): a vertical line. */
  bestEpoch?: number;
  /** Epoch after which early stopping ended the run (0-based): a vertical line. */
  stopEpoch?: number;
  /** Names to draw. Default: every name in the history. */
  metrics?: readonly string[];
  /** Default "Training curves". */
  title?: string;
}

const isLoss = (name: string) => name.replace(/^val_/, "") === "loss";

function marks(o: TrainingCurvesOptions): LineSeriesOption["markLine"] {
  const data = [];
  if (o.bestEpoch !== undefined) data.push({ xAxis: o.bestEpoch + 1, name: "best", label: { formatter: "best {c}" }, lineStyle: { color: PALETTE[2] } });
  if (o.stopEpoch !== undefined) data.push({ xAxis: o.stopEpoch + 1, name: "stopped", label: { formatter: "stopped {c}" }, lineStyle: { color: MUTED } });
  return { symbol: "none", silent: true, lineStyle: { type: "dashed", width: 1.5 }, label: { position: "insideEndTop" }, data };
}

function build(history: HistoryLike, o: TrainingCurvesOptions): EChartsOption {
  const names = o.metrics ?? Object.keys(history.metrics);
  for (const n of names) if (!(n in history.metrics)) throw new RangeError(`trainingCurves: the history has no "${n}"; it has ${Object.keys(history.metrics).join(", ")}`);
  if (history.epochs.length === 0) throw new RangeError("trainingCurves: the history has no epochs");
  for (const [name, v] of [["bestEpoch", o.bestEpoch], ["stopEpoch", o.stopEpoch]] as const) {
    if (v !== undefined && !history.epochs.includes(v)) throw new RangeError(`trainingCurves: ${name} ${v} is not an epoch of the history (0-based, ${history.epochs[0]}…${history.epochs.at(-1)})`);
  }
  const panels = [names.filter(isLoss), names.filter((n) => !isLoss(n))].filter((p) => p.length > 0);
  // Train and validation values of one quantity share a colour; validation is dashed.
  const bases = [...new Set(names.map((n) => n.replace(/^val_/, "")))];
  const series: LineSeriesOption[] = [];
  panels.forEach((panel, g) => {
    panel.forEach((name, i) => {
      const col = history.metrics[name];
      const data: [number, number][] = [];
      history.epochs.forEach((e, k) => Number.isFinite(col[k]) && data.push([e + 1, col[k]]));
      series.push({
        type: "line",
        name,
        xAxisIndex: g,
        yAxisIndex: g,
        data,
        showSymbol: data.length <= 30,
        symbolSize: 5,
        color: PALETTE[bases.indexOf(name.replace(/^val_/, "")) % PALETTE.length],
        lineStyle: { width: 2, type: name.startsWith("val_") ? "dashed" : "solid" },
        ...(i === 0 && (o.bestEpoch !== undefined || o.stopEpoch !== undefined) ? { markLine: marks(o) } : {}),
      });
    });
  });
  const last = history.epochs[history.epochs.length - 1] + 1;
  const grids = panels.length === 1 ? [{ top: 70, bottom: 46 }] : [{ top: 70, bottom: "54%" }, { top: "56%", bottom: 46 }];
  return baseOption(o.title ?? "Training curves", {
    legend: { ...LEGEND_TOP, data: [...names] },
    grid: grids.map((g) => ({ left: 70, right: 30, ...g })),
    xAxis: panels.map((_, g) => ({ type: "value", gridIndex: g, min: history.epochs[0] + 1, max: last, minInterval: 1, name: g === panels.length - 1 ? "epoch" : "", nameLocation: "middle", nameGap: 28 })),
    // Scores that cannot pass 1 (accuracy, AUC) get an axis that stops there, not at 1.02.
    yAxis: panels.map((panel, g) => ({
      type: "value",
      gridIndex: g,
      scale: true,
      ...(!isLoss(panel[0]) && panel.every((n) => history.metrics[n].every((v) => !(v > 1))) ? { max: 1 } : {}),
      name: g === 0 && isLoss(panel[0]) ? "loss" : "metric",
      nameLocation: "middle",
      nameGap: 50,
    })),
    series,
  });
}

/**
 * Training and validation loss (top) and metrics (bottom) per epoch, from
 * `fit`'s `History`, with the kept epoch and the early-stopping point marked.
 *
 * ```ts
 * const svg = report.trainingCurves(history, { bestEpoch: stopper.bestEpoch });
 * ```
 */
export const trainingCurves = defineChart<HistoryLike, TrainingCurvesOptions>("training-curves", ["bestEpoch", "stopEpoch", "metrics", "title"], build, (h, o) => {
  const names = o.metrics ?? Object.keys(h.metrics);
  return { width: 640, height: names.some(isLoss) && names.some((n) => !isLoss(n)) ? 560 : 400 };
});
