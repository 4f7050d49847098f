import type { EChartsOption } from "echarts";
import { defineChart } from "../chart.js";
import { LEGEND_TOP, MUTED, baseOption } from "../theme.js";

/** One ROC curve, as `metrics.rocCurve` returns it, with an optional name and AUC for the legend. */
export interface RocCurveLike {
  fpr: ArrayLike<number>;
  tpr: ArrayLike<number>;
  name?: string;
  auc?: number;
}

/** Options of {@link rocCurve}. */
export interface RocCurveOptions {
  /** Default "ROC curve". */
  title?: string;
}

function build(input: RocCurveLike | readonly RocCurveLike[], o: RocCurveOptions): EChartsOption {
  const curves = Array.isArray(input) ? (input as readonly RocCurveLike[]) : [input as RocCurveLike];
  const label = (c: RocCurveLike, i: number) => `${c.name ?? (curves.length > 1 ? `curve ${i + 1}` : "ROC")}${c.auc === undefined ? "" : ` (AUC ${c.auc.toFixed(4)})`}`;
  return baseOption(o.title ?? "ROC curve", {
    legend: { ...LEGEND_TOP, data: curves.map(label) },
    grid: { left: 70, right: 30, top: 70, bottom: 46 },
    xAxis: { type: "value", min: 0, max: 1, name: "false positive rate", nameLocation: "middle", nameGap: 28 },
    yAxis: { type: "value", min: 0, max: 1, name: "true positive rate", nameLocation: "middle", nameGap: 44 },
    series: [
      ...curves.map((c, i) => {
        if (c.fpr.length !== c.tpr.length || c.fpr.length === 0) throw new RangeError(`rocCurve: fpr and tpr must be non-empty and of one length, got ${c.fpr.length} and ${c.tpr.length}`);
        return { type: "line" as const, name: label(c, i), showSymbol: false, lineStyle: { width: 2.5 }, data: Array.from(c.fpr, (x, k) => [x, c.tpr[k]]) };
      }),
      { type: "line", name: "chance", silent: true, showSymbol: false, color: MUTED, lineStyle: { type: "dashed", width: 1 }, data: [[0, 0], [1, 1]] },
    ],
  });
}

/** ROC curves (true against false positive rate) from `metrics.rocCurve`, with the chance diagonal. */
export const rocCurve = defineChart<RocCurveLike | readonly RocCurveLike[], RocCurveOptions>("roc-curve", ["title"], build, () => ({ width: 520, height: 480 }));
