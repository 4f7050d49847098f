import { depthwiseForward, depthwiseInputGrad, depthwiseWeightGrad } from "../../kernels/conv.js";
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
  readonly name = "depthwise";
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
    depthwiseForward(rt().k, { x, w: weight, bias, y, pad: this.pad!.ptr, n: g.n, c: g.inChannels, m: g.outChannels / g.inChannels, h: g.h, wd: g.w, oh: g.oh, ow: g.ow, kh: g.kh, kw: g.kw, padTop: g.padTop, padLeft: g.padLeft, sh: g.sh, sw: g.sw, dh: g.dh, dw: g.dw, hp: g.hp, wp: g.wp, reflect: g.reflect });
  }

  backward(g: ConvGeometry, x: number, dy: number, weight: number, gw: number, addW: number, gb: number, addB: number, gx: Tensor | null): void {
    const k = rt().k, c = g.inChannels;
    depthwiseWeightGrad(k, { x, dy, gw, gb, pad: this.pad!.ptr, accumulate: addW, accumulateBias: addB, n: g.n, c, m: g.outChannels / c, h: g.h, wd: g.w, oh: g.oh, ow: g.ow, kh: g.kh, kw: g.kw, padTop: g.padTop, padLeft: g.padLeft, sh: g.sh, sw: g.sw, dh: g.dh, dw: g.dw, hp: g.hp, wp: g.wp, reflect: g.reflect });
    if (gx !== null) {
      depthwiseInputGrad(k, { dy, w: weight, gx: gx.ptr, gpad: this.gradPad!.ptr, dpad: this.outPad!.ptr, n: g.n, c, m: g.outChannels / c, h: g.h, wd: g.w, oh: g.oh, ow: g.ow, kh: g.kh, kw: g.kw, padTop: g.padTop, padLeft: g.padLeft, sh: g.sh, sw: g.sw, dh: g.dh, dw: g.dw, hp: g.hp, wp: g.wp, reflect: g.reflect });
    }
  }

  dispose(): void {
    this.pad?.dispose();
    this.gradPad?.dispose();
    this.outPad?.dispose();
  }
}
