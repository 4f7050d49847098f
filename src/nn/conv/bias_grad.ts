import { rowSums } from "../../kernels/reduce.js";
import type { Kernels } from "../../runtime/wasm.js";
import type { ConvGeometry } from "./geometry.js";

/**
 * The bias gradient of a convolution whose output gradient `dy` is the whole
 * minibatch: each sample's per-channel row sums added in sample order into
 * `gb` (onto what it holds when `addB` is 1), so every engine gives the bias
 * the same bits (the depthwise engine takes the same row sums inside its
 * weight-gradient kernel, while each plane of dy is in cache).
 */
export function biasGrad(k: Kernels, g: ConvGeometry, dy: number, gb: number, addB: number): void {
  const L = g.oh * g.ow;
  for (let s = 0; s < g.n; s++) rowSums(k, { x: dy + s * g.outChannels * L * 4, out: gb, rows: g.outChannels, cols: L, accumulate: s > 0 ? 1 : addB });
}
