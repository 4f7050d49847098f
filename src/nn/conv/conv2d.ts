import { checkOptions } from "../../options.js";
import { CONV_OPTIONS, ConvNd } from "./conv.js";
import type { ConvOptions } from "./conv.js";
import type { SizeArg } from "./args.js";

/** Options of {@link Conv2d}: sizes as one integer or `[height, width]`. */
export type Conv2dOptions = ConvOptions<SizeArg<2>>;

/**
 * `torch.nn.Conv2d` over NCHW input `[N, inChannels, H, W]`. `weight` is
 * `[outChannels, inChannels / groups, kh, kw]` and `bias` `[outChannels]`,
 * under PyTorch's state-dict names, initialised as PyTorch does. Kernels:
 * im2col + GEMM (docs/nn.md, "Convolutions").
 */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeArg<2>, options: Conv2dOptions = {}) {
    checkOptions("Conv2d", options, CONV_OPTIONS);
    super(2, inChannels, outChannels, kernelSize, options);
  }
}
