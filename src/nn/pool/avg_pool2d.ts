import { avgPool2dBackward, avgPool2dForward } from "../../kernels/conv.js";
import type { AvgPool2dForwardArgs } from "../../kernels/conv.js";
import { rt } from "../../runtime/wasm.js";
import type { Tensor } from "../../tensor.js";
import { checkOptions, optionNames } from "../../options.js";
import type { SizeArg } from "../conv/args.js";
import { WindowPool2d } from "./window_pool2d.js";

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
export class AvgPool2d extends WindowPool2d {
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;

  constructor(kernelSize: SizeArg<2>, options: AvgPool2dOptions = {}) {
    checkOptions("AvgPool2d", options, AVG_POOL2D_OPTIONS);
    const { countIncludePad = true, divisorOverride = null, ...window } = options;
    super("AvgPool2d", kernelSize, window);
    if (divisorOverride === 0) throw new RangeError("divisor must be not zero");
    if (divisorOverride !== null && !Number.isInteger(divisorOverride)) {
      throw new RangeError(`wasmtune: AvgPool2d: divisorOverride must be a non-zero integer or null, got ${String(divisorOverride)}`);
    }
    this.countIncludePad = countIncludePad !== false;
    this.divisorOverride = divisorOverride;
  }

  override gradFnName(): string {
    return "AvgPool2DBackward0";
  }

  protected forwardKernel(x: Tensor, y: Tensor): void {
    avgPool2dForward(rt().k, { x: x.ptr, y: y.ptr, ...this.windowArgs() });
  }

  protected backwardKernel(gy: Tensor, gx: Tensor): void {
    avgPool2dBackward(rt().k, { gy: gy.ptr, gx: gx.ptr, ...this.windowArgs() });
  }

  // Both kernels take the same geometry after their source and destination.
  private windowArgs(): Omit<AvgPool2dForwardArgs, "x" | "y"> {
    const { planes, h, w, oh, ow } = this.geo;
    const { kernel: k, stride: s, padding: p } = this.window;
    return {
      planes, h, w, oh, ow, kh: k[0], kw: k[1], sh: s[0], sw: s[1], padTop: p[0], padLeft: p[1],
      countIncludePad: this.countIncludePad ? 1 : 0, divisor: this.divisorOverride ?? 0,
    };
  }
}
