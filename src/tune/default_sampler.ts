import type { Sampler } from "./samplers/sampler.js";
import { TPESampler } from "./samplers/tpe/index.js";

/** The sampler a study gets when none is given: Optuna's default, TPE with its defaults. */
export function defaultSampler(): Sampler {
  return new TPESampler();
}
