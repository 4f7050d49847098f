import { rt } from "../../runtime/wasm.js";
import type { Tensor } from "../../tensor.js";
import { checkOptions, optionNames } from "../../options.js";
import { sizes, tuple } from "../conv/args.js";
import type { SizeArg } from "../conv/args.js";
import { Pool2d, checkWindowPadding, windowOutput } from "./pool2d.js";
import type { Window } from "./pool2d.js";

/** Options of {@link AvgPool2d}; sizes as one integer or `[height, width]`. */
export interface AvgPool2dOptions {
  /** Step between windows (default: the kernel size). */
  stride?: SizeArg<2>;
  /** Implicit zero padding on both sides (default 0; at most half the kernel). */
  padding?: SizeArg<2>;
  /** Round the output size up, so that a partial last window counts (default false). */
  ceilMode?: boolean;
  /** Count the padding in a window's divisor (default true). */
  countIncludePad?: boolean;
  /** Divide every window's sum by this instead (default: none). */
  divisorOverride?: number | null;
}

const AVG_POOL2D_OPTIONS = optionNames<AvgPool2dOptions>({ stride: true, padding: true, ceilMode: true, countIncludePad: true, divisorOverride: true });

/**
 * `torch.nn.AvgPool2d` over `[N, C, H, W]` (or `[C, H, W]`): each window's
 * sum divided by `divisorOverride`, or by the window's size, padding counted
 * (`countIncludePad`, the default) or not; a ceil-mode window hanging past
 * the padding is cut there, as in torch's CPU kernel.
 */
export class AvgPool2d extends Pool2d {
  readonly window: Window;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;

  constructor(kernelSize: SizeArg<2>, options: AvgPool2dOptions = {}) {
    super();
    checkOptions("AvgPool2d", options, AVG_POOL2D_OPTIONS);
    const { stride = kernelSize, padding = 0, ceilMode = false, countIncludePad = true, divisorOverride = null } = options;
    this.window = {
      kernel: sizes("AvgPool2d", "kernelSize", kernelSize, 2, 1),
      stride: sizes("AvgPool2d", "stride", stride, 2, 1),
      padding: sizes("AvgPool2d", "padding", padding, 2, 0),
      dilation: [1, 1],
      ceilMode: ceilMode === true,
    };
    checkWindowPadding(this.window);
    if (divisorOverride !== null && divisorOverride === 0) throw new RangeError("divisor must be not zero");
    if (divisorOverride !== null && !Number.isInteger(divisorOverride)) {
      throw new RangeError(`wasmtune: AvgPool2d: divisorOverride must be a non-zero integer or null, got ${String(divisorOverride)}`);
    }
    this.countIncludePad = countIncludePad !== false;
    this.divisorOverride = divisorOverride;
  }

  protected outputSize(h: number, w: number, shape: readonly number[]): [number, number] {
    return windowOutput(this.window, h, w, shape);
  }

  protected badInput(): string {
    return "non-empty 3D or 4D (batch mode) tensor expected for input";
  }

  protected forwardKernel(x: Tensor, y: Tensor): void {
    const { planes, h, w, oh, ow } = this.geo;
    const { kernel: k, stride: s, padding: p } = this.window;
    rt().k.avgPool2dForward(x.ptr, y.ptr, planes, h, w, oh, ow, k[0], k[1], s[0], s[1], p[0], p[1], this.countIncludePad ? 1 : 0, this.divisorOverride ?? 0);
  }

  protected backwardKernel(gy: Tensor, gx: Tensor): void {
    const { planes, h, w, oh, ow } = this.geo;
    const { kernel: k, stride: s, padding: p } = this.window;
    rt().k.avgPool2dBackward(gy.ptr, gx.ptr, planes, h, w, oh, ow, k[0], k[1], s[0], s[1], p[0], p[1], this.countIncludePad ? 1 : 0, this.divisorOverride ?? 0);
  }

  override toString(): string {
    const { kernel, stride, padding } = this.window;
    return `AvgPool2d(kernel_size=${tuple(kernel)}, stride=${tuple(stride)}, padding=${tuple(padding)})`;
  }
}
