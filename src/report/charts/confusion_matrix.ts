import type { EChartsOption } from "echarts";
import { defineChart } from "../chart.js";
import { RAMP, baseOption } from "../theme.js";

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixChartOptions {
  /** Class names, in the matrix's order. Default 0, 1, …. */
  labels?: readonly (string | number)[];
  /** Colour by the share of each true class (row) instead of the count; cells show both. Default false. */
  normalize?: boolean;
  /** Default "Confusion matrix". */
  title?: string;
}

function build(matrix: readonly (readonly number[])[], o: ConfusionMatrixChartOptions): EChartsOption {
  const n = matrix.length;
  if (n === 0 || matrix.some((row) => row.length !== n)) throw new RangeError(`confusionMatrix: the matrix must be square and non-empty, got ${n} rows of lengths ${matrix.map((r) => r.length).join(", ")}`);
  const labels = (o.labels ?? matrix.map((_, i) => i)).map(String);
  if (labels.length !== n) throw new RangeError(`confusionMatrix: ${labels.length} labels for a ${n}×${n} matrix`);
  const shown: [number, number, number, number][] = [];
  for (let t = 0; t < n; t++) {
    const total = matrix[t].reduce((a, b) => a + b, 0);
    for (let p = 0; p < n; p++) {
      const count = matrix[t][p];
      const share = total > 0 ? count / total : 0;
      shown.push([t, p, o.normalize ? Number(share.toFixed(4)) : count, count]);
    }
  }
  const top = Math.max(...shown.map((c) => c[2]));
  // True classes run top to bottom as scikit-learn's ConfusionMatrixDisplay
  // draws them; a label is white on the darker half of the ramp.
  const cells = shown.map(([t, p, v, count]) => ({
    value: [p, n - 1 - t, v],
    label: { color: v > top / 2 ? "#ffffff" : "#222222", formatter: o.normalize ? `${(v * 100).toFixed(1)}%\n${count}` : String(count) },
  }));
  return baseOption(o.title ?? "Confusion matrix", {
    tooltip: { trigger: "item" },
    grid: { left: 90, right: 100, top: 50, bottom: 56 },
    xAxis: { type: "category", data: labels, name: "predicted label", nameLocation: "middle", nameGap: 32, splitArea: { show: false } },
    yAxis: { type: "category", data: labels.slice().reverse(), name: "true label", nameLocation: "middle", nameGap: 62 },
    visualMap: { type: "continuous", min: 0, max: top > 0 ? top : 1, inRange: { color: RAMP }, right: 10, top: "middle", itemHeight: 180, calculable: false, text: [String(top > 0 ? top : 1), "0"] },
    series: [{ type: "heatmap", name: "confusion matrix", label: { show: true, fontSize: 13 }, itemStyle: { borderColor: "#ffffff", borderWidth: 1 }, data: cells }],
  });
}

/** Counts of true (rows) against predicted (columns) classes, from `metrics.confusionMatrix` (scikit-learn's layout). */
export const confusionMatrix = defineChart<readonly (readonly number[])[], ConfusionMatrixChartOptions>("confusion-matrix", ["labels", "normalize", "title"], build, (m) => ({
  width: Math.max(420, 200 + 70 * m.length),
  height: Math.max(380, 120 + 60 * m.length),
}));
