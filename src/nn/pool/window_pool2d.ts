import { shapeStr } from "../../tensor.js";
import { sizes, tuple } from "../conv/args.js";
import type { SizeArg } from "../conv/args.js";
import { Pool2d } from "./pool2d.js";

/** The kernel, stride, padding and dilation of a windowed pooling layer, as `[height, width]`. */
export interface Window {
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  ceilMode: boolean;
}

/** The window options `MaxPool2d` and `AvgPool2d` share (AvgPool2d has no dilation). */
export interface WindowOptions {
  stride?: SizeArg<2>;
  padding?: SizeArg<2>;
  dilation?: SizeArg<2>;
  ceilMode?: boolean;
}

/**
 * Torch's pooling output size of one dimension (`pooling_output_shape`): in
 * ceil mode the last window must still start inside the image or its left
 * padding.
 */
function pooledSize(size: number, k: number, pad: number, stride: number, dilation: number, ceil: boolean): number {
  let out = Math.floor((size + 2 * pad - dilation * (k - 1) - 1 + (ceil ? stride - 1 : 0)) / stride) + 1;
  if (ceil && (out - 1) * stride >= size + pad) out--;
  return out;
}

/**
 * The frame of `MaxPool2d` and `AvgPool2d`: a window sliding over each plane
 * with torch's argument checks and output size. `stride` defaults to the
 * kernel size; padding may be at most half the kernel.
 */
export abstract class WindowPool2d extends Pool2d {
  readonly window: Window;

  protected constructor(who: string, kernelSize: SizeArg<2>, options: WindowOptions) {
    super();
    const { stride = kernelSize, padding = 0, dilation = 1, ceilMode = false } = options;
    const win: Window = {
      kernel: sizes(who, "kernelSize", kernelSize, 2, 1),
      stride: sizes(who, "stride", stride, 2, 1),
      padding: sizes(who, "padding", padding, 2, 0),
      dilation: sizes(who, "dilation", dilation, 2, 1),
      ceilMode: ceilMode === true,
    };
    for (let i = 0; i < 2; i++) {
      if (win.padding[i] > Math.floor(win.kernel[i] / 2)) {
        throw new RangeError(`pad should be at most half of kernel size, but got pad=${win.padding[i]} and kernel_size=${win.kernel[i]}`);
      }
    }
    this.window = win;
  }

  protected outputSize(h: number, w: number, shape: readonly number[]): [number, number] {
    const { kernel: k, stride: s, padding: p, dilation: d, ceilMode } = this.window;
    const oh = pooledSize(h, k[0], p[0], s[0], d[0], ceilMode), ow = pooledSize(w, k[1], p[1], s[1], d[1], ceilMode);
    if (oh < 1 || ow < 1) {
      const c = shape.length === 4 ? shape[1] : shape[0];
      throw new Error(`Given input size: (${c}x${h}x${w}). Calculated output size: (${c}x${oh}x${ow}). Output size is too small (input of shape ${shapeStr(shape)})`);
    }
    return [oh, ow];
  }

  protected badInput(): string {
    return "non-empty 3D or 4D (batch mode) tensor expected for input";
  }

  override toString(): string {
    const { kernel, stride, padding, dilation, ceilMode } = this.window;
    return `${this.constructor.name}(kernel_size=${tuple(kernel)}, stride=${tuple(stride)}, padding=${tuple(padding)}, dilation=${tuple(dilation)}, ceil_mode=${ceilMode ? "True" : "False"})`;
  }
}
