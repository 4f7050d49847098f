import type { Tensor } from "../tensor.js";

/**
 * One recorded operation of the graph (PyTorch's `grad_fn`): the tensors it
 * read and how to turn the gradient of its output into theirs.
 *
 * A subclass keeps whatever its backward needs (inputs, the output, masks)
 * and frees anything it owns in `release()`, which the engine calls once the
 * graph has been walked (unless `retainGraph`). Fused kernels (a whole
 * `Linear`, a loss) are one node each.
 */
export abstract class Node {
  /** Set once `release()` has run: a second `backward()` through this node is an error. */
  private freed = false;

  /**
   * @param name PyTorch's name for the node (`AddBackward0`), shown in errors and `gradFn.name`
   * @param inputs the tensors the gradients returned by `backward` are for, in order
   */
  constructor(
    readonly name: string,
    readonly inputs: readonly Tensor[],
  ) {}

  /**
   * The gradients with respect to `inputs`, each shaped exactly like its
   * input, given the gradient of the output. `needs[i]` is false when input
   * `i` needs none; its entry may then be `undefined`.
   *
   * A returned tensor is the engine's to free unless `borrows` is true (the
   * gradients live in workspaces the node's owner reuses).
   */
  abstract backward(gradOut: Tensor, needs: readonly boolean[]): (Tensor | undefined)[];

  /** True when `backward` returns tensors the node still owns (the engine copies before writing into them). */
  get borrows(): boolean {
    return false;
  }

  /** Whether `release()` has run. */
  get isReleased(): boolean {
    return this.freed;
  }

  /** Free what the node saved for backward. Idempotent. */
  release(): void {
    if (this.freed) return;
    this.freed = true;
    this.releaseSaved();
  }

  /** Free the node's own buffers; the default saves only references. */
  protected releaseSaved(): void {}
}
