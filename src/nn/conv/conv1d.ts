import type { Tensor } from "../../tensor.js";
import { shapeStr } from "../../tensor.js";
import { checkOptions, optionNames } from "../../options.js";
import { ConvNd } from "./conv.js";
import type { ConvOptions } from "./conv.js";
import type { SizeArg } from "./args.js";

/** Options of {@link Conv1d}: sizes as one integer (or `[n]`). */
export type Conv1dOptions = ConvOptions<SizeArg<1>>;

const CONV1D_OPTIONS = optionNames<Conv1dOptions>({ stride: true, padding: true, dilation: true, groups: true, bias: true, paddingMode: true, generator: true });

/**
 * `torch.nn.Conv1d` over `[N, inChannels, L]`. `weight` is
 * `[outChannels, inChannels / groups, k]`. Runs as a `Conv2d` of height 1
 * over the same memory.
 */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeArg<1>, options: Conv1dOptions = {}) {
    checkOptions("Conv1d", options, CONV1D_OPTIONS);
    super(1, inChannels, outChannels, kernelSize, options);
  }

  protected planes(x: Tensor): [number, number, number, number] {
    const s = x.shape;
    if (s.length !== 3) throw new Error(`Expected 3D (batched) input to conv1d, but got input of size: ${shapeStr(s)}`);
    return [s[0], s[1], 1, s[2]];
  }

  protected outputShape(n: number, _oh: number, ow: number): number[] {
    return [n, this.outChannels, ow];
  }
}
