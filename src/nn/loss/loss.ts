import { Tensor, shapeStr, workspace } from "../../tensor.js";
import { vecCopy } from "../../kernels/elementwise.js";
import { firstNaN, firstNonFinite, firstOutside } from "../../kernels/scan.js";
import { rt } from "../../runtime/wasm.js";
import { isGradEnabled } from "../../autograd/grad_mode.js";
import { newResult } from "../../autograd/scope.js";
import { LossBackward } from "./loss_node.js";

/** How per-element losses are combined, as PyTorch's `reduction` argument. */
export type Reduction = "mean" | "sum" | "none";

/** `Reduction` plus `KLDivLoss`'s `'batchmean'` (the sum divided by the batch size). */
export type LossReduction = Reduction | "batchmean";

/** What `forward` returns: the scalar loss for `'mean'`/`'sum'`, the unreduced losses for `'none'`. */
export type LossValue<R extends LossReduction> = R extends "none" ? Tensor : number;

/**
 * The upstream gradient `backward` accepts: for `'mean'`/`'sum'` a number
 * multiplying the gradient (default 1, PyTorch's `loss.backward()`); for
 * `'none'` a tensor shaped like the unreduced losses (default all ones, i.e.
 * the gradient of their sum).
 */
export type LossGrad<R extends LossReduction> = R extends "none" ? Tensor : number;

/** Options every loss accepts. */
export interface LossOptions<R extends LossReduction> {
  /** `'mean'` (default), `'sum'` or `'none'`. */
  reduction?: R;
}

/**
 * Base class of the losses, after `torch.nn` losses but with explicit passes:
 * `forward(input, target)` returns the loss and remembers both tensors,
 * `backward()` returns the gradient with respect to `input`.
 *
 * With `reduction: 'none'`, `forward` returns the per-element (or per-row)
 * losses as a tensor, and `backward(gradOut)` takes their upstream gradient.
 * Returned tensors belong to the loss and are overwritten by its next call.
 *
 * Every loss refuses NaN rather than returning it: when the loss comes out
 * NaN, the error names the first row of `input` or `target` holding a NaN (or
 * an infinity that produced it). The one exception is PyTorch's mean over no
 * elements (every target ignored), which stays NaN.
 */
export abstract class Loss<R extends LossReduction = "mean"> {
  readonly reduction: R;
  /** Class name used in error messages (`MSELoss: …`). */
  protected abstract readonly name: string;
  private unreduced?: Tensor;
  private gradInput?: Tensor;
  private gradTarget?: Tensor;
  /** The input and target of the last successful `forward`. */
  protected lastInput?: Tensor;
  protected lastTarget?: Tensor;
  private divisor = 1;
  /** @internal Recorded calls whose graph is alive, and which one the workspaces hold (see `LossBackward`). */
  liveCalls = 0;
  /** @internal */
  loadedCall = 0;
  private calls = 0;

  /** @param accepted the reductions this loss supports (`'batchmean'` only for `KLDivLoss`) */
  protected constructor(options: LossOptions<R>, accepted: readonly LossReduction[] = ["mean", "sum", "none"]) {
    const r = options.reduction ?? "mean";
    if (!accepted.includes(r)) throw new Error(`${String(r)} is not a valid value for reduction`);
    this.reduction = r as R;
  }

  /**
   * The loss as a tensor recorded on the tape, as PyTorch's
   * `criterion(output, target)`: a 0-d tensor for `'mean'`/`'sum'` (`.item()`
   * reads it), the unreduced losses for `'none'`. When `input` requires grad
   * (a model's output), `loss.backward()` computes every gradient; a float
   * target that requires grad gets its gradient too, as in PyTorch. The
   * result belongs to the enclosing `tidy` scope; its `gradFn.name` is
   * PyTorch's (see `docs/autograd.md`).
   */
  call(input: Tensor, target: Tensor): Tensor {
    const value = this.forward(input, target);
    let out: Tensor;
    if (value instanceof Tensor) {
      out = newResult(value.shape);
      vecCopy(rt().k, { src: value.ptr, dst: out.ptr, n: value.size });
    } else {
      out = newResult([]);
      rt().f32[out.ptr >>> 2] = value as number;
    }
    if (isGradEnabled() && (input.requiresGrad || target.requiresGrad)) {
      this.loadedCall = ++this.calls;
      out.gradFn = new LossBackward(this as unknown as Loss<LossReduction> & this, this.loadedCall, input, target);
    }
    return out;
  }

