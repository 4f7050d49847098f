import { Tensor, shapeStr, workspace } from "../../tensor.js";
import { Generator, defaultGenerator } from "../../random/generator.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { checkGradShape, saved, sameShape } from "../check.js";
import { defaultInit } from "../default_init.js";
import { sizes, tuple } from "./args.js";
import { optionNames } from "../../options.js";
import { ColumnsEngine } from "./columns.js";
import { DepthwiseEngine } from "./depthwise.js";
import { WinogradEngine, winogradEligible } from "./winograd.js";
import type { ConvEngine, ConvEngineName, ConvGeometry } from "./geometry.js";

/** How a convolution pads its input: torch's `padding_mode` values this library implements. */
export type PaddingMode = "zeros" | "reflect";

/** The options every convolution takes, whatever its number of spatial dimensions. */
export interface ConvOptions<Size> {
  /** Step between windows (default 1). */
  stride?: Size;
  /**
   * Padding on both sides of each spatial dimension (default 0), or
   * `"valid"` (none) or `"same"` (the output as large as the input; stride
   * 1 only; an even effective kernel pads one more on the right/bottom, as torch).
   */
  padding?: Size | "same" | "valid";
  /** Spacing between kernel taps (default 1). */
  dilation?: Size;
  /** Split the channels into this many independent groups (default 1; `inChannels` for depthwise). */
  groups?: number;
  /** Learn an additive per-channel bias (default `true`). */
  bias?: boolean;
  /** What the padding reads: `"zeros"` (default) or the mirrored input, `"reflect"`. */
  paddingMode?: PaddingMode;
  /** Source of the initial weights (default: `defaultGenerator`). */
  generator?: Generator;
}

/** The option names of every convolution (checked by the compiler against {@link ConvOptions}). */
export const CONV_OPTIONS = optionNames<ConvOptions<number>>({ stride: true, padding: true, dilation: true, groups: true, bias: true, paddingMode: true, generator: true });

/**
 * The shared frame of `Conv1d` and `Conv2d`: a 2-D convolution over NCHW
 * data (Conv1d is the height-1 case; an unbatched input is a batch of one).
 * Layers with one input channel per group (depthwise, or a single input
 * channel) run the direct kernels of {@link DepthwiseEngine}; 3×3 stride-1
 * layers with 4 or more input channels per group Winograd's F(2×2, 3×3) or
 * F(4×4, 3×3) ({@link WinogradEngine}, see `winogradEligible`; the variant
 * by the output's size, `winogradTile`); all others im2col and the GEMM
 * ({@link ColumnsEngine}). The choice depends on the layer's and the input's
 * shapes only. Inputs, outputs and gradients stay NCHW, as in PyTorch; only the
 * engines' scratch has other layouts.
 */
