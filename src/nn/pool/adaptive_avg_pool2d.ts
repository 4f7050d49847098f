import { adaptiveAvgPool2dBackward, adaptiveAvgPool2dForward } from "../../kernels/conv.js";
import { rt } from "../../runtime/wasm.js";
import { shapeStr } from "../../tensor.js";
import type { Tensor } from "../../tensor.js";
import { tuple } from "../conv/args.js";
import { Pool2d } from "./pool2d.js";

/** The output size of {@link AdaptiveAvgPool2d}: one integer, or `[height, width]` where `null` keeps the input's. */
export type AdaptiveSize = number | readonly [number | null, number | null];

/**
 * `torch.nn.AdaptiveAvgPool2d`: pools `[N, C, H, W]` (or `[C, H, W]`) to a
 * fixed `outputSize`; output `o` of a dimension averages the input range
 * `[⌊o·in/out⌋, ⌈(o+1)·in/out⌉)`, as torch.
 */
export class AdaptiveAvgPool2d extends Pool2d {
  readonly outputSize2: (number | null)[];

  constructor(outputSize: AdaptiveSize) {
    super();
    const list = typeof outputSize === "number" ? [outputSize, outputSize] : outputSize;
    if (!Array.isArray(list) || list.length !== 2 || !list.every((v) => v === null || (Number.isInteger(v) && v >= 0))) {
      throw new RangeError(`wasmtune: AdaptiveAvgPool2d: outputSize must be a non-negative integer or 2 of them (null keeps the input's size), got ${JSON.stringify(outputSize)}`);
    }
    this.outputSize2 = list.slice();
  }

  protected outputSize(h: number, w: number): [number, number] {
    return [this.outputSize2[0] ?? h, this.outputSize2[1] ?? w];
  }

  /** PyTorch computes a 1×1 output as a mean over the last two dimensions. */
  override gradFnName(x: Tensor): string {
    const [oh, ow] = this.outputSize(x.shape[x.ndim - 2], x.shape[x.ndim - 1]);
    return oh === 1 && ow === 1 ? "MeanBackward1" : "AdaptiveAvgPool2DBackward0";
  }

  protected badInput(shape: readonly number[]): string {
    return `adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got ${shapeStr(shape)}`;
  }

  protected forwardKernel(x: Tensor, y: Tensor): void {
    const { planes, h, w, oh, ow } = this.geo;
    adaptiveAvgPool2dForward(rt().k, { x: x.ptr, y: y.ptr, planes, h, w, oh, ow });
  }

  protected backwardKernel(gy: Tensor, gx: Tensor): void {
    const { planes, h, w, oh, ow } = this.geo;
    adaptiveAvgPool2dBackward(rt().k, { gy: gy.ptr, gx: gx.ptr, planes, h, w, oh, ow });
  }

  override toString(): string {
    return `AdaptiveAvgPool2d(output_size=${tuple(this.outputSize2.map((v) => v ?? -1)).replaceAll("-1", "None")})`;
  }
}