  /** The loss of `input` against `target`; see the class for what `'none'` returns. */
  forward(input: Tensor, target: Tensor): LossValue<R> {
    this.loadedCall = 0;
    // A failed forward must not leave backward() working on the previous batch.
    this.lastInput = this.lastTarget = undefined;
    if (input.dtype !== "float32") throw new Error(`${this.name}: input must be float32, got ${input.dtype}`);
    this.check(input, target);
    const none = this.reduction === "none";
    if (none) this.unreduced = workspace(this.unreduced, this.unreducedShape(input));
    const total = this.sum(input, target, none ? this.unreduced!.ptr : 0);
    if (Number.isNaN(total)) this.explainNaN(input, target);
    this.divisor = this.reductionDivisor(input, target);
    this.lastInput = input;
    this.lastTarget = target;
    return (none ? this.unreduced : Math.fround(total / this.divisor)) as LossValue<R>;
  }

  /** Gradient of the loss with respect to the last `forward`'s input (a tensor owned by this loss). */
  backward(gradOut?: LossGrad<R>): Tensor {
    const { input, target, gout, scale } = this.upstream("backward", gradOut);
    this.gradInput = workspace(this.gradInput, input.shape);
    this.grad(input, target, gout, scale, this.gradInput.ptr);
    return this.gradInput;
  }

  /**
   * Gradient of the loss with respect to the last `forward`'s target (a
   * tensor owned by this loss), for the losses PyTorch differentiates in the
   * target: every float target. `gradOut` as for `backward`.
   */
  backwardTarget(gradOut?: LossGrad<R>): Tensor {
    const { input, target, gout, scale } = this.upstream("backwardTarget", gradOut);
    if (target.dtype !== "float32") throw new Error(`${this.name}: class-index targets (${target.dtype}) have no gradient`);
    this.gradTarget = workspace(this.gradTarget, target.shape);
    this.targetGrad(input, target, gout, scale, this.gradTarget.ptr);
    return this.gradTarget;
  }

  /**
   * @internal PyTorch 1.13's name for the node `call(input, target)` records.
   * Where PyTorch composes the loss of several operations, the last one's
   * (`NllLossBackward0` for cross-entropy with class indices). Built-in
   * losses override it; a loss of your own is `${ClassName}Backward`.
   */
  gradFnName(input: Tensor, target: Tensor): string {
    void input, target;
    return `${this.name}Backward`;
  }

  /** The last forward's tensors and the upstream gradient as kernels take it: a per-element pointer (0: none) and a scale. */
  private upstream(who: string, gradOut: LossGrad<R> | undefined): { input: Tensor; target: Tensor; gout: number; scale: number } {
    const input = this.lastInput;
    const target = this.lastTarget;
    if (input === undefined || target === undefined) throw new Error(`${this.name}: ${who}() called before a successful forward()`);
    if (input.isDisposed || target.isDisposed) throw new Error(`${this.name}: the input or target of forward() was disposed before ${who}()`);
    let gout = 0;
    let scale = 1 / this.divisor;
    if (gradOut instanceof Tensor) {
      const want = this.unreduced;
      if (want === undefined) throw new Error(`${this.name}: with reduction '${this.reduction}', backward takes a number, not a tensor`);
      if (gradOut.dtype !== "float32" || gradOut.size !== want.size || gradOut.ndim !== want.ndim || gradOut.shape.some((d, i) => d !== want.shape[i])) {
        throw new Error(`${this.name}: gradOut shape ${shapeStr(gradOut.shape)} (${gradOut.dtype}) differs from the loss shape ${shapeStr(want.shape)} (float32)`);
      }
      gout = gradOut.ptr;
    } else if (gradOut !== undefined) {
      if (this.reduction === "none") throw new Error(`${this.name}: with reduction 'none', backward takes a tensor of upstream gradients`);
      scale *= gradOut as number;
    }
    return { input, target, gout, scale };
  }

