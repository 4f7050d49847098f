import type { Tensor } from "../tensor.js";
import { shapeStr } from "../tensor.js";

/** Whether two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// `owner` is the module itself, not its name: the name is only built when an
// error is thrown, so the per-step checks format no strings.

/** The tensor saved by `forward`, or a clear error when `backward` comes first. */
export function saved<T>(value: T | undefined, owner: object): T {
  if (value === undefined) throw new Error(`wasmtune: ${owner}: backward() called before forward()`);
  return value;
}

/** Refuse an upstream gradient whose shape differs from the forward output's. */
export function checkGradShape(owner: object, gradOut: Tensor, expected: readonly number[]): void {
  if (!sameShape(gradOut.shape, expected)) {
    throw new Error(`wasmtune: ${owner}: expected gradOut of shape ${shapeStr(expected)} (the forward output's), got ${shapeStr(gradOut.shape)}`);
  }
}
