import { Generator, defaultGenerator } from "./generator.js";

/** How a random operation chooses its stream: an explicit `generator`, or a fresh one from `seed`. */
export interface RandomOptions {
  /** Draw from this generator (its state advances). */
  generator?: Generator;
  /** Seed a private generator; ignored when `generator` is given. */
  seed?: number;
}

/** The generator an operation draws from: `generator`, else `new Generator(seed)`, else the default generator. */
export function generatorFrom(options: RandomOptions = {}): Generator {
  if (options.generator !== undefined) return options.generator;
  if (options.seed !== undefined) return new Generator(options.seed);
  return defaultGenerator;
}
