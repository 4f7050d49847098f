import type { Tensor } from "../../tensor.js";
import { bceWithLogitsLossBackward, bceWithLogitsLossForward } from "../../kernels/loss.js";
import { rt } from "../../runtime/wasm.js";
import { PointwiseLoss } from "./pointwise.js";
import type { LossOptions, Reduction } from "./loss.js";
import { Broadcast, broadcastPtr } from "./broadcast.js";
import { ownedWeight } from "./weights.js";
import type { WeightInput } from "./weights.js";
import { writeTargetGrad } from "./target_grad.js";
import { exp, log1p } from "../../runtime/math.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of {@link BCEWithLogitsLoss}. */
export interface BCEWithLogitsLossOptions<R extends Reduction> extends LossOptions<R> {
  /** Rescaling weight broadcast to the input's shape; copied. */
  weight?: WeightInput;
  /** Weight of positive examples, broadcast to the input's shape (usually `[C]`, one per class); copied. */
  posWeight?: WeightInput;
}

const BCE_WITH_LOGITS_LOSS_OPTIONS = optionNames<BCEWithLogitsLossOptions<Reduction>>({ reduction: true, weight: true, posWeight: true });

/**
 * Sigmoid and binary cross-entropy in one numerically stable step,
 * `torch.nn.BCEWithLogitsLoss`: with σ the logistic function and p the
 * positive weight, ℓᵢ = −wᵢ·(pᵢ·yᵢ·log σ(xᵢ) + (1 − yᵢ)·log(1 − σ(xᵢ))),
 * computed as PyTorch does through log-sum-exp so that logits of ±100 stay
 * finite.
 */
export class BCEWithLogitsLoss<R extends Reduction = "mean"> extends PointwiseLoss<R> {
  protected readonly name = "BCEWithLogitsLoss";
  private readonly weight: Broadcast | undefined;
  private readonly posWeight: Broadcast | undefined;

  constructor(options: BCEWithLogitsLossOptions<R> = {}) {
    checkOptions("BCEWithLogitsLoss", options, BCE_WITH_LOGITS_LOSS_OPTIONS);
    super(options);
    const w = ownedWeight(this.name, "weight", options.weight);
    const pw = ownedWeight(this.name, "posWeight", options.posWeight);
    this.weight = w && new Broadcast(w, this.name, "weight");
    this.posWeight = pw && new Broadcast(pw, this.name, "posWeight");
  }

  protected override check(input: Tensor, target: Tensor): void {
    super.check(input, target);
    this.weight?.check(input.shape);
    this.posWeight?.check(input.shape);
  }

  protected sum(input: Tensor, target: Tensor, out: number): number {
    const w = broadcastPtr(this.weight, input.shape);
    const pw = broadcastPtr(this.posWeight, input.shape);
    return bceWithLogitsLossForward(rt().k, { x: input.ptr, y: target.ptr, w, pw, out, n: input.size });
  }

  protected grad(input: Tensor, target: Tensor, gout: number, scale: number, grad: number): void {
    const w = broadcastPtr(this.weight, input.shape);
    const pw = broadcastPtr(this.posWeight, input.shape);
    bceWithLogitsLossBackward(rt().k, { x: input.ptr, y: target.ptr, w, pw, gout, scale, gx: grad, n: input.size });
  }

  override gradFnName(): string {
    return "BinaryCrossEntropyWithLogitsBackward0";
  }

  /** ∂ℓ/∂y = w·(p·log(1 + e^−x) − log(1 + e^x)), which is −w·x without a positive weight; stable for large logits. */
  protected override targetGrad(input: Tensor, _target: Tensor, gout: number, scale: number, grad: number): void {
    // Broadcasting the weights may allocate (and grow memory): read the views after it.
    const weight = this.weight?.to(input.shape);
    const posWeight = this.posWeight?.to(input.shape);
    const w = weight?.data, p = posWeight?.data, x = input.data;
    const d = p === undefined ? (i: number): number => -x[i] : (i: number): number => p[i] * softplus(-x[i]) - softplus(x[i]);
    writeTargetGrad(input.size, gout, scale, grad, w === undefined ? d : (i) => d(i) * w[i]);
  }

  override dispose(): void {
    super.dispose();
    this.weight?.dispose();
    this.posWeight?.dispose();
  }
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return Math.max(z, 0) + log1p(exp(-Math.abs(z)));
}
