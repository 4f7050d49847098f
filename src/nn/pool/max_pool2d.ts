import { rt } from "../../runtime/wasm.js";
import { Tensor, workspace } from "../../tensor.js";
import { checkOptions, optionNames } from "../../options.js";
import { sizes, tuple } from "../conv/args.js";
import type { SizeArg } from "../conv/args.js";
import { Pool2d, checkWindowPadding, windowOutput } from "./pool2d.js";
import type { Window } from "./pool2d.js";

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
export class MaxPool2d extends Pool2d {
  readonly window: Window;
  private indices?: Tensor;

  constructor(kernelSize: SizeArg<2>, options: MaxPool2dOptions = {}) {
    super();
    checkOptions("MaxPool2d", options, MAX_POOL2D_OPTIONS);
    const { stride = kernelSize, padding = 0, dilation = 1, ceilMode = false } = options;
    this.window = {
      kernel: sizes("MaxPool2d", "kernelSize", kernelSize, 2, 1),
      stride: sizes("MaxPool2d", "stride", stride, 2, 1),
      padding: sizes("MaxPool2d", "padding", padding, 2, 0),
      dilation: sizes("MaxPool2d", "dilation", dilation, 2, 1),
      ceilMode: ceilMode === true,
    };
    checkWindowPadding(this.window);
  }

  protected outputSize(h: number, w: number, shape: readonly number[]): [number, number] {
    return windowOutput(this.window, h, w, shape);
  }

  protected badInput(): string {
    return "non-empty 3D or 4D (batch mode) tensor expected for input";
  }

  protected forwardKernel(x: Tensor, y: Tensor): void {
    const { planes, h, w, oh, ow } = this.geo;
    const { kernel: k, stride: s, padding: p, dilation: d } = this.window;
    const idx = (this.indices = workspace(this.indices, y.shape, "int32"));
    rt().k.maxPool2dForward(x.ptr, y.ptr, idx.ptr, planes, h, w, oh, ow, k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1]);
  }

  protected backwardKernel(gy: Tensor, gx: Tensor): void {
    const { planes, h, w, oh, ow } = this.geo;
    rt().k.maxPool2dBackward(gy.ptr, this.indices!.ptr, gx.ptr, planes, h, w, oh, ow);
  }

  override toString(): string {
    const { kernel, stride, padding, dilation, ceilMode } = this.window;
    return `MaxPool2d(kernel_size=${tuple(kernel)}, stride=${tuple(stride)}, padding=${tuple(padding)}, dilation=${tuple(dilation)}, ceil_mode=${ceilMode ? "True" : "False"})`;
  }

  protected override disposeWorkspaces(): void {
    super.disposeWorkspaces();
    this.indices?.dispose();
  }
}
