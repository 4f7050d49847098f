import type { Tensor } from "../../tensor.js";
import type { Node } from "../node.js";

// Checks shared by the operations: float inputs, and saved tensors still
// alive when a node runs.

/** Refuse an int32 tensor in a float operation (PyTorch's integer ops are not supported here). */
export function checkFloat(who: string, t: Tensor): void {
  if (t.dtype !== "float32") throw new TypeError(`wasmtune: ${who}: expected a float32 tensor, got ${t.dtype}`);
}

/** A tensor `node` saved for backward, or a clear error when it was disposed since. */
export function savedTensor(node: Node, t: Tensor): Tensor {
  if (t.isDisposed) {
    throw new Error(`wasmtune: ${node.name}: a tensor saved for backward has been disposed; keep the graph's tensors (return them from tidy) until backward() has run`);
  }
  return t;
}
