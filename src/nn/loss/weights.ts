import { Tensor } from "../../tensor.js";
import type { NestedArray } from "../../tensor.js";
import { firstNonFinite } from "../../kernels/scan.js";
import { rt } from "../../runtime/wasm.js";

/** A weight as the losses accept it: a tensor, or plain (possibly nested) numbers. Copied either way. */
export type WeightInput = Tensor | ArrayLike<number> | NestedArray[];

/** An owned float32 copy of a weight, so the caller may dispose or reuse theirs. Refuses NaN/Inf. */
export function ownedWeight(name: string, what: string, w: WeightInput | undefined): Tensor | undefined {
  if (w === undefined) return undefined;
  const t = w instanceof Tensor ? Tensor.from(w.data, w.shape) : Tensor.from(w);
  const bad = firstNonFinite(rt().k, { p: t.ptr, n: t.size });
  if (bad >= 0) {
    const v = t.data[bad];
    t.dispose();
    throw new Error(`${name}: ${what} must be finite, got ${v} at index ${bad}`);
  }
  return t;
}
