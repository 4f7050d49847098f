import type { Tensor } from "../tensor.js";
import { shapeStr } from "../tensor.js";
import { checkOptions } from "../options.js";

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

/**
 * A layer's leading hyperparameter, given positionally as in PyTorch
 * (`new ELU(0.7)`) or by name (`new ELU({ alpha: 0.7 })`). Anything that is
 * not a finite number is refused rather than turned into NaN outputs; in the
 * named form, so is a key not in `known`.
 */
export function numberArg(layer: string, name: string, arg: unknown, fallback: number, known: readonly string[] = [name]): number {
  if (typeof arg === "object" && arg !== null) checkOptions(layer, arg, known);
  const v = typeof arg === "object" && arg !== null ? (arg as Record<string, unknown>)[name] : arg;
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new TypeError(`wasmtune: ${layer}: ${name} must be a finite number, got ${typeof v === "string" ? `"${v}"` : String(v)}`);
  }
  return v;
}
