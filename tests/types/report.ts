// wasmtune/report's types, as a consumer without the DOM lib sees them: they
// must not pull in ECharts' own types (which need the DOM).
import * as report from "wasmtune/report";
import type { ChartOption, StudyLike } from "wasmtune/report";

const svg: string = report.rocCurve({ fpr: [0, 1], tpr: [0, 1] }, { width: 400 });
const option: ChartOption = report.trainingCurves.option({ epochs: [0], metrics: { loss: [1] } }, { bestEpoch: 0 });
const study: StudyLike = { trials: [], directions: ["minimize"] };
const page: string = report.html({ study, title: svg });
// @ts-expect-error an option the chart does not have
report.lrSchedule([1, 2], { logScale: true });
console.log(option, page);
