import type { Sampler } from "./samplers/sampler.js";
// MERGE SWITCH: Optuna's default is TPE. Once samplers/tpe/ is on main, replace the next line with
//   import { TPESampler as DefaultSampler } from "./samplers/tpe/index.js";
import { RandomSampler as DefaultSampler } from "./samplers/random.js";

/** The sampler a study gets when none is given. */
export function defaultSampler(): Sampler {
  return new DefaultSampler();
}
