// PyTorch 1.13's names for the top node of losses it composes of several
// operations, which one fused node of ours stands for (docs/autograd.md).
import type { Tensor } from "../../tensor.js";
import type { LossReduction } from "./loss.js";

/** A loss computed elementwise and then reduced: the reduction's node, or `none` (the last elementwise step) unreduced. */
export function reducedNodeName(reduction: LossReduction, none: string): string {
  if (reduction === "mean") return "MeanBackward0";
  return reduction === "sum" ? "SumBackward0" : none;
}

/**
 * `nll_loss`: `[C]` and `[N, C]` inputs run the plain kernel, `[N, C, H, W]`
 * the 2-D one, any other rank is reshaped to 4 dimensions for it (and the
 * unreduced loss viewed back).
 */
export function nllNodeName(input: Tensor, reduction: LossReduction): string {
  if (input.ndim <= 2) return "NllLossBackward0";
  return input.ndim !== 4 && reduction === "none" ? "ViewBackward0" : "NllLoss2DBackward0";
}
