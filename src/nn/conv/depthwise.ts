import { rt } from "../../runtime/wasm.js";
import { workspace } from "../../tensor.js";
import type { Tensor } from "../../tensor.js";
import type { ConvEngine, ConvGeometry } from "./geometry.js";

/**
 * Depthwise convolutions (one input channel per group, any number of output
 * channels per group; a single input channel is the case of one group) with
 * the direct SIMD kernels of `assembly/kernels/depthwise.ts`: each input
 * plane is padded once into scratch and convolved with the kernel of each of
 * its output channels, no im2col.
 */
export class DepthwiseEngine implements ConvEngine {
  private pad?: Tensor;
  private gradPad?: Tensor;
  private outPad?: Tensor;

  prepare(g: ConvGeometry): void {
    const eh = g.dh * (g.kh - 1), ew = g.dw * (g.kw - 1);
    // The kernels read whole vectors past a padded row's end: 3 spare floats per unit of stride.
    this.pad = workspace(this.pad, [g.hp * g.wp + 3 * g.sw]);
    this.gradPad = workspace(this.gradPad, [g.hp * g.wp]);
    this.outPad = workspace(this.outPad, [(g.oh + 2 * eh) * (g.ow + 2 * ew) + 3]);
  }

  forward(g: ConvGeometry, x: number, weight: number, bias: number, y: number): void {
    rt().k.depthwiseForward(x, weight, bias, y, this.pad!.ptr, g.n, g.inChannels, g.outChannels / g.inChannels, g.h, g.w, g.oh, g.ow, g.kh, g.kw, g.padTop, g.padLeft, g.sh, g.sw, g.dh, g.dw, g.hp, g.wp, g.reflect);
  }

  backward(g: ConvGeometry, x: number, dy: number, weight: number, gw: number, addW: number, gb: number, addB: number, gx: Tensor | null): void {
    const k = rt().k, c = g.inChannels, L = g.oh * g.ow;
    k.depthwiseWeightGrad(x, dy, gw, this.pad!.ptr, addW, g.n, c, g.outChannels / c, g.h, g.w, g.oh, g.ow, g.kh, g.kw, g.padTop, g.padLeft, g.sh, g.sw, g.dh, g.dw, g.hp, g.wp, g.reflect);
    if (gb !== 0) for (let s = 0; s < g.n; s++) k.rowSums(dy + s * g.outChannels * L * 4, gb, g.outChannels, L, s > 0 ? 1 : addB);
    if (gx !== null) {
      k.depthwiseInputGrad(dy, weight, gx.ptr, this.gradPad!.ptr, this.outPad!.ptr, g.n, c, g.outChannels / c, g.h, g.w, g.oh, g.ow, g.kh, g.kw, g.padTop, g.padLeft, g.sh, g.sw, g.dh, g.dw, g.hp, g.wp, g.reflect);
    }
  }

  dispose(): void {
    this.pad?.dispose();
    this.gradPad?.dispose();
    this.outPad?.dispose();
  }
}
