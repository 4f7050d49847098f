// Losses: torch.nn's loss classes with explicit forward/backward.
export { Loss } from "./loss.js";
export type { LossGrad, LossOptions, LossValue, Reduction } from "./loss.js";
export type { WeightInput } from "./weights.js";
export { MSELoss } from "./mse.js";
export { L1Loss } from "./l1.js";
export { HuberLoss } from "./huber.js";
export type { HuberLossOptions } from "./huber.js";
export { SmoothL1Loss } from "./smooth_l1.js";
export type { SmoothL1LossOptions } from "./smooth_l1.js";
export { NLLLoss } from "./nll.js";
export type { NLLLossOptions } from "./nll.js";
export { CrossEntropyLoss } from "./cross_entropy.js";
export type { CrossEntropyLossOptions } from "./cross_entropy.js";
export { BCELoss } from "./bce.js";
export type { BCELossOptions } from "./bce.js";
export { BCEWithLogitsLoss } from "./bce_with_logits.js";
export type { BCEWithLogitsLossOptions } from "./bce_with_logits.js";
