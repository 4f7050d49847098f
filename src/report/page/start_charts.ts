import { echarts } from "../echarts.js";

/**
 * Turn every `[data-chart]` element of a page into an interactive chart: the
 * element names the `<script type="application/json">` holding its option
 * and holds the server-rendered SVG, which is replaced (so the page shows
 * the pictures even with scripts off). Runs in the browser only.
 */
export function startCharts(root: ParentNode): void {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>("[data-chart]"))) {
    const source = root.querySelector(`#${el.dataset.chart}`);
    if (source === null) throw new Error(`report: no option #${el.dataset.chart} for a chart`);
    el.textContent = "";
    const chart = echarts().init(el, null, { renderer: "svg" });
    chart.setOption(JSON.parse(source.textContent ?? "null"));
  }
}
