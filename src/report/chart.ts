// What every chart function is: options → ECharts option → SVG string. The
// option is plain JSON (no formatter functions), so the same object drives an
// interactive chart in a page (report.html, the studio) and the SVG.
import type { EChartsOption } from "echarts";
import { checkOptions } from "../options.js";
import { renderSvg, type RenderOptions } from "./echarts.js";

/**
 * An ECharts option as plain JSON (`echarts.init(el).setOption(option)`
 * takes it). Typed loosely here so that the package's types do not pull in
 * ECharts' own, which need the DOM lib.
 */
export type ChartOption = { [key: string]: unknown };

/** A chart: call it for an SVG string, or call `.option` for the ECharts option behind it. */
export interface Chart<Input, Options extends object> {
  (input: Input, options?: Options & RenderOptions): string;
  /** The JSON-serialisable ECharts option the SVG is rendered from. */
  option(input: Input, options?: Options): ChartOption;
  /** The chart's name, the default class-name prefix of its SVG. */
  readonly kind: string;
}

/** Size a chart gets when the caller names none. */
export type DefaultSize<Input, Options> = (input: Input, options: Options) => { width: number; height: number };

const STANDARD = () => ({ width: 640, height: 400 });

/**
 * @internal
 * Make a chart from the function that builds its option. `known` lists the
 * chart's own option names; unknown names are refused (`checkOptions`).
 */
export function defineChart<Input, Options extends object>(
  kind: string,
  known: readonly string[],
  build: (input: Input, options: Options) => EChartsOption,
  size: DefaultSize<Input, Options> = STANDARD,
): Chart<Input, Options> {
  const option = (input: Input, options: Options = {} as Options): ChartOption => {
    checkOptions(kind, options as Record<string, unknown>, known);
    return build(input, options) as ChartOption;
  };
  const render = (input: Input, options: Options & RenderOptions = {} as Options & RenderOptions): string => {
    checkOptions(kind, options as Record<string, unknown>, [...known, "width", "height", "id"]);
    const { width, height, id, ...rest } = options;
    const std = size(input, rest as Options);
    return renderSvg(build(input, rest as Options), width ?? std.width, height ?? std.height, id ?? kind);
  };
  return Object.assign(render, { option, kind });
}
