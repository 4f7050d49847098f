import { checkOptions } from "../../options.js";
import { CONV_OPTIONS, ConvNd } from "./conv.js";
import type { ConvOptions } from "./conv.js";
import type { SizeArg } from "./args.js";

/** Options of {@link Conv1d}: sizes as one integer (or `[n]`). */
export type Conv1dOptions = ConvOptions<SizeArg<1>>;

/**
 * `torch.nn.Conv1d` over `[N, inChannels, L]`. `weight` is
 * `[outChannels, inChannels / groups, k]`. Runs as a `Conv2d` of height 1
 * over the same memory.
 */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeArg<1>, options: Conv1dOptions = {}) {
    checkOptions("Conv1d", options, CONV_OPTIONS);
    super(1, inChannels, outChannels, kernelSize, options);
  }
}
