// Whether a user module's forward is running. Inside one, every built-in
// layer call is recorded on the tape (its parameters need gradients even
// when its input does not), or, without grad mode, copied out of the layer's
// workspace (a layer may be called twice before its first result is used).
import type { Tensor } from "../../tensor.js";
import type { Module } from "../module.js";

let depth = 0;

/** Whether a user module's forward (or a `Sequential` holding one) is running. */
export function inUserForward(): boolean {
  return depth > 0;
}

/** Run `forward` of `module` (its own, unwrapped) with user-forward tracking on. */
export function userForward(module: Module, forward: (...inputs: Tensor[]) => Tensor, inputs: Tensor[]): Tensor {
  depth++;
  try {
    return forward.apply(module, inputs);
  } finally {
    depth--;
  }
}
