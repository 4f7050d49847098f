import { Tensor, shapeStr, workspace } from "../../tensor.js";
import { Module } from "../module.js";
import { checkGradShape, saved, sameShape } from "../check.js";

/** The spatial sizes of one input shape, worked out once per shape. */
export interface PoolGeometry {
  /** Number of [h, w] planes: N·C (or C unbatched). */
  planes: number;
  h: number;
  w: number;
  oh: number;
  ow: number;
}

/**
 * The shared frame of the 2-D pooling layers: input `[N, C, H, W]` or
 * unbatched `[C, H, W]`, every plane pooled on its own. Subclasses give the
 * output size and the two kernels; this class owns the output and
 * input-gradient workspaces (reused while the input shape stays the same).
 */
export abstract class Pool2d extends Module {
  private input?: Tensor;
  private inShape: number[] = [];
  protected geo: PoolGeometry = { planes: 0, h: 0, w: 0, oh: 0, ow: 0 };
  private out?: Tensor;
  private gradIn?: Tensor;

  /** `[oh, ow]` for an `h × w` plane, or an error naming the input shape. */
  protected abstract outputSize(h: number, w: number, shape: readonly number[]): [number, number];
  protected abstract forwardKernel(x: Tensor, y: Tensor): void;
  protected abstract backwardKernel(gy: Tensor, gx: Tensor): void;
  /** What torch's message calls the operation (`adaptive_avg_pool2d()`), when the input is not 3-D or 4-D. */
  protected abstract badInput(shape: readonly number[]): string;

  forward(x: Tensor): Tensor {
    if (!sameShape(this.inShape, x.shape) || this.out === undefined) this.prepare(x);
    this.input = x;
    this.forwardKernel(x, this.out!);
    return this.out!;
  }

  override backward(gradOut: Tensor): Tensor {
    const x = saved(this.input, this);
    checkGradShape(this, gradOut, saved(this.out, this).shape);
    const gx = (this.gradIn = workspace(this.gradIn, x.shape));
    this.backwardKernel(gradOut, gx);
    return gx;
  }

  private prepare(x: Tensor): void {
    const s = x.shape;
    if ((s.length !== 3 && s.length !== 4) || x.size === 0) throw new Error(this.badInput(s));
    const h = s[s.length - 2], w = s[s.length - 1];
    const [oh, ow] = this.outputSize(h, w, s);
    this.geo = { planes: x.size / (h * w), h, w, oh, ow };
    this.inShape = s.slice();
    this.out = workspace(this.out, [...s.slice(0, -2), oh, ow]);
  }

  protected override disposeWorkspaces(): void {
    this.out?.dispose();
    this.gradIn?.dispose();
  }
}
