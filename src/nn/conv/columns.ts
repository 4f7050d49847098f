import { col2im, im2col } from "../../kernels/conv.js";
import { dotGemmNT } from "../../kernels/dot_gemm.js";
import { gemmPackA, gemmPackedA, gemmPackedASize } from "../../kernels/gemm.js";
import { rowSums } from "../../kernels/reduce.js";
import { rt } from "../../runtime/wasm.js";
import { workspace } from "../../tensor.js";
import type { Tensor } from "../../tensor.js";
import type { ConvEngine, ConvGeometry } from "./geometry.js";

/**
 * Convolutions as matrix products (any groups, stride, dilation, padding),
 * per sample and group: `im2col` lays the input windows out as a
 * `[C/g·kh·kw, oh·ow]` matrix and one GEMM computes the output (`W · col`,
 * the bias as C's starting rows); backward uses the same matrix for the
 * weight gradient (`dY · colᵀ`, by `dotGemmNT`: both are stored along oh·ow,
 * so it reads them in place, no packing) and scatters `Wᵀ · dY` back with `col2im`
 * for the input gradient. A 1×1 kernel with stride 1 and no padding reads
 * the input directly. The forward and input-gradient products pack `W` (or
 * `Wᵀ`) once per call for all samples and read `col` (or the input, or `dY`)
 * in place (`gemmPackedA`). (Batching the GEMMs over the samples measured no
 * faster: these shapes already run the microkernel at its rate.)
 */
export class ColumnsEngine implements ConvEngine {
  readonly name = "columns";
  private col?: Tensor;
  /** Every group's packed `W` (forward) or `Wᵀ` (backward), `packedW` floats apart. */
  private packed?: Tensor;
  private packedW = 0;

  constructor(private readonly direct: boolean) {}

  prepare(g: ConvGeometry): void {
    const K = (g.inChannels / g.groups) * g.kh * g.kw, ocg = g.outChannels / g.groups;
    if (!this.direct) this.col = workspace(this.col, [K, g.oh * g.ow]);
    const k = rt().k;
    this.packedW = Math.max(gemmPackedASize(k, { m: ocg, k: K }), gemmPackedASize(k, { m: K, k: ocg }));
    this.packed = workspace(this.packed, [g.groups * this.packedW]);
  }

  forward(g: ConvGeometry, x: number, weight: number, bias: number, y: number): void {
    const k = rt().k;
    const groups = g.groups, cg = g.inChannels / groups, ocg = g.outChannels / groups;
    const K = cg * g.kh * g.kw, L = g.oh * g.ow;
    const packed = this.packed!.ptr, stride = this.packedW * 4;
    for (let j = 0; j < groups; j++) gemmPackA(k, { a: weight + j * ocg * K * 4, m: ocg, k: K, transposed: 0, dst: packed + j * stride });
    for (let s = 0; s < g.n; s++) {
      for (let j = 0; j < groups; j++) {
        const col = this.columns(g, x + (s * g.inChannels + j * cg) * g.h * g.w * 4);
        const ys = y + (s * g.outChannels + j * ocg) * L * 4;
        gemmPackedA(k, { ap: packed + j * stride, b: col, c: ys, m: ocg, k: K, n: L, accumulate: 0, rowBias: bias !== 0 ? bias + j * ocg * 4 : 0 });
      }
    }
  }

  backward(g: ConvGeometry, x: number, dy: number, weight: number, gw: number, addW: number, gb: number, addB: number, gx: Tensor | null): void {
    const k = rt().k;
    const groups = g.groups, cg = g.inChannels / groups, ocg = g.outChannels / groups;
    const K = cg * g.kh * g.kw, L = g.oh * g.ow;
    if (gx !== null && !this.direct) gx.zero();
    const packed = this.packed!.ptr, stride = this.packedW * 4;
    if (gx !== null) for (let j = 0; j < groups; j++) gemmPackA(k, { a: weight + j * ocg * K * 4, m: K, k: ocg, transposed: 1, dst: packed + j * stride });
    for (let s = 0; s < g.n; s++) {
      for (let j = 0; j < groups; j++) {
        const off = (s * g.inChannels + j * cg) * g.h * g.w * 4;
        const dys = dy + (s * g.outChannels + j * ocg) * L * 4;
        const col = this.columns(g, x + off);
        dotGemmNT(k, { a: dys, b: col, c: gw + j * ocg * K * 4, m: ocg, k: L, n: K, accumulate: s > 0 ? 1 : addW });
        if (gb !== 0) rowSums(k, { x: dys, out: gb + j * ocg * 4, rows: ocg, cols: L, accumulate: s > 0 ? 1 : addB });
        if (gx === null) continue;
        const wt = packed + j * stride;
        if (this.direct) {
          gemmPackedA(k, { ap: wt, b: dys, c: gx.ptr + off, m: K, k: ocg, n: L, accumulate: 0, rowBias: 0 });
        } else {
          gemmPackedA(k, { ap: wt, b: dys, c: col, m: K, k: ocg, n: L, accumulate: 0, rowBias: 0 });
          col2im(k, { col, gx: gx.ptr + off, c: cg, h: g.h, w: g.w, kh: g.kh, kw: g.kw, padTop: g.padTop, padLeft: g.padLeft, sh: g.sh, sw: g.sw, dh: g.dh, dw: g.dw, oh: g.oh, ow: g.ow, reflect: g.reflect });
        }
      }
    }
  }

  // The im2col matrix of one sample's group (at byte offset xs), or the input itself for a direct 1×1 convolution.
  private columns(g: ConvGeometry, xs: number): number {
    if (this.direct) return xs;
    const col = this.col!.ptr;
    im2col(rt().k, { x: xs, col, c: g.inChannels / g.groups, h: g.h, w: g.w, kh: g.kh, kw: g.kw, padTop: g.padTop, padLeft: g.padLeft, sh: g.sh, sw: g.sw, dh: g.dh, dw: g.dw, oh: g.oh, ow: g.ow, reflect: g.reflect });
    return col;
  }

  dispose(): void {
    this.col?.dispose();
    this.packed?.dispose();
  }
}
