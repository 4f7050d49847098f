// scikit-learn-compatible evaluation metrics, computed on the host in float64.
export { rocAucScore } from "./roc_auc.js";
export type { RocAucOptions } from "./roc_auc.js";
export { auc, precisionRecallCurve, rocCurve } from "./curve.js";
export type { CurveOptions, PrecisionRecallCurve, RocCurve } from "./curve.js";
export { averagePrecisionScore } from "./average_precision.js";
export type { AveragePrecisionOptions } from "./average_precision.js";
export type { Average } from "./average.js";
export { accuracyScore, confusionMatrix } from "./classification.js";
export type { AccuracyOptions, ConfusionMatrixOptions } from "./classification.js";
export { logLoss } from "./log_loss.js";
export type { LogLossOptions } from "./log_loss.js";
export { meanAbsoluteError, meanSquaredError, r2Score } from "./regression.js";
export type { Multioutput, R2Options, RegressionOptions } from "./regression.js";
export type { MetricInput } from "./input.js";