export class ConvNd extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly groups: number;
  readonly paddingMode: PaddingMode;
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  /** Kernel, stride and dilation as `[height, width]` (height 1 for Conv1d). */
  protected readonly kernel2: number[];
  protected readonly stride2: number[];
  protected readonly dilation2: number[];
  /** Padding before and after, `[top, bottom, left, right]`. */
  protected readonly pad4: number[];
  private readonly padding: number[] | "same" | "valid";
  private readonly dims: 1 | 2;
  private readonly engine: ConvEngine;
  private input?: Tensor;
  private inShape: number[] = [];
  private geo?: ConvGeometry;
  private out?: Tensor;
  private gradIn?: Tensor;

  /** @param dims 1 or 2 spatial dimensions; the size options come in that many entries. */
  protected constructor(dims: 1 | 2, inChannels: number, outChannels: number, kernelSize: unknown, options: ConvOptions<unknown>) {
    super();
    const who = this.constructor.name;
    const { stride = 1, padding = 0, dilation = 1, groups = 1, bias = true, paddingMode = "zeros", generator = defaultGenerator } = options;
    for (const [name, v] of [["inChannels", inChannels], ["outChannels", outChannels]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new RangeError(`wasmtune: ${who}: ${name} must be a positive integer, got ${v}`);
    }
    if (!Number.isInteger(groups) || groups <= 0) throw new RangeError("groups must be a positive integer");
    if (inChannels % groups !== 0) throw new RangeError("in_channels must be divisible by groups");
    if (outChannels % groups !== 0) throw new RangeError("out_channels must be divisible by groups");
    if (paddingMode !== "zeros" && paddingMode !== "reflect") {
      throw new RangeError(`wasmtune: ${who}: paddingMode must be "zeros" or "reflect" (torch's "replicate" and "circular" are not implemented), got ${JSON.stringify(paddingMode)}`);
    }
    if (typeof bias !== "boolean") throw new TypeError(`wasmtune: ${who}: bias must be true or false, got ${String(bias)}`);
    const kernel = sizes(who, "kernelSize", kernelSize, dims, 1);
    const strides = sizes(who, "stride", stride, dims, 1);
    const dilations = sizes(who, "dilation", dilation, dims, 1);
    const lift = (v: number[], fill: number): number[] => (dims === 1 ? [fill, v[0]] : v);
    this.kernel2 = lift(kernel, 1);
    this.stride2 = lift(strides, 1);
    this.dilation2 = lift(dilations, 1);
    if (typeof padding === "string") {
      if (padding !== "same" && padding !== "valid") throw new RangeError(`Invalid padding string '${padding}', should be one of {'valid', 'same'}`);
      if (padding === "same" && strides.some((s) => s !== 1)) throw new RangeError("padding='same' is not supported for strided convolutions");
      this.padding = padding;
    } else {
      this.padding = sizes(who, "padding", padding, dims, 0);
    }
    this.dims = dims;
    this.pad4 = this.padAmounts();
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.groups = groups;
    this.paddingMode = paddingMode;
    const direct = this.kernel2.every((k) => k === 1) && this.stride2.every((s) => s === 1) && this.pad4.every((p) => p === 0);
    this.engine = groups === inChannels && !direct ? new DepthwiseEngine()
      : winogradEligible(this.kernel2, this.stride2, this.dilation2, inChannels / groups) ? new WinogradEngine()
      : new ColumnsEngine(direct);
    this.weight = this.registerParameter("weight", new Parameter(Tensor.empty([outChannels, inChannels / groups, ...kernel])));
    this.bias = bias ? this.registerParameter("bias", new Parameter(Tensor.empty([outChannels]))) : null;
    this.resetParameters(generator);
  }

  /**
   * Which engine computes this layer, chosen from its shape when it is built:
   * `"depthwise"`, `"winograd"` or `"columns"` (im2col and the GEMM); a
   * Winograd layer says `"winograd4"` while its last input's size runs
   * F(4×4, 3×3) (`"winograd"`, F(2×2, 3×3), otherwise and before any input).
   */
  get engineName(): ConvEngineName {
    return this.engine.name;
  }

  /** Re-draw the weights with PyTorch's default initialisation (as `Linear`'s, over fan-in `in/groups·kh·kw`). */
  resetParameters(generator: Generator = defaultGenerator): void {
    defaultInit(this.weight, this.bias, generator);
  }

  forward(x: Tensor): Tensor {
    if (!sameShape(this.inShape, x.shape) || this.out === undefined) this.prepare(x);
    this.input = x;
    this.engine.forward(this.geo!, x.ptr, this.weight.data.ptr, this.bias?.data.ptr ?? 0, this.out!.ptr);
    return this.out!;
  }

  override backward(gradOut: Tensor): Tensor {
    const x = saved(this.input, this);
    const gx = (this.gradIn = workspace(this.gradIn, x.shape));
    this.backwardInto(gradOut, gx);
    return gx;
  }

  override backwardParams(gradOut: Tensor): void {
    this.backwardInto(gradOut, null);
  }

  // Weight and bias gradients, and the input gradient into gx unless it is null.
  private backwardInto(gradOut: Tensor, gx: Tensor | null): void {
    const x = saved(this.input, this);
    checkGradShape(this, gradOut, saved(this.out, this).shape);
    const addW = this.weight.claimGrad();
    const b = this.bias;
    this.engine.backward(this.geo!, x.ptr, gradOut.ptr, this.weight.data.ptr, this.weight.grad.ptr, addW, b ? b.grad.ptr : 0, b ? b.claimGrad() : 0, gx);
  }

  // Check a new input shape and size the output and column workspaces for it.
  private prepare(x: Tensor): void {
    const s = x.shape, dims = this.dims;
    const batched = s.length === dims + 2;
    if (!batched && s.length !== dims + 1) {
      throw new Error(`Expected ${dims + 1}D (unbatched) or ${dims + 2}D (batched) input to conv${dims}d, but got input of size: ${shapeStr(s)}`);
    }
    const n = batched ? s[0] : 1, c = s[s.length - dims - 1], h = dims === 1 ? 1 : s[s.length - 2], w = s[s.length - 1];
    if (c !== this.inChannels) {
      throw new Error(`Given groups=${this.groups}, weight of size ${shapeStr(this.weight.shape)}, expected input${shapeStr(x.shape)} to have ${this.inChannels} channels, but got ${c} channels instead`);
    }
    const [t, b, l, r] = this.pad4;
    if (this.paddingMode === "reflect" && ((t > 0 || b > 0) && Math.max(t, b) >= h || (l > 0 || r > 0) && Math.max(l, r) >= w)) {
      throw new Error(`wasmtune: ${this}: reflect padding ${tuple(this.pad4)} must be smaller than the input's spatial size, got input of shape ${shapeStr(x.shape)}`);
    }
    const [kh, kw] = this.kernel2, [dh, dw] = this.dilation2, [sh, sw] = this.stride2;
    const ekh = dh * (kh - 1) + 1, ekw = dw * (kw - 1) + 1;
    if (h + t + b < ekh || w + l + r < ekw) {
      throw new Error(`Calculated padded input size per channel: (${h + t + b} x ${w + l + r}). Kernel size: (${ekh} x ${ekw}). Kernel size can't be greater than actual input size (input of shape ${shapeStr(x.shape)})`);
    }
    const oh = Math.floor((h + t + b - ekh) / sh) + 1, ow = Math.floor((w + l + r - ekw) / sw) + 1;
    this.geo = {
      n, inChannels: c, outChannels: this.outChannels, groups: this.groups, h, w, oh, ow, kh, kw, sh, sw, dh, dw,
      padTop: t, padLeft: l, hp: h + t + b, wp: w + l + r, reflect: this.paddingMode === "reflect" ? 1 : 0,
    };
    this.inShape = x.shape.slice();
    const spatial = dims === 1 ? [ow] : [oh, ow];
    this.out = workspace(this.out, batched ? [n, this.outChannels, ...spatial] : [this.outChannels, ...spatial]);
    this.engine.prepare(this.geo);
  }

  // [top, bottom, left, right]; "same" puts the odd one on the bottom/right, as torch.
  private padAmounts(): number[] {
    if (this.padding === "valid") return [0, 0, 0, 0];
    if (this.padding === "same") {
      const total = this.kernel2.map((k, i) => this.dilation2[i] * (k - 1));
      return [Math.floor(total[0] / 2), total[0] - Math.floor(total[0] / 2), Math.floor(total[1] / 2), total[1] - Math.floor(total[1] / 2)];
    }
    const p = this.padding.length === 1 ? [0, this.padding[0]] : this.padding;
    return [p[0], p[0], p[1], p[1]];
  }

  /** An unbatched input runs as a batch of one and is squeezed back, as in PyTorch. */
  override gradFnName(x: Tensor): string {
    return x.ndim === this.dims + 2 ? "ConvolutionBackward0" : "SqueezeBackward1";
  }

  override toString(): string {
    const pick = (v: number[]): number[] => v.slice(2 - this.dims);
    const pad = typeof this.padding === "string" ? `'${this.padding}'` : tuple(this.padding);
    let s = `${this.constructor.name}(${this.inChannels}, ${this.outChannels}, kernel_size=${tuple(pick(this.kernel2))}, stride=${tuple(pick(this.stride2))}, padding=${pad}`;
    if (this.dilation2.some((d) => d !== 1)) s += `, dilation=${tuple(pick(this.dilation2))}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (!this.bias) s += ", bias=False";
    if (this.paddingMode !== "zeros") s += `, padding_mode=${this.paddingMode}`;
    return `${s})`;
  }

  protected override disposeWorkspaces(): void {
    this.engine.dispose();
    this.out?.dispose();
    this.gradIn?.dispose();
  }
}
