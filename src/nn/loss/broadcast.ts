import { Tensor, shapeStr } from "../../tensor.js";

/** Whether `from` broadcasts to exactly `to` under PyTorch's (NumPy's) right-aligned rules. */
function broadcastsTo(from: readonly number[], to: readonly number[]): boolean {
  if (from.length > to.length) return false;
  const lead = to.length - from.length;
  return from.every((d, i) => d === 1 || d === to[lead + i]);
}

/**
 * A fixed tensor (a loss's weight) broadcast to the batch's shape. The copy
 * is made again only when the shape changes, so a training loop with a fixed
 * batch shape pays for it once and never allocates afterwards.
 */
export class Broadcast {
  private expanded?: Tensor;
  private readonly shape: number[] = [];

  /**
   * @param name the loss, for error messages
   * @param what the option's name, for error messages
   */
  constructor(
    readonly source: Tensor,
    private readonly name: string,
    private readonly what: string,
  ) {}

  /** Throw unless the source broadcasts to `shape`. */
  check(shape: readonly number[]): void {
    if (!broadcastsTo(this.source.shape, shape)) {
      throw new Error(`${this.name}: ${this.what} shape ${shapeStr(this.source.shape)} cannot be broadcast to input shape ${shapeStr(shape)}`);
    }
  }

  /** The source broadcast to `shape` (checked first with `check`); owned by this object. */
  to(shape: readonly number[]): Tensor {
    const same = this.expanded !== undefined && this.shape.length === shape.length && this.shape.every((d, i) => d === shape[i]);
    if (same) return this.expanded!;
    this.expanded?.dispose();
    this.expanded = Tensor.empty(shape);
    this.shape.length = 0;
    this.shape.push(...shape);
    const src = this.source.data;
    const out = this.expanded.data;
    // Stride of each output dimension in the source (0 where the source repeats).
    const lead = shape.length - this.source.ndim;
    const strides = shape.map(() => 0);
    for (let d = shape.length - 1, s = 1; d >= lead; d--) {
      const size = this.source.shape[d - lead];
      strides[d] = size === 1 ? 0 : s;
      s *= size;
    }
    for (let i = 0; i < out.length; i++) {
      let rest = i;
      let from = 0;
      for (let d = shape.length - 1; d >= 0; d--) {
        from += (rest % shape[d]) * strides[d];
        rest = Math.floor(rest / shape[d]);
      }
      out[i] = src[from];
    }
    return this.expanded;
  }

  /** Free the source and its broadcast copy. */
  dispose(): void {
    this.source.dispose();
    this.expanded?.dispose();
  }
}

/** Pointer to an optional broadcast weight at `shape`, 0 (the kernels' "all ones") when absent. */
export function broadcastPtr(b: Broadcast | undefined, shape: readonly number[]): number {
  return b?.to(shape).ptr ?? 0;
}
