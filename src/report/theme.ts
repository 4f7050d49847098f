// The look shared by every chart: colours, fonts, title and legend places.
import type { EChartsOption } from "echarts";

/** Series colours, in order (colour-blind-safe Okabe–Ito, blue first). */
export const PALETTE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"];
/** Marks that annotate rather than plot: best epoch, diagonal, pruned trials. */
export const MUTED = "#8c8c8c";
/** The sequential colour ramp of heatmaps and value-coloured points (light to dark blue). */
export const RAMP = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"];

/** Title, fonts, colours and a tooltip; `extra` is merged on top. @internal */
export function baseOption(title: string, extra: EChartsOption): EChartsOption {
  return {
    animation: false,
    backgroundColor: "#ffffff",
    color: PALETTE,
    textStyle: { fontFamily: "sans-serif" },
    title: { text: title, left: "center", top: 8, textStyle: { fontSize: 15, fontWeight: "bold" } },
    tooltip: { trigger: "axis" },
    ...extra,
  };
}

/** The legend under the title. */
export const LEGEND_TOP = { top: 34, type: "plain" } as const;

/** A number as an axis or label shows it: 4 significant digits, exponent when tiny or huge. */
export function shortNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0 || Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e5 ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}
