/**
 * Charts and a one-file HTML report (`wasmtune/report`): training curves,
 * learning-rate schedules, the LR finder, tuning studies and classifier
 * curves as SVG strings rendered by Apache ECharts without a DOM, in every
 * runtime. A subsystem above everything it charts; the core never imports it.
 *
 * ```ts
 * import * as report from "wasmtune/report";
 * const svg = report.trainingCurves(history, { bestEpoch: 12 });
 * ```
 * @module
 */
export { trainingCurves } from "./charts/training_curves.js";
export type { HistoryLike, TrainingCurvesOptions } from "./charts/training_curves.js";
export { lrSchedule } from "./charts/lr_schedule.js";
export type { LrScheduleOptions, LrSeries } from "./charts/lr_schedule.js";
export { lrFinder } from "./charts/lr_finder.js";
export type { LrFinderLike, LrFinderOptions } from "./charts/lr_finder.js";
export { optimizationHistory } from "./charts/optimization_history.js";
export type { OptimizationHistoryOptions } from "./charts/optimization_history.js";
export { parallelCoordinates } from "./charts/parallel_coordinates.js";
export type { ParallelCoordinatesOptions } from "./charts/parallel_coordinates.js";
export { slice } from "./charts/slice.js";
export type { SliceOptions } from "./charts/slice.js";
export { contour } from "./charts/contour.js";
export type { ContourOptions } from "./charts/contour.js";
export { paramImportances } from "./charts/param_importances.js";
export type { ParamImportancesOptions } from "./charts/param_importances.js";
export { intermediateValues } from "./charts/intermediate_values.js";
export type { IntermediateValuesOptions } from "./charts/intermediate_values.js";
export { rocCurve } from "./charts/roc_curve.js";
export type { RocCurveLike, RocCurveOptions } from "./charts/roc_curve.js";
export { prCurve } from "./charts/pr_curve.js";
export type { PrCurveLike, PrCurveOptions } from "./charts/pr_curve.js";
export { confusionMatrix } from "./charts/confusion_matrix.js";
export type { ConfusionMatrixChartOptions } from "./charts/confusion_matrix.js";
export type { Chart, ChartOption } from "./chart.js";
export type { RenderOptions } from "./echarts.js";
export type { DistributionLike, StudyLike, TargetOptions, TrialLike } from "./study.js";
export { html } from "./html.js";
export type { Finding, ModelLike, ReportContents } from "./html.js";
export { classifierEvaluation } from "./evaluation.js";
export type { Evaluation } from "./evaluation.js";
