import type { Tensor } from "../../tensor.js";
import { Loss, requireDtype, requireSameShape } from "./loss.js";
import type { LossReduction } from "./loss.js";

/**
 * A loss computed element by element from `input` and a float32 `target` of
 * the same shape, averaged over every element for `'mean'`. PyTorch would
 * broadcast mismatched shapes with a warning; a `[N, 1]` prediction against a
 * `[N]` target then silently builds an `[N, N]` loss, so shapes must match
 * exactly.
 */
export abstract class PointwiseLoss<R extends LossReduction> extends Loss<R> {
  protected check(input: Tensor, target: Tensor): void {
    requireSameShape(this.name, input, target);
    requireDtype(this.name, target, "float32", "the same shape as the input");
  }

  protected unreducedShape(input: Tensor): number[] {
    return input.shape;
  }

  protected meanDivisor(input: Tensor): number {
    return input.size;
  }
}