  /** Free the loss's workspaces (and owned weights in subclasses). */
  dispose(): void {
    this.unreduced?.dispose();
    this.gradInput?.dispose();
    this.gradTarget?.dispose();
    this.unreduced = this.gradInput = this.gradTarget = this.lastInput = this.lastTarget = undefined;
  }

  /** Validate shapes and dtypes, throwing an error that names them. */
  protected abstract check(input: Tensor, target: Tensor): void;
  /** Shape of the unreduced loss. */
  protected abstract unreducedShape(input: Tensor): number[];
  /** Run the forward kernel: Σ of the (weighted) losses; writes each loss to `out` when it is not 0. */
  protected abstract sum(input: Tensor, target: Tensor, out: number): number;
  /** What `'mean'` divides the sum by (elements, rows, or total target weight). */
  protected abstract meanDivisor(input: Tensor, target: Tensor): number;
  /** What the sum is divided by for this loss's reduction. */
  protected reductionDivisor(input: Tensor, target: Tensor): number {
    return this.reduction === "mean" ? this.meanDivisor(input, target) : 1;
  }
  /** Run the backward kernel into `grad`: `scale · ∂loss/∂input`, times `gout[i]` when `gout` is not 0. */
  protected abstract grad(input: Tensor, target: Tensor, gout: number, scale: number, grad: number): void;
  /**
   * Write `scale · ∂loss/∂target` (times `gout[i]` when `gout` is not 0) into
   * `grad`. Every built-in loss with float targets overrides it; a subclass
   * of your own that does not gets PyTorch's refusal of a missing derivative.
   */
  protected targetGrad(input: Tensor, target: Tensor, gout: number, scale: number, grad: number): void {
    void input, target, gout, scale, grad;
    throw new Error("the derivative for 'target' is not implemented.");
  }

  /** For `explainNaN` overrides: throw if `t` holds a negative number, which the loss's log turns into NaN. */
  protected refuseNegative(t: Tensor, what: string): void {
    const bad = firstOutside(rt().k, { p: t.ptr, n: t.size, lo: 0, hi: Infinity });
    const v = bad >= 0 ? t.data[bad] : NaN;
    if (!Number.isNaN(v)) throw new Error(`${this.name}: ${what} must be >= 0, but row ${rowOf(t, bad)} holds ${v}`);
  }

  /** Throw the error describing where a NaN loss came from. */
  protected explainNaN(input: Tensor, target: Tensor): never {
    const k = rt().k;
    const floatTarget = target.dtype === "float32";
    const nanIn = firstNaN(k, { p: input.ptr, n: input.size });
    if (nanIn >= 0) throw new Error(`${this.name}: input has NaN at row ${rowOf(input, nanIn)}`);
    const nanTarget = floatTarget ? firstNaN(k, { p: target.ptr, n: target.size }) : -1;
    if (nanTarget >= 0) throw new Error(`${this.name}: target has NaN at row ${rowOf(target, nanTarget)}`);
    const infIn = firstNonFinite(k, { p: input.ptr, n: input.size });
    if (infIn >= 0) throw new Error(`${this.name}: the loss is NaN because input row ${rowOf(input, infIn)} holds an infinity`);
    const infTarget = floatTarget ? firstNonFinite(k, { p: target.ptr, n: target.size }) : -1;
    if (infTarget >= 0) throw new Error(`${this.name}: the loss is NaN because target row ${rowOf(target, infTarget)} holds an infinity`);
    throw new Error(`${this.name}: the loss is NaN`);
  }
}

/** Row (index along dimension 0) of flat element `index`. */
export function rowOf(t: Tensor, index: number): number {
  return t.ndim <= 1 ? index : Math.floor(index / (t.size / t.shape[0]));
}

/** Refuse tensors whose shapes differ, naming both. */
export function requireSameShape(name: string, input: Tensor, target: Tensor): void {
  if (input.ndim !== target.ndim || input.shape.some((d, i) => d !== target.shape[i])) {
    throw new Error(`${name}: input shape ${shapeStr(input.shape)} and target shape ${shapeStr(target.shape)} differ`);
  }
}

/** Refuse a target of the wrong dtype, with a hint for the common mistake. */
export function requireDtype(name: string, target: Tensor, dtype: "float32" | "int32", what: string): void {
  if (target.dtype !== dtype) throw new Error(`${name}: target must be ${dtype} (${what}), got ${target.dtype}`);
}
