// Optuna 3.1's TPE sampler and the pieces it is built from.
export { TPESampler, defaultGamma, defaultWeights, hyperoptDefaultGamma } from "./sampler.js";
export type { TPESamplerOptions } from "./sampler.js";
export { ParzenEstimator } from "./parzen_estimator.js";
export type { ParzenEstimatorParameters } from "./parzen_estimator.js";
