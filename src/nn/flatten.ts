import { Tensor, shapeStr } from "../tensor.js";
import { Module } from "./module.js";
import { checkGradShape, saved, sameShape } from "./check.js";
import { checkOptions, optionNames } from "../options.js";

/** Options of {@link Flatten}. */
export interface FlattenOptions {
  /** First dimension to flatten (default 1, keeping the batch dimension). */
  startDim?: number;
  /** Last dimension to flatten, inclusive (default -1). */
  endDim?: number;
}

const FLATTEN_OPTIONS = optionNames<FlattenOptions>({ startDim: true, endDim: true });

/**
 * Merges dimensions `startDim..endDim` into one, as `torch.nn.Flatten`.
 * Forward and backward return views over the same memory (no copy); the
 * views are reused while the same tensor comes back, so a steady-state
 * training step allocates nothing.
 */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;
  private input?: Tensor;
  private view?: Tensor;
  private inShape: number[] = [];
  private gradView?: Tensor;
  /** The last forward merged nothing and returned its input. */
  private identity = false;

  /** `new Flatten()`, `new Flatten(0)`, `new Flatten(1, 2)` as PyTorch, or `new Flatten({ startDim, endDim })`. */
  constructor(startDim: number | FlattenOptions = {}, endDim?: number) {
    super();
    const options = typeof startDim === "object" ? startDim : { startDim, endDim };
    checkOptions("Flatten", options, FLATTEN_OPTIONS);
    const { startDim: start = 1, endDim: end = -1 } = options;
    for (const [name, v] of [["startDim", start], ["endDim", end]] as const) {
      if (!Number.isInteger(v)) throw new TypeError(`wasmtune: Flatten: ${name} must be an integer, got ${String(v)}`);
    }
    this.startDim = start;
    this.endDim = end;
  }

  forward(x: Tensor): Tensor {
    this.input = x;
    const view = this.view;
    // Same memory and same input shape as last time: the view still fits.
    if (view !== undefined && view.ptr === x.ptr && sameShape(this.inShape, x.shape) && !x.isDisposed) return view;
    const s = x.shape;
    const nd = Math.max(s.length, 1);
    const start = this.startDim < 0 ? this.startDim + nd : this.startDim;
    const end = this.endDim < 0 ? this.endDim + nd : this.endDim;
    if (start < 0 || end >= nd || start > end) {
      throw new Error(`wasmtune: ${this}: dimensions out of range for input of shape ${shapeStr(s)}`);
    }
    // Nothing to merge: the input itself, as PyTorch's flatten returns it (and records no node).
    this.identity = start === end && s.length > 0;
    if (this.identity) {
      this.view = undefined;
      return x;
    }
    const merged = s.slice(start, end + 1).reduce((a, d) => a * d, 1);
    this.inShape = s.slice();
    this.view = x.reshape(s.length === 0 ? [1] : [...s.slice(0, start), merged, ...s.slice(end + 1)]);
    return this.view;
  }

  override backward(gradOut: Tensor): Tensor {
    const x = saved(this.input, this);
    if (this.identity) {
      checkGradShape(this, gradOut, x.shape);
      return gradOut;
    }
    checkGradShape(this, gradOut, saved(this.view, this).shape);
    this.gradView = reuseView(this.gradView, gradOut, x.shape);
    return this.gradView;
  }

  override gradFnName(): string {
    return "ReshapeAliasBackward0";
  }

  override toString(): string {
    return `Flatten(startDim=${this.startDim}, endDim=${this.endDim})`;
  }
}

function reuseView(prev: Tensor | undefined, base: Tensor, shape: readonly number[]): Tensor {
  if (prev !== undefined && prev.ptr === base.ptr && !base.isDisposed && sameShape(prev.shape, shape)) return prev;
  return base.reshape(shape);
}
