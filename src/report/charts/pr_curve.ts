import type { EChartsOption } from "echarts";
import { defineChart } from "../chart.js";
import { LEGEND_TOP, baseOption } from "../theme.js";

/** One precision-recall curve, as `metrics.precisionRecallCurve` returns it, with an optional name and average precision. */
export interface PrCurveLike {
  precision: ArrayLike<number>;
  recall: ArrayLike<number>;
  name?: string;
  averagePrecision?: number;
}

/** Options of {@link prCurve}. */
export interface PrCurveOptions {
  /** Default "Precision-recall curve". */
  title?: string;
}

function build(input: PrCurveLike | readonly PrCurveLike[], o: PrCurveOptions): EChartsOption {
  const curves = Array.isArray(input) ? (input as readonly PrCurveLike[]) : [input as PrCurveLike];
  const label = (c: PrCurveLike, i: number) => `${c.name ?? (curves.length > 1 ? `curve ${i + 1}` : "PR")}${c.averagePrecision === undefined ? "" : ` (AP ${c.averagePrecision.toFixed(4)})`}`;
  return baseOption(o.title ?? "Precision-recall curve", {
    legend: { ...LEGEND_TOP, data: curves.map(label) },
    grid: { left: 70, right: 30, top: 70, bottom: 46 },
    xAxis: { type: "value", min: 0, max: 1, name: "recall", nameLocation: "middle", nameGap: 28 },
    yAxis: { type: "value", min: 0, max: 1, name: "precision", nameLocation: "middle", nameGap: 44 },
    series: curves.map((c, i) => {
      if (c.precision.length !== c.recall.length || c.recall.length === 0) {
        throw new RangeError(`prCurve: precision and recall must be non-empty and of one length, got ${c.precision.length} and ${c.recall.length}`);
      }
      // Average precision is the area under this step function (scikit-learn's PrecisionRecallDisplay draws it so).
      return { type: "line" as const, name: label(c, i), step: "end" as const, showSymbol: false, lineStyle: { width: 2.5 }, data: Array.from(c.recall, (r, k) => [r, c.precision[k]]) };
    }),
  });
}

/** Precision against recall from `metrics.precisionRecallCurve`, drawn as steps. */
export const prCurve = defineChart<PrCurveLike | readonly PrCurveLike[], PrCurveOptions>("pr-curve", ["title"], build, () => ({ width: 520, height: 480 }));
