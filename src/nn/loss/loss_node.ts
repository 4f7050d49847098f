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
 * One `lossFn.call(input, target)` on the tape: its backward is the loss's
 * own `backward`. A loss called again before this node runs (two losses of
 * one graph) is first brought back to this call's state by running its
 * forward again on the same tensors (same bits, no randomness in losses).
 */
export class LossBackward extends Node {
  private lent = true;

  constructor(
    private readonly loss: Loss<LossReduction> & RecordedLoss,
    private readonly call: number,
    input: Tensor,
    private readonly target: Tensor,
  ) {
    super(`${loss.constructor.name}Backward`, [input]);
    loss.liveCalls++;
  }

  backward(gradOut: Tensor): (Tensor | undefined)[] {
    const loss = this.loss;
    const input = this.inputs[0];
    if (loss.loadedCall !== this.call) {
      loss.forward(input, this.target);
      loss.loadedCall = this.call;
    }
    const g = loss.reduction === "none" ? loss.backward(gradOut as never) : loss.backward(gradOut.item() as never);
    // The loss's gradient workspace is shared by its calls: lend it only when no other call can overwrite it.
    this.lent = loss.liveCalls === 1;
    if (this.lent) return [g];
    const copy = Tensor.empty(g.shape);
    vecCopy(rt().k, { src: g.ptr, dst: copy.ptr, n: g.size });
    return [copy];
  }

  override get borrows(): boolean {
    return this.lent;
  }

  protected override releaseSaved(): void {
    this.loss.liveCalls--;
  }
}
