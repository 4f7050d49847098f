import type { Tensor } from "../../tensor.js";
import { shapeStr } from "../../tensor.js";
import { checkOptions, optionNames } from "../../options.js";
import { ConvNd } from "./conv.js";
import type { ConvOptions } from "./conv.js";
import type { SizeArg } from "./args.js";

/** Options of {@link Conv2d}: sizes as one integer or `[height, width]`. */
export type Conv2dOptions = ConvOptions<SizeArg<2>>;

const CONV2D_OPTIONS = optionNames<Conv2dOptions>({ stride: true, padding: true, dilation: true, groups: true, bias: true, paddingMode: true, generator: true });

/**
 * `torch.nn.Conv2d` over NCHW input `[N, inChannels, H, W]`. `weight` is
 * `[outChannels, inChannels / groups, kh, kw]` and `bias` `[outChannels]`,
 * under PyTorch's state-dict names, initialised as PyTorch does. Kernels:
 * im2col + GEMM (docs/nn.md, "Convolutions").
 */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeArg<2>, options: Conv2dOptions = {}) {
    checkOptions("Conv2d", options, CONV2D_OPTIONS);
    super(2, inChannels, outChannels, kernelSize, options);
  }

  protected planes(x: Tensor): [number, number, number, number] {
    const s = x.shape;
    if (s.length !== 4) throw new Error(`Expected 4D (batched) input to conv2d, but got input of size: ${shapeStr(s)}`);
    return [s[0], s[1], s[2], s[3]];
  }

  protected outputShape(n: number, oh: number, ow: number): number[] {
    return [n, this.outChannels, oh, ow];
  }
}
