import * as W from "../../kernels/winograd.js";
import { dotGemmNT } from "../../kernels/dot_gemm.js";
import { gemmPackA, gemmPackedA, gemmPackedASize } from "../../kernels/gemm.js";
import { rt } from "../../runtime/wasm.js";
import { workspace } from "../../tensor.js";
import type { Tensor } from "../../tensor.js";
import type { ConvEngine, ConvGeometry } from "./geometry.js";

/**
 * About how many transformed values per channel the engine transforms and
 * multiplies at once (tiles × positions), per output tile size m: whole
 * samples up to this many (one sample at least), so that a chunk's M and dV
 * stay in cache between the products and the transforms. A function of the
 * shapes only: the chunks split the weight gradient's sums, so they decide
 * its bits.
 *
 * F(2×2, 3×3): 256 tiles of 16. First tuned at 512 tiles, when Fashion-MNIST's
 * conv2 ran F(2×2, 3×3) (1.3× faster than the whole minibatch at once, 256
 * and 1024 tiles no better). Re-measured on 2026-12-06 with the products
 * reading V and dM in place (docs/performance.md, "Winograd chunk sizes
 * re-tuned"): 256 tiles ran digits' conv2 ×1.02–1.12 (medians of twelve
 * runs; their median ×1.05) and at batch 128 ×0.99–1.08 (median ×1.04),
 * 32→32 on 6×6 ×1.01–1.08, but 32→64 on 10×10 ×0.93–1.06 (median ×0.985);
 * and it halves digits' weight-gradient error against float64.
 *
 * F(4×4, 3×3): 8,192 values, about 228 tiles of 36 (2 MB of M on
 * Fashion-MNIST's conv2). Re-measured then too: ¼×, ½× and 2× as many ran
 * Fashion conv2 (batch 64 and 128) and 32→32 on 28×28 ×0.91–1.02, ⅛× and
 * the whole minibatch ×0.79–0.99; so unchanged.
 *
 * F(5×5, 3×3): the same 8,192 values, about 167 tiles of 49, rounded down to
 * a whole number of 8-tile panels ({@link chunkSamples}).
 */
const CHUNK_VALUES: Readonly<Record<WinogradTileSize, number>> = { 2: 256 * 16, 4: 512 * 16, 5: 512 * 16 };

/**
 * Samples per chunk, from about `samples` (at least one): for F(5×5, 3×3),
 * a whole number of the products' 8-column panels of tiles (gemm.ts's NR),
 * which they then read in place instead of packing a ragged last one (Fashion
 * conv2, 9 tiles a sample: 16 samples ran ×1.18 faster than F(4×4, 3×3),
 * 18 samples ×1.03–1.06, 32 no faster; docs/performance.md). F(2×2, 3×3) and
 * F(4×4, 3×3) keep their chunks, and with them their bits.
 */
