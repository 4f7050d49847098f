/**
 * The training doctor: the LR range test and, in later releases, diagnosis
 * of failed or poor runs. A subsystem above `train/`; the core never imports it.
 * @module
 */
export { lrFind } from "./lr_find.js";
export type { LrFindOptions, LrFindResult } from "./lr_find.js";
export { lrFinderSuggestions } from "./lr_suggestions.js";
export type { LrSuggestionOptions, LrSuggestions } from "./lr_suggestions.js";
