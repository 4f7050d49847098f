/**
 * The training doctor: the LR range test, a recording callback for `fit`
 * (with rollback on a NaN loss), and the diagnosis of failed or poor runs.
 * A subsystem above `train/`; the core never imports it.
 * @module
 */
export { lrFind } from "./lr_find.js";
export type { LrFindOptions, LrFindResult } from "./lr_find.js";
export { lrFinderSuggestions } from "./lr_suggestions.js";
export type { LrSuggestionOptions, LrSuggestions } from "./lr_suggestions.js";
export { DoctorCallback } from "./callback.js";
export type { DoctorCallbackOptions } from "./callback.js";
export type { ActivationRecord, AdamRecord, DoctorRecord, EpochRecord, NonFiniteRecord } from "./record.js";
export { diagnose } from "./diagnose.js";
export type { DiagnoseData, DiagnoseInput } from "./checks/context.js";
export type { Finding, FindingCode, Severity } from "./finding.js";
export { format, formatFinding } from "./format.js";
