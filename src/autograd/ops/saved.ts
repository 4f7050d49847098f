import type { Tensor } from "../../tensor.js";
import type { Node } from "../node.js";

/**
 * A tensor a node saved for its backward pass, refused with a clear error
 * when it was disposed since (its memory may already hold something else).
 */
export function alive(t: Tensor, node: Node): Tensor {
  if (t.isDisposed) {
    throw new Error(`wasmtune: ${node.name}: a tensor of shape [${t.shape.join(", ")}] saved for backward was disposed; keep the tensors of a graph alive until backward() has run`);
  }
  return t;
}

/** Refuse an `int32` tensor in an operation defined for floating point only. */
export function requireFloat(op: string, t: Tensor): void {
  if (t.dtype !== "float32") throw new TypeError(`wasmtune: ${op}() needs a float32 tensor, got ${t.dtype}`);
}
