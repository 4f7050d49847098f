import type { Tensor } from "../../tensor.js";
import { bceLossBackward, bceLossForward } from "../../kernels/loss.js";
import { firstOutside } from "../../kernels/scan.js";
import { rt } from "../../runtime/wasm.js";
import { PointwiseLoss } from "./pointwise.js";
import { rowOf } from "./loss.js";
import type { LossOptions, Reduction } from "./loss.js";
import { Broadcast, broadcastPtr } from "./broadcast.js";
import { ownedWeight } from "./weights.js";
import type { WeightInput } from "./weights.js";
import { writeTargetGrad } from "./target_grad.js";
import { log } from "../../runtime/math.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of {@link BCELoss}. */
export interface BCELossOptions<R extends Reduction> extends LossOptions<R> {
  /** Rescaling weight broadcast to the input's shape (e.g. `[C]` per class, or the full shape); copied. */
  weight?: WeightInput;
}

const BCE_LOSS_OPTIONS = optionNames<BCELossOptions<Reduction>>({ reduction: true, weight: true });

/**
 * Binary cross-entropy on probabilities, `torch.nn.BCELoss`:
 * ℓᵢ = −wᵢ·(yᵢ·log xᵢ + (1 − yᵢ)·log(1 − xᵢ)), each log clamped at −100 as in
 * PyTorch so that x = 0 or 1 gives a finite loss. Inputs outside [0, 1] (for
 * example logits: use {@link BCEWithLogitsLoss}) are refused, as PyTorch does.
 */
export class BCELoss<R extends Reduction = "mean"> extends PointwiseLoss<R> {
  protected readonly name = "BCELoss";
  private readonly weight: Broadcast | undefined;

  constructor(options: BCELossOptions<R> = {}) {
    checkOptions("BCELoss", options, BCE_LOSS_OPTIONS);
    super(options);
    const w = ownedWeight(this.name, "weight", options.weight);
    this.weight = w && new Broadcast(w, this.name, "weight");
  }

  protected override check(input: Tensor, target: Tensor): void {
    super.check(input, target);
    this.weight?.check(input.shape);
    const bad = firstOutside(rt().k, { p: input.ptr, n: input.size, lo: 0, hi: 1 });
    if (bad < 0) return;
    const v = input.data[bad];
    if (Number.isNaN(v)) throw new Error(`${this.name}: input has NaN at row ${rowOf(input, bad)}`);
    throw new Error(`${this.name}: all elements of input should be between 0 and 1 (row ${rowOf(input, bad)} holds ${v})`);
  }

  protected sum(input: Tensor, target: Tensor, out: number): number {
    return bceLossForward(rt().k, { x: input.ptr, y: target.ptr, w: broadcastPtr(this.weight, input.shape), out, n: input.size });
  }

  protected grad(input: Tensor, target: Tensor, gout: number, scale: number, grad: number): void {
    bceLossBackward(rt().k, { x: input.ptr, y: target.ptr, w: broadcastPtr(this.weight, input.shape), gout, scale, gx: grad, n: input.size });
  }

  override gradFnName(): string {
    return "BinaryCrossEntropyBackward0";
  }

  /** ∂ℓ/∂y = w·(log(1 − x) − log x): ±∞ at x = 0 or 1, unclamped as in PyTorch. */
  protected override targetGrad(input: Tensor, _target: Tensor, gout: number, scale: number, grad: number): void {
    // Broadcasting the weight may allocate (and grow memory): read the views after it.
    const w = this.weight?.to(input.shape).data;
    const x = input.data;
    writeTargetGrad(input.size, gout, scale, grad, (i) => (log(Math.fround(1 - x[i])) - log(x[i])) * (w === undefined ? 1 : w[i]));
  }

  override dispose(): void {
    super.dispose();
    this.weight?.dispose();
  }
}
