import { Tensor } from "../../tensor.js";
import { vecCopy } from "../../kernels/elementwise.js";
import { rt } from "../../runtime/wasm.js";
import { Node } from "../../autograd/node.js";
import type { Loss, LossReduction } from "./loss.js";

/** @internal What a recorded loss call needs from its loss (the members `Loss` keeps for the tape). */
export interface RecordedLoss {
  readonly reduction: LossReduction;
  /** Number of this loss's recorded calls whose graph is not released yet. */
  liveCalls: number;
  /** Which recorded call the loss's workspaces hold (0: none). */
  loadedCall: number;
}

/**
 * One `lossFn.call(input, target)` on the tape, named as PyTorch names its
 * loss's (top) node: its backward is the loss's own `backward`, and
 * `backwardTarget` when the target requires grad. A loss called again
 * before this node runs (two losses of one graph) is first brought back to
 * this call's state by running its forward again on the same tensors (same
 * bits, no randomness in losses).
 */
export class LossBackward extends Node {
  private lent = true;

  constructor(
    private readonly loss: Loss<LossReduction> & RecordedLoss,
    private readonly call: number,
    input: Tensor,
    target: Tensor,
  ) {
    // The target is an input of the graph either way: a kept loss keeps it alive in `tidy`.
    super(loss.gradFnName(input, target), [input, target]);
    loss.liveCalls++;
  }

  backward(gradOut: Tensor, needs: readonly boolean[]): (Tensor | undefined)[] {
    const loss = this.loss;
    const [input, target] = this.inputs;
    if (loss.loadedCall !== this.call) {
      loss.forward(input, target);
      loss.loadedCall = this.call;
    }
    const upstream = (loss.reduction === "none" ? gradOut : gradOut.item()) as never;
    // The loss's gradient workspaces are shared by its calls: lend them only when no other call can overwrite them.
    this.lent = loss.liveCalls === 1;
    const own = (g: Tensor): Tensor => {
      if (this.lent) return g;
      const copy = Tensor.empty(g.shape);
      vecCopy(rt().k, { src: g.ptr, dst: copy.ptr, n: g.size });
      return copy;
    };
    return [needs[0] ? own(loss.backward(upstream)) : undefined, needs[1] ? own(loss.backwardTarget(upstream)) : undefined];
  }

  override get borrows(): boolean {
    return this.lent;
  }

  protected override releaseSaved(): void {
    this.loss.liveCalls--;
  }
}
