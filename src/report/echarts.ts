// The one place that loads Apache ECharts: only the chart types and
// components the report draws, registered on first use (not at import time,
// so that importing wasmtune/report for one chart keeps the module free of
// side effects), with the SVG renderer, which also renders without a DOM.
import * as core from "echarts/core";
import * as charts from "echarts/charts";
import * as components from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import type { EChartsOption } from "echarts";

let registered = false;

/** ECharts' core with everything the report's options use registered. @internal */
export function echarts(): typeof core {
  if (!registered) {
    // Named one by one so that bundlers keep only these of ECharts' parts.
    core.use([
      charts.BarChart,
      charts.HeatmapChart,
      charts.LineChart,
      charts.ParallelChart,
      charts.ScatterChart,
      components.GridComponent,
      components.LegendComponent,
      components.MarkLineComponent,
      components.MarkPointComponent,
      components.ParallelComponent,
      components.TitleComponent,
      components.TooltipComponent,
      components.VisualMapComponent,
      SVGRenderer,
    ]);
    registered = true;
  }
  return core;
}

/** Size of a rendered chart in CSS pixels, and the prefix of its SVG class names. */
export interface RenderOptions {
  width?: number;
  height?: number;
  /**
   * Prefix of the class names in the SVG (letters, digits, `-`), so that
   * several charts can share a page. Default: the chart's kind.
   */
  id?: string;
}

/**
 * @internal
 * Render an option to an SVG string on the server side (no DOM). ECharts
 * names the SVG's classes and clip paths after global counters of instances
 * and classes (`zr7-cls-31`, `zr7-c0`); they are renamed `<id>-cls-<k>` in
 * order of first appearance and `<id>-c0`, so that the same chart gives the same string however many
 * charts were rendered before it.
 */
export function renderSvg(option: EChartsOption, width: number, height: number, id: string): string {
  if (!/^[A-Za-z][\w-]*$/.test(id)) throw new RangeError(`renderSvg: id must start with a letter and hold only letters, digits, _ and -, got "${id}"`);
  for (const [name, v] of [["width", width], ["height", height]] as const) {
    if (!(Number.isInteger(v) && v > 0)) throw new RangeError(`renderSvg: ${name} must be a positive integer, got ${v}`);
  }
  const chart = echarts().init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false });
    const classes = new Map<string, number>();
    return chart
      .renderToSVGString()
      .replace(/\bzr\d+-cls-\d+\b/g, (name) => {
        if (!classes.has(name)) classes.set(name, classes.size);
        return `${id}-cls-${classes.get(name)}`;
      })
      .replace(/\bzr\d+-/g, `${id}-`); // clip paths and gradients, numbered per chart

  } finally {
    chart.dispose();
  }
}
