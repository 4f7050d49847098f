import type { EChartsOption, LineSeriesOption } from "echarts";
import { defineChart } from "../chart.js";
import type { StudyLike, TrialLike } from "../study.js";
import { LEGEND_TOP, MUTED, PALETTE, baseOption } from "../theme.js";

/** Options of {@link intermediateValues}. */
export interface IntermediateValuesOptions {
  /** Default "Intermediate values". */
  title?: string;
  /** Axis name of the reported value. Default "intermediate value". */
  targetName?: string;
}

// One legend entry per state: series sharing a name toggle together.
const STYLE: Record<string, { color: string; type: "solid" | "dashed"; width: number }> = {
  COMPLETE: { color: PALETTE[0], type: "solid", width: 1.8 },
  PRUNED: { color: PALETTE[5], type: "dashed", width: 1.2 },
  RUNNING: { color: PALETTE[2], type: "solid", width: 1.8 },
  FAIL: { color: MUTED, type: "dashed", width: 1 },
  WAITING: { color: MUTED, type: "dashed", width: 1 },
};
const NAME: Record<string, string> = { COMPLETE: "complete", PRUNED: "pruned", RUNNING: "running", FAIL: "failed", WAITING: "waiting" };

function build(study: StudyLike, o: IntermediateValuesOptions): EChartsOption {
  const trials = study.trials.filter((t) => t.intermediateValues.size > 0);
  if (trials.length === 0) throw new RangeError("intermediateValues: no trial reported an intermediate value");
  const points = (t: TrialLike) => {
    const data: { value: [number, number]; symbol?: string; symbolSize?: number }[] = [...t.intermediateValues.entries()]
      .filter(([, v]) => Number.isFinite(v))
      .sort((a, b) => a[0] - b[0])
      .map((value) => ({ value }));
    if (t.state === "PRUNED" && data.length > 0) Object.assign(data[data.length - 1], { symbol: "diamond", symbolSize: 9 });
    return data;
  };
  const line = (t: TrialLike): LineSeriesOption => ({
    type: "line",
    name: NAME[t.state],
    id: `trial-${t.number}`,
    color: STYLE[t.state].color,
    // Only a pruned trial's last point gets a symbol: where it was stopped.
    showSymbol: t.state === "PRUNED",
    symbolSize: 0,
    lineStyle: { width: STYLE[t.state].width, type: STYLE[t.state].type, opacity: 0.85 },
    data: points(t),
  });
  const states = [...new Set(trials.map((t) => t.state))];
  return baseOption(o.title ?? "Intermediate values", {
    tooltip: { trigger: "item" },
    legend: { ...LEGEND_TOP, data: states.map((s) => NAME[s]) },
    grid: { left: 70, right: 30, top: 70, bottom: 46 },
    xAxis: { type: "value", name: "step", nameLocation: "middle", nameGap: 28, minInterval: 1, max: "dataMax" },
    yAxis: { type: "value", scale: true, name: o.targetName ?? "intermediate value", nameLocation: "middle", nameGap: 50 },
    series: trials.map(line),
  });
}

/**
 * Every trial's reported values by step (Optuna's
 * `plot_intermediate_values`); pruned trials are dashed in another colour and
 * have their own legend entry.
 */
export const intermediateValues = defineChart<StudyLike, IntermediateValuesOptions>("intermediate-values", ["title", "targetName"], build);
