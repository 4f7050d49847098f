import { shapeStr } from "../../tensor.js";
import type { Tensor } from "../../tensor.js";
import type { Node } from "../node.js";

// Checks shared by the operations: live float inputs, and saved tensors
// still alive when a node runs.

/** Refuse a disposed tensor (or a view of one), and an int32 one in a float operation (PyTorch's integer ops are not supported here). */
export function checkInput(who: string, t: Tensor): void {
  if (t.isDisposed || t.base?.isDisposed) throw new Error(`wasmtune: ${who}: use of a disposed tensor of shape ${shapeStr(t.shape)}`);
  if (t.dtype !== "float32") throw new TypeError(`wasmtune: ${who}: expected a float32 tensor, got ${t.dtype}`);
}

/** A tensor `node` saved for backward, or a clear error when it was disposed since. */
export function savedTensor(node: Node, t: Tensor): Tensor {
  if (t.isDisposed || t.base?.isDisposed) {
    throw new Error(`wasmtune: ${node.name}: a tensor saved for backward has been disposed; keep the graph's tensors (return them from tidy) until backward() has run`);
  }
  return t;
}
