import type { Tensor } from "../tensor.js";
import { shapeStr } from "../tensor.js";

/** Whether two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The tensor saved by `forward`, or a clear error when `backward` comes first. */
export function saved<T>(value: T | undefined, owner: string): T {
  if (value === undefined) throw new Error(`wasmtune: ${owner}: backward() called before forward()`);
  return value;
}

/** Refuse an upstream gradient whose shape differs from the forward output's. */
export function checkGradShape(owner: string, gradOut: Tensor, expected: readonly number[]): void {
  if (!sameShape(gradOut.shape, expected)) {
    throw new Error(`wasmtune: ${owner}: expected gradOut of shape ${shapeStr(expected)} (the forward output's), got ${shapeStr(gradOut.shape)}`);
  }
}
