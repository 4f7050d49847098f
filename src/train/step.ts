import type { Module } from "../nn/module.js";
import type { Tensor } from "../tensor.js";
import { firstNonFinite } from "../kernels/scan.js";
import { rt } from "../runtime/wasm.js";
import { tidy } from "../autograd/scope.js";
import { TargetShaper } from "./loss_fn.js";
import type { LossFn } from "./loss_fn.js";

/** Whether a model output holds NaN or an infinity. */
function overflowed(out: Tensor): boolean {
  return out.dtype === "float32" && firstNonFinite(rt().k, { p: out.ptr, n: out.size }) >= 0;
}

/**
 * @internal One training batch's forward, loss and backward, as `fit` and
 * `lrFind` run it. A model of built-in layers only runs the explicit passes
 * (the loss's gradient through `backwardParams`, no recording); a model with
 * a user module anywhere runs through the tape (`lossFn.call`, then
 * `loss.backward()`), each step in a `tidy` scope so memory stays flat.
 */
export class TrainingStep {
  /** Trains through the tape (the model is or holds a user module). */
  readonly tape: boolean;
  /** The error the loss threw on an overflowed output in the last `run`, if any. */
  refused: unknown = undefined;
  private readonly shaper = new TargetShaper();

  /** @param collect called with each finite batch's output and target, before backward */
  constructor(
    private readonly model: Module,
    private readonly loss: LossFn,
    private readonly collect?: (out: Tensor, target: Tensor) => void,
  ) {
    this.tape = model.usesTape;
    if (this.tape && typeof loss.call !== "function") {
      throw new Error(`wasmtune: ${model.constructor.name} trains through autograd (it is or holds a user module), so its loss needs call(input, target) returning a tensor, as every nn loss has`);
    }
  }

  /**
   * Forward, loss and, when the loss is finite, backward for one batch;
   * returns the loss. A loss that refuses an overflowed output gives NaN (its
   * error in `refused`) for callbacks to recover from; other errors propagate.
   */
  run(x: Tensor, y: Tensor): number {
    this.refused = undefined;
    return this.tape ? tidy(() => this.pass(x, y)) : this.pass(x, y);
  }

  private pass(x: Tensor, y: Tensor): number {
    const out = this.model.forward(x);
    const target = this.shaper.shape(y, out);
    let value: Tensor | number;
    try {
      value = this.tape ? this.loss.call!(out, target) : this.loss.forward(out, target);
    } catch (e) {
      if (!overflowed(out)) throw e;
      this.refused = e;
      return NaN;
    }
    const l = typeof value === "number" ? value : value.item();
    if (!Number.isFinite(l)) return l;
    this.collect?.(out, target);
    // backwardParams: like PyTorch, no gradient for the data (it saves the first layer's input-gradient product).
    if (typeof value === "number") this.model.backwardParams(this.loss.backward());
    else value.backward();
    return l;
  }
}
