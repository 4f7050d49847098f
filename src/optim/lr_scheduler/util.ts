import { Optimizer, type ParamGroup } from "../optimizer.js";

/** Refuse anything that is not an `Optimizer`, with PyTorch's wording. */
export function assertOptimizer(optimizer: unknown): asserts optimizer is Optimizer {
  if (!(optimizer instanceof Optimizer)) {
    const name = (optimizer as { constructor?: { name?: string } } | null | undefined)?.constructor?.name ?? String(optimizer);
    throw new TypeError(`${name} is not an Optimizer`);
  }
}

/**
 * One value per parameter group: a scalar is repeated, a list must have one
 * entry per group (`mismatch(got)` words the error when it does not).
 */
export function perGroup<T>(optimizer: Optimizer, value: T | readonly T[], mismatch: (got: number) => string): T[] {
  const n = optimizer.paramGroups.length;
  if (!Array.isArray(value)) return new Array<T>(n).fill(value as T);
  if (value.length !== n) throw new RangeError(mismatch(value.length));
  return value.slice();
}

/** Number of entries of the ascending list `sorted` that are <= x (Python's `bisect_right`). */
export function bisectRight(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < sorted[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Copy every group's current lr into `into` (reused, so stepping allocates nothing). */
export function readLrs(optimizer: Optimizer, into: number[]): void {
  const groups = optimizer.paramGroups;
  into.length = groups.length;
  for (let i = 0; i < groups.length; i++) into[i] = groups[i].lr;
}

/** The momentum a cycling scheduler drives: `momentum`, or Adam-style `betas[0]`. */
export function groupMomentum(group: ParamGroup, useBeta1: boolean): number {
  return useBeta1 ? (group.betas as readonly number[])[0] : (group.momentum as number);
}

/**
 * Set a group's momentum. `betas` gets a fresh array, as PyTorch builds a new
 * tuple: groups may share the defaults' `betas` array, so it must not be
 * written in place.
 */
export function setGroupMomentum(group: ParamGroup, value: number, useBeta1: boolean): void {
  if (useBeta1) group.betas = [value, ...(group.betas as readonly number[]).slice(1)];
  else group.momentum = value;
}
