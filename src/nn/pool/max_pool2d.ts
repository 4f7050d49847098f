import { maxPool2dBackward, maxPool2dForward } from "../../kernels/conv.js";
import { rt } from "../../runtime/wasm.js";
import { Tensor, workspace } from "../../tensor.js";
import { checkOptions, optionNames } from "../../options.js";
import type { SizeArg } from "../conv/args.js";
import { WindowPool2d } from "./window_pool2d.js";

/** Options of {@link MaxPool2d}; sizes as one integer or `[height, width]`. */
export interface MaxPool2dOptions {
  /** Step between windows (default: the kernel size). */
  stride?: SizeArg<2>;
  /** Implicit `-∞` padding on both sides (default 0; at most half the kernel). */
  padding?: SizeArg<2>;
  /** Spacing between window taps (default 1). */
  dilation?: SizeArg<2>;
  /** Round the output size up, so that a partial last window counts (default false). */
  ceilMode?: boolean;
}

const MAX_POOL2D_OPTIONS = optionNames<MaxPool2dOptions>({ stride: true, padding: true, dilation: true, ceilMode: true });

/**
 * `torch.nn.MaxPool2d` over `[N, C, H, W]` (or `[C, H, W]`). Backward sends
 * each output's gradient to its window's maximum; on ties the first maximum
 * in row-major window order wins, as in torch's CPU kernel (and a NaN wins
 * over any number).
 */
export class MaxPool2d extends WindowPool2d {
  private indices?: Tensor;

  constructor(kernelSize: SizeArg<2>, options: MaxPool2dOptions = {}) {
    checkOptions("MaxPool2d", options, MAX_POOL2D_OPTIONS);
    super("MaxPool2d", kernelSize, options);
  }

  override gradFnName(): string {
    return "MaxPool2DWithIndicesBackward0";
  }

  protected forwardKernel(x: Tensor, y: Tensor): void {
    const { planes, h, w, oh, ow } = this.geo;
    const { kernel: k, stride: s, padding: p, dilation: d } = this.window;
    const idx = (this.indices = workspace(this.indices, y.shape, "int32"));
    maxPool2dForward(rt().k, { x: x.ptr, y: y.ptr, idx: idx.ptr, planes, h, w, oh, ow, kh: k[0], kw: k[1], sh: s[0], sw: s[1], padTop: p[0], padLeft: p[1], dh: d[0], dw: d[1] });
  }

  protected backwardKernel(gy: Tensor, gx: Tensor): void {
    const { planes, h, w, oh, ow } = this.geo;
    maxPool2dBackward(rt().k, { gy: gy.ptr, idx: this.indices!.ptr, gx: gx.ptr, planes, h, w, oh, ow });
  }

  protected override disposeWorkspaces(): void {
    super.disposeWorkspaces();
    this.indices?.dispose();
  }
}
