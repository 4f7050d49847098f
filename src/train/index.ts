// Training: history, callbacks and checkpoints.
export { History } from "./history.js";
export type { HistoryJSON } from "./history.js";
export type { Callback, TrainingContext, Logs, BatchLogs, HookResult } from "./callback.js";
export { EarlyStopping } from "./early_stopping.js";
export type { EarlyStoppingOptions } from "./early_stopping.js";
export { ModelCheckpoint } from "./model_checkpoint.js";
export type { ModelCheckpointOptions } from "./model_checkpoint.js";
export { ProgressReporter } from "./progress.js";
export type { ProgressEvent, ProgressOptions } from "./progress.js";
export { saveCheckpoint, loadCheckpoint } from "./checkpoint.js";
export type { CheckpointParts, CheckpointInfo, Stateful, Resumable } from "./checkpoint.js";
