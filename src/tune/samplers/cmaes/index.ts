// Optuna 3.1's CmaEsSampler and the `cmaes` 0.9.1 optimizers it drives.
export { CmaEsSampler } from "./sampler.js";
export type { CmaEsSamplerOptions } from "./sampler.js";
export { CMA } from "./cma.js";
export type { CMAOptions } from "./cma.js";
export { SepCMA } from "./sep_cma.js";
export { CMAwM, chi2Ppf1, normCdf } from "./cmawm.js";
export type { CMAwMOptions } from "./cmawm.js";
export { getWarmStartMgd, determinant } from "./warm_start.js";
export { symmetricEigen } from "./eigh.js";
export type { SymmetricEigen } from "./eigh.js";
export { defaultPopulationSize, EvolutionStrategy } from "./strategy.js";
export type { Solution, StrategyOptions } from "./strategy.js";
