import { Tensor, shapeStr } from "../../tensor.js";
import type { NestedArray } from "../../tensor.js";
import { rt } from "../../runtime/wasm.js";
import { requireDtype } from "./loss.js";

/** A weight as the losses accept it: a tensor, or plain (possibly nested) numbers. Copied either way. */
export type WeightInput = Tensor | ArrayLike<number> | NestedArray[];

/** An owned float32 copy of a weight, so the caller may dispose or reuse theirs. Refuses NaN/Inf. */
export function ownedWeight(name: string, what: string, w: WeightInput | undefined): Tensor | undefined {
  if (w === undefined) return undefined;
  const t = w instanceof Tensor ? Tensor.from(w.data, w.shape) : Tensor.from(w);
  const bad = rt().k.firstNonFinite(t.ptr, t.size);
  if (bad >= 0) {
    const v = t.data[bad];
    t.dispose();
    throw new Error(`${name}: ${what} must be finite, got ${v} at index ${bad}`);
  }
  return t;
}

/** The `ignoreIndex` option (default -100), which must be an integer. */
export function ignoreIndexOf(name: string, v: number | undefined): number {
  const i = v ?? -100;
  if (!Number.isInteger(i)) throw new Error(`${name}: ignoreIndex must be an integer, got ${i}`);
  return i;
}

/**
 * Validate logits or log-probabilities `[N, C]` against int32 class indices
 * `[N]`: each index in `[0, C)` or equal to `ignoreIndex`, a weight of length C.
 */
export function checkClassIndices(name: string, input: Tensor, target: Tensor, weight: Tensor | undefined, ignoreIndex: number): void {
  if (input.ndim !== 2) throw new Error(`${name}: expected input of shape [N, C], got ${shapeStr(input.shape)}`);
  const [n, c] = input.shape;
  if (target.ndim !== 1 || target.shape[0] !== n) {
    throw new Error(`${name}: input shape ${shapeStr(input.shape)} needs target shape [${n}], got ${shapeStr(target.shape)}`);
  }
  requireDtype(name, target, "int32", "class indices; make it with Tensor.from(labels, undefined, 'int32')");
  if (weight !== undefined && weight.size !== c) {
    throw new Error(`${name}: weight has ${weight.size} entries but the input has ${c} classes`);
  }
  const bad = rt().k.firstBadClass(target.ptr, n, c, ignoreIndex);
  if (bad >= 0) {
    const t = target.data[bad];
    throw new Error(`${name}: target ${t} at row ${bad} is out of bounds for ${c} classes`);
  }
}

/** PyTorch's weighted-mean divisor: Σ weight[target] over rows not ignored (their count without weights). */
export function targetWeightSum(target: Tensor, weight: Tensor | undefined, ignoreIndex: number): number {
  return rt().k.classWeightSum(target.ptr, weight?.ptr ?? 0, ignoreIndex, target.size);
}
