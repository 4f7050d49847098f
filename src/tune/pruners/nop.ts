import type { Pruner } from "./pruner.js";

/** Never prune (Optuna's `NopPruner`). */
export class NopPruner implements Pruner {
  prune(): boolean {
    return false;
  }
}
