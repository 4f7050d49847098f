import { checkOptions } from "../../options.js";
import { UniformIndependentSampler } from "./transform.js";

/** Options of {@link RandomSampler}. */
export interface RandomSamplerOptions {
  /** Seed of the sampler's `Generator`; the same seed draws the same parameters in every runtime. Default: drawn from the default generator (`manualSeed` makes it repeat). */
  seed?: number;
}

/**
 * Sample every parameter independently and uniformly (Optuna's
 * `RandomSampler`): log ranges uniform in log space, stepped ranges on their
 * grid, through Optuna's search-space transform. Log ranges use WebAssembly
 * `exp`/`log`, so `await init()` first.
 */
export class RandomSampler extends UniformIndependentSampler {
  constructor(options: RandomSamplerOptions = {}) {
    checkOptions("RandomSampler", options, ["seed"]);
    super(options.seed);
  }
}
