import type { Tensor } from "../../tensor.js";
import { shapeStr } from "../../tensor.js";
import { firstBadClass } from "../../kernels/scan.js";
import { classWeightSum } from "../../kernels/loss.js";
import { rt } from "../../runtime/wasm.js";
import { requireDtype } from "./loss.js";
import { classLossShape, fitsClassLossShape } from "./class_rows.js";
import type { ClassRows } from "./class_rows.js";

/** The `ignoreIndex` option (default -100), which must be an integer. */
export function ignoreIndexOf(name: string, v: number | undefined): number {
  const i = v ?? -100;
  if (!Number.isInteger(i)) throw new Error(`${name}: ignoreIndex must be an integer, got ${i}`);
  return i;
}

/**
 * Validate an input `[N, C, d1, …]` (or `[C]`) against int32 class indices
 * `[N, d1, …]` (or `[]`): each index in `[0, C)` or equal to `ignoreIndex`,
 * and a weight of length C. `layout` must have measured the input.
 */
export function checkClassIndices(name: string, layout: ClassRows, input: Tensor, target: Tensor, weight: Tensor | undefined, ignoreIndex: number): void {
  if (!fitsClassLossShape(input, target)) {
    throw new Error(`${name}: input shape ${shapeStr(input.shape)} needs target shape ${shapeStr(classLossShape(input))}, got ${shapeStr(target.shape)}`);
  }
  requireDtype(name, target, "int32", "class indices; make it with Tensor.from(labels, undefined, 'int32')");
  checkClassWeight(name, layout, weight);
  const bad = firstBadClass(rt().k, { p: target.ptr, n: layout.rows, c: layout.classes, ignoreIndex });
  if (bad >= 0) {
    const t = target.data[bad];
    throw new Error(`${name}: target ${t} at ${position(target.shape, bad)} is out of bounds for ${layout.classes} classes`);
  }
}

/** A class weight must have one entry per class. */
export function checkClassWeight(name: string, layout: ClassRows, weight: Tensor | undefined): void {
  if (weight !== undefined && weight.size !== layout.classes) {
    throw new Error(`${name}: weight has ${weight.size} entries but the input has ${layout.classes} classes`);
  }
}

/** PyTorch's weighted-mean divisor: Σ weight[target] over rows not ignored (their count without weights). */
export function targetWeightSum(target: Tensor, weight: Tensor | undefined, ignoreIndex: number): number {
  return classWeightSum(rt().k, { target: target.ptr, weight: weight?.ptr ?? 0, ignoreIndex, n: target.size });
}

/** Where flat element `index` of a tensor of `shape` sits, for error messages: `row 3` or `[1, 4]`. */
function position(shape: readonly number[], index: number): string {
  if (shape.length <= 1) return `row ${index}`;
  const at: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    at.unshift(index % shape[d]);
    index = Math.floor(index / shape[d]);
  }
  return shapeStr(at);
}