function chunkSamples(m: WinogradTileSize, samples: number, perSample: number): number {
  if (m !== 5) return Math.max(1, samples);
  const unit = 8 / gcd(perSample, 8);
  return Math.max(unit, Math.floor(samples / unit) * unit);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * Floats between two of the 16 (36) blocks of V or M holding `floats` each: a
 * whole number of 4 KB pages plus one cache line, so that the transforms'
 * streams fall in different L1 sets (exactly a power of two apart they would
 * share one: digits' conv2 ran its output gradient 2.5× slower).
 */
function blockFloats(floats: number): number {
  return Math.ceil(floats / 1024) * 1024 + 16;
}

/**
 * Fewest input channels per group for which Winograd beats im2col. Measured
 * forward + backward at batch 64 (docs/performance.md): from 4 input channels
 * on it was faster at every output count tried (1 to 128; ×1.15 for 4→8,
 * ×1.8 for 4→4, ×2.4 for 8→8), with 2 or 3 it lost when the outputs
 * outnumber the inputs (×0.64 for 2→32, ×0.90 for 3→16).
 */
export const WINOGRAD_MIN_IN_CHANNELS = 4;

/**
 * Whether a layer runs {@link WinogradEngine}: a 3×3 kernel, stride and
 * dilation 1 and at least {@link WINOGRAD_MIN_IN_CHANNELS} input channels
 * per group. Decided by the shape alone, so that every runtime computes the
 * same bits.
 */
export function winogradEligible(kernel: readonly number[], stride: readonly number[], dilation: readonly number[], inPerGroup: number): boolean {
  const ones = (v: readonly number[]): boolean => v.every((s) => s === 1);
  return kernel[0] === 3 && kernel[1] === 3 && ones(stride) && ones(dilation) && inPerGroup >= WINOGRAD_MIN_IN_CHANNELS;
}

/**
 * The output tile size for an output of `oh` × `ow`: 4, F(4×4, 3×3), when it
 * is more than 4 wide and F(4×4, 3×3) multiplies at most
 * {@link WINOGRAD4_MAX_PRODUCTS} times as often as F(2×2, 3×3) over the tiles
 * that cover the output (36 per 4×4 tile against 16 per 2×2 tile); else 2.
 * Decided by the shape alone, so that every runtime computes the same bits.
 *
 * Measured forward + backward at batch 64, padding 1, F(4×4, 3×3) against
 * F(2×2, 3×3) in one process (docs/performance.md; the machine shared, so
 * ±10%): on 14×14 (products 0.73×) ×1.25–1.36 for 32→64, ×1.18–1.37 at
 * batch 128, ×1.14 with 4 groups, ×1.15 for 4→8, ×1.09 for 8→8; on 28×28
 * (0.56×) ×1.70 for 32→32, ×1.33 for 4→8; on 10×10 (0.81×) ×0.90–1.27, no
 * clear gain for the larger rounding, hence 0.75; on 6×6 (1.0×) ×0.69–0.72.
 * On 7×7 and 8×8 (0.56×), where a tile row has two tiles and a group of four
 * is two tile rows (winograd4.ts), ×1.31–1.50 at every channel count tried
 * (4→4, 4→8, 8→8, 8→16, 16→16, 16→32 and digits' 16→32 on 8×8, 16→32 on
 * 7×7); but ×1.11 at batch 4 and ×0.70 at batch 1, where transforming the
 * kernels outweighs the tiles. Outputs 4 or fewer wide (one tile a row, the
 * vectors three-quarters empty) keep F(2×2, 3×3).
 *
 * Where F(4×4, 3×3) would run, F(5×5, 3×3) runs instead when it multiplies at
 * most {@link WINOGRAD5_MAX_PRODUCTS} times as often (49 per 5×5 tile): 14×14
 * (0.77×; Fashion-MNIST's conv2, ×1.15–1.20 faster forward + backward, at
 * about 2.7× F(4×4, 3×3)'s rounding), 13×13, 15×15, 17×15, outputs 5 wide;
 * not 8×8, 16×16, 20×20 (0.87×) or 28×28 (1.0×). Only 14×14 was timed; for
 * the others the rule is the products' count.
 */
export function winogradTile(oh: number, ow: number): WinogradTileSize {
  const products = (m: number): number => Math.ceil(oh / m) * Math.ceil(ow / m) * (m + 2) ** 2;
  if (!(ow > 4 && products(4) <= WINOGRAD4_MAX_PRODUCTS * products(2))) return 2;
  return products(5) <= WINOGRAD5_MAX_PRODUCTS * products(4) ? 5 : 4;
}

/** Output tile sizes m of F(m×m, 3×3) that {@link WinogradEngine} runs. */
export type WinogradTileSize = 2 | 4 | 5;

/** Largest ratio of F(4×4, 3×3)'s products to F(2×2, 3×3)'s for which it runs (see {@link winogradTile}). */
export const WINOGRAD4_MAX_PRODUCTS = 0.75;

/** Largest ratio of F(5×5, 3×3)'s products to F(4×4, 3×3)'s for which it runs where F(4×4, 3×3) would (see {@link winogradTile}). */
export const WINOGRAD5_MAX_PRODUCTS = 0.85;

/** The kernels of one Winograd variant (same arguments for both). */
interface Transforms {
  readonly input: typeof W.winogradInput;
  readonly inputGrad: typeof W.winogradInputGrad;
  readonly output: typeof W.winogradOutput;
  readonly outputGrad: typeof W.winogradOutputGrad;
  readonly filter: typeof W.winogradFilter;
  readonly filterGrad: typeof W.winogradFilterGrad;
}

const F2: Transforms = {
  input: W.winogradInput, inputGrad: W.winogradInputGrad, output: W.winogradOutput,
  outputGrad: W.winogradOutputGrad, filter: W.winogradFilter, filterGrad: W.winogradFilterGrad,
};
const F4: Transforms = {
  input: W.winograd4Input, inputGrad: W.winograd4InputGrad, output: W.winograd4Output,
  outputGrad: W.winograd4OutputGrad, filter: W.winograd4Filter, filterGrad: W.winograd4FilterGrad,
};
const F5: Transforms = {
  input: W.winograd5Input, inputGrad: W.winograd5InputGrad, output: W.winograd5Output,
  outputGrad: W.winograd5OutputGrad, filter: W.winograd5Filter, filterGrad: W.winograd5FilterGrad,
};
const TRANSFORMS: Readonly<Record<WinogradTileSize, Transforms>> = { 2: F2, 4: F4, 5: F5 };

/**
 * 3×3 stride-1 convolutions by Winograd's F(m×m, 3×3), m = 2, 4 or 5
 * (`assembly/kernels/winograd.ts`, `winograd4.ts`, `winograd5.ts`): the input's (m+2)×(m+2)
 * patches of every m×m output tile and the kernels are transformed, the
 * (m+2)² transform positions each become one GEMM over the channels
 * (`U[ξ] · V[ξ]`, `[cout, cin] · [cin, tiles]`) and the output transform adds
 * them up into m×m tiles. The backward pass is the exact adjoint of the same
 * steps: the weight gradient is `dM[ξ] · V[ξ]ᵀ` (V of the whole minibatch kept
 * from the forward pass; both stored along the tiles, so `dotGemmNT` reads them
 * in place), the input gradient `U[ξ]ᵀ · dM[ξ]` transformed back.
 * Per m×m output tile and channel pair all three take (m+2)² of im2col's 9m²
 * multiplications (16 of 36 for F(2×2, 3×3), 36 of 144 for F(4×4, 3×3)), at
 * the price of a few ulps of rounding, more for m = 4 (docs/nn.md). The
 * minibatch runs in chunks of whole samples ({@link CHUNK_VALUES}); V is laid
 * out chunk by chunk. The forward and input-gradient products pack every U[ξ]
 * (or U[ξ]ᵀ) once per pass and read V (or dM) in place (`gemmPackedA`). The
 * tile size is chosen per input shape by {@link winogradTile}.
 */
export class WinogradEngine implements ConvEngine {
  /** Output tile size m, transform positions (m+2)², and the kernels: for the last input shape ({@link winogradTile}). */
  private tile: WinogradTileSize = 2;
  private positions = 16;
  private t: Transforms = F2;
  private pad?: Tensor;
  private u?: Tensor;
  /** Every product's packed U[ξ] (forward) or U[ξ]ᵀ (backward), `packedU` floats apart, packed once per call. */
  private packed?: Tensor;
  private packedU = 0;
  private v?: Tensor;
  private m?: Tensor;
  private du?: Tensor;
  private dv?: Tensor;
  private tilesH = 0;
  private tilesW = 0;
  /** Samples per chunk; floats between two blocks ξ of V (and dV) and of M. */
  private chunk = 0;
  private vBlock = 0;
  private mBlock = 0;

  /** `"winograd4"` while F(4×4, 3×3) runs, `"winograd5"` while F(5×5, 3×3) does, else (and before the first input) `"winograd"`. */
  get name(): "winograd" | "winograd4" | "winograd5" {
    return this.tile === 2 ? "winograd" : `winograd${this.tile}`;
  }

  prepare(g: ConvGeometry): void {
    const m = (this.tile = winogradTile(g.oh, g.ow)), P = (this.positions = (m + 2) ** 2);
    this.t = TRANSFORMS[m];
    this.tilesH = Math.ceil(g.oh / m);
    this.tilesW = Math.ceil(g.ow / m);
    const perSample = this.tilesH * this.tilesW;
    this.chunk = Math.min(g.n, chunkSamples(m, Math.floor(CHUNK_VALUES[m] / P / perSample), perSample));
    const chunkTiles = this.chunk * perSample;
    this.vBlock = blockFloats(g.inChannels * chunkTiles);
    this.mBlock = blockFloats(g.outChannels * chunkTiles);
    // One padded input plane: tile rows read m + 2 rows from every m-th one, a group of four tiles'
    // patches 4m + 2 floats from every 4m-th column (F(4×4, 3×3) loads whole vectors: 4m + 4).
    // F(5×5, 3×3) groups tiles across tile rows and samples: a plane per sample of the chunk, whose
    // patches' rows it loads as 8 floats from every 5th column.
    const padded = m === 5 ? this.chunk * (5 * this.tilesH + 2) * (5 * this.tilesW + 3) : (m * this.tilesH + 2) * (m * Math.ceil(this.tilesW / 4) * 4 + m);
    this.pad = workspace(this.pad, [padded]);
    this.u = workspace(this.u, [P, g.outChannels, g.inChannels / g.groups]);
    const k = rt().k, cg = g.inChannels / g.groups, ocg = g.outChannels / g.groups;
    this.packedU = Math.max(gemmPackedASize(k, { m: ocg, k: cg }), gemmPackedASize(k, { m: cg, k: ocg }));
    this.packed = workspace(this.packed, [P * g.groups * this.packedU]);
    this.v = workspace(this.v, [Math.ceil(g.n / this.chunk) * P * this.vBlock]);
    this.m = workspace(this.m, [P * this.mBlock]);
  }

  forward(g: ConvGeometry, x: number, weight: number, bias: number, y: number): void {
    const k = rt().k;
    const u = this.u!.ptr, m = this.m!.ptr, t = this.t;
    t.filter(k, { weight, u, cout: g.outChannels, cin: g.inChannels / g.groups });
    this.packU(g, 0);
    this.chunks(g, (s, n, T, v) => {
      t.input(k, { x: x + s * g.inChannels * g.h * g.w * 4, v, block: this.vBlock, pad: this.pad!.ptr, n, c: g.inChannels, h: g.h, w: g.w, padTop: g.padTop, padLeft: g.padLeft, hp: g.hp, wp: g.wp, tilesH: this.tilesH, tilesW: this.tilesW, reflect: g.reflect });
      this.products(g, T, (ug, vg, mg, cg, ocg, i) => gemmPackedA(k, { ap: this.packedAt(i), b: vg, c: mg, m: ocg, k: cg, n: T, accumulate: 0, rowBias: 0 }), u, v, m);
      t.output(k, { m, block: this.mBlock, bias, y: y + s * g.outChannels * g.oh * g.ow * 4, n, cout: g.outChannels, oh: g.oh, ow: g.ow, tilesH: this.tilesH, tilesW: this.tilesW });
    });
  }

  backward(g: ConvGeometry, x: number, dy: number, weight: number, gw: number, addW: number, gb: number, addB: number, gx: Tensor | null): void {
    const k = rt().k;
    const cg = g.inChannels / g.groups, L = g.oh * g.ow;
    const u = this.u!.ptr, dm = this.m!.ptr, t = this.t, P = this.positions;
    this.du = workspace(this.du, [P, g.outChannels, cg]);
    if (gx !== null) this.dv = workspace(this.dv, [P * this.vBlock]);
    const du = this.du.ptr;
    if (gx !== null) this.packU(g, 1);
    this.chunks(g, (s, n, T, v) => {
      // The bias gradient too (the columns engine's rowSums bits), each plane summed while the transform has it in cache.
      t.outputGrad(k, { dy: dy + s * g.outChannels * L * 4, dm, block: this.mBlock, n, cout: g.outChannels, oh: g.oh, ow: g.ow, tilesH: this.tilesH, tilesW: this.tilesW, gb, accumulateBias: s > 0 ? 1 : addB });
      this.products(g, T, (ug, vg, mg, cgr, ocg) => dotGemmNT(k, { a: mg, b: vg, c: ug, m: ocg, k: T, n: cgr, accumulate: s > 0 ? 1 : 0 }), du, v, dm);
      if (gx === null) return;
      const dv = this.dv!.ptr;
      this.products(g, T, (ug, vg, mg, cgr, ocg, i) => gemmPackedA(k, { ap: this.packedAt(i), b: mg, c: vg, m: cgr, k: ocg, n: T, accumulate: 0, rowBias: 0 }), u, dv, dm);
      t.inputGrad(k, { dv, block: this.vBlock, gx: gx.ptr + s * g.inChannels * g.h * g.w * 4, pad: this.pad!.ptr, n, c: g.inChannels, h: g.h, w: g.w, padTop: g.padTop, padLeft: g.padLeft, hp: g.hp, wp: g.wp, tilesH: this.tilesH, tilesW: this.tilesW, reflect: g.reflect });
    });
    t.filterGrad(k, { du, gw, cout: g.outChannels, cin: cg, accumulate: addW });
  }

  // fn(first sample, samples, tiles, byte offset of the chunk's V) for each chunk of samples in order.
  private chunks(g: ConvGeometry, fn: (s: number, n: number, tiles: number, v: number) => void): void {
    for (let s = 0; s < g.n; s += this.chunk) {
      const n = Math.min(this.chunk, g.n - s);
      fn(s, n, n * this.tilesH * this.tilesW, this.v!.ptr + (s / this.chunk) * this.positions * this.vBlock * 4);
    }
  }

  // Call `gemm` with the byte offsets of every position ξ's and group's blocks of a
  // U-shaped [P, cout, cin/groups], a V-shaped [P, cin, T] and an M-shaped [P, cout, T] buffer
  // (the blocks of V and M vBlock and mBlock floats apart), and the product's index.
  private products(g: ConvGeometry, T: number, gemm: (u: number, v: number, m: number, cg: number, ocg: number, i: number) => void, u: number, v: number, m: number): void {
    const cg = g.inChannels / g.groups, ocg = g.outChannels / g.groups;
    for (let xi = 0; xi < this.positions; xi++) {
      for (let j = 0; j < g.groups; j++) {
        gemm(u + (xi * g.outChannels + j * ocg) * cg * 4, v + (xi * this.vBlock + j * cg * T) * 4, m + (xi * this.mBlock + j * ocg * T) * 4, cg, ocg, xi * g.groups + j);
      }
    }
  }

  // Pack every product's U[ξ] (transposed = 0: for U·V) or U[ξ]ᵀ (1: for Uᵀ·dM) once for all chunks.
  private packU(g: ConvGeometry, transposed: number): void {
    const k = rt().k, cg = g.inChannels / g.groups, ocg = g.outChannels / g.groups;
    const [m, depth] = transposed ? [cg, ocg] : [ocg, cg];
    this.products(g, 0, (ug, _v, _m, _cg, _ocg, i) => gemmPackA(k, { a: ug, m, k: depth, transposed, dst: this.packedAt(i) }), this.u!.ptr, 0, 0);
  }

  // Byte offset of product i's packed U.
  private packedAt(i: number): number {
    return this.packed!.ptr + i * this.packedU * 4;
  }

  dispose(): void {
    for (const t of [this.pad, this.u, this.packed, this.v, this.m, this.du, this.dv]) t?.dispose();
  }
}
