// torch.nn.init: in-place initialisers drawing from a seeded Generator.
// Distributions and bounds follow PyTorch's formulas; the streams differ
// (PyTorch's PRNG is not reproduced), so values are not bit-identical.
import type { Tensor } from "../tensor.js";
import { shapeStr } from "../tensor.js";
import { Generator, defaultGenerator } from "../random/generator.js";
import { sqrt } from "../runtime/math.js";
import { Parameter } from "./parameter.js";
import { checkOptions, optionNames } from "../options.js";

/** A tensor to initialise, or a parameter (its data is initialised). */
export type InitTarget = Tensor | Parameter;

/** Nonlinearities understood by {@link calculateGain}. */
export type Nonlinearity =
  | "linear" | "conv1d" | "conv2d" | "conv3d" | "conv_transpose1d" | "conv_transpose2d" | "conv_transpose3d"
  | "sigmoid" | "tanh" | "relu" | "leaky_relu" | "selu";

/** `mode` of the Kaiming initialisers: preserve the variance of the forward or the backward pass. */
export type FanMode = "fan_in" | "fan_out";

/** Options of {@link kaimingUniform} and {@link kaimingNormal}. */
export interface KaimingOptions {
  /** Negative slope of the rectifier after this layer (only for `leaky_relu`; default 0). */
  a?: number;
  mode?: FanMode;
  nonlinearity?: Nonlinearity;
  generator?: Generator;
}

function tensorOf(t: InitTarget): Tensor {
  return t instanceof Parameter ? t.data : t;
}

function fill(t: InitTarget, draw: () => number): void {
  const d = tensorOf(t).data;
  for (let i = 0; i < d.length; i++) d[i] = draw();
}

/** The recommended gain for a nonlinearity, as `torch.nn.init.calculate_gain`. */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case "linear": case "conv1d": case "conv2d": case "conv3d":
    case "conv_transpose1d": case "conv_transpose2d": case "conv_transpose3d": case "sigmoid":
      return 1;
    case "tanh":
      return 5 / 3;
    case "relu":
      return sqrt(2);
    case "leaky_relu": {
      const slope = param ?? 0.01;
      if (typeof slope !== "number" || !Number.isFinite(slope)) throw new Error(`negative_slope ${slope} not a valid number`);
      return sqrt(2 / (1 + slope * slope));
    }
    case "selu":
      return 3 / 4;
    default:
      throw new Error(`Unsupported nonlinearity ${nonlinearity as string}`);
  }
}

/** `[fanIn, fanOut]` of a weight `[out, in, ...kernel]`, as PyTorch computes them. */
export function fanInAndFanOut(t: InitTarget): [number, number] {
  const s = tensorOf(t).shape;
  if (s.length < 2) throw new Error(`Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (got shape ${shapeStr(s)})`);
  const receptive = s.slice(2).reduce((a, d) => a * d, 1);
  return [s[1] * receptive, s[0] * receptive];
}

function fan(t: InitTarget, mode: FanMode): number {
  if (mode !== "fan_in" && mode !== "fan_out") throw new Error(`Mode ${mode as string} not supported, please use one of fan_in, fan_out`);
  const [fanIn, fanOut] = fanInAndFanOut(t);
  return mode === "fan_in" ? fanIn : fanOut;
}

/** Fill with U(a, b). */
export function uniform(t: InitTarget, a = 0, b = 1, generator: Generator = defaultGenerator): InitTarget {
  fill(t, () => generator.uniform(a, b));
  return t;
}

/** Fill with N(mean, std²). */
export function normal(t: InitTarget, mean = 0, std = 1, generator: Generator = defaultGenerator): InitTarget {
  fill(t, () => generator.normal(mean, std));
  return t;
}

/** Fill with `value`. */
export function constant(t: InitTarget, value: number): InitTarget {
  tensorOf(t).data.fill(value);
  return t;
}

/** Fill with 0. */
export function zeros(t: InitTarget): InitTarget {
  return constant(t, 0);
}

/** Fill with 1. */
export function ones(t: InitTarget): InitTarget {
  return constant(t, 1);
}

/** Glorot uniform: U(-b, b) with b = gain * sqrt(6 / (fanIn + fanOut)). */
export function xavierUniform(t: InitTarget, gain = 1, generator: Generator = defaultGenerator): InitTarget {
  const [fanIn, fanOut] = fanInAndFanOut(t);
  const bound = gain * sqrt(6 / (fanIn + fanOut));
  return uniform(t, -bound, bound, generator);
}

/** Glorot normal: N(0, std²) with std = gain * sqrt(2 / (fanIn + fanOut)). */
export function xavierNormal(t: InitTarget, gain = 1, generator: Generator = defaultGenerator): InitTarget {
  const [fanIn, fanOut] = fanInAndFanOut(t);
  return normal(t, 0, gain * sqrt(2 / (fanIn + fanOut)), generator);
}

const KAIMING_OPTIONS = optionNames<KaimingOptions>({ a: true, mode: true, nonlinearity: true, generator: true });

function kaimingStd(who: string, t: InitTarget, options: KaimingOptions): number {
  checkOptions(who, options, KAIMING_OPTIONS);
  const { a = 0, mode = "fan_in", nonlinearity = "leaky_relu" } = options;
  const f = fan(t, mode);
  return f === 0 ? 0 : calculateGain(nonlinearity, a) / sqrt(f);
}

/** He uniform: U(-b, b) with b = gain * sqrt(3 / fan). PyTorch's Linear uses `a = sqrt(5)`. */
export function kaimingUniform(t: InitTarget, options: KaimingOptions = {}): InitTarget {
  const bound = sqrt(3) * kaimingStd("kaimingUniform", t, options);
  return uniform(t, -bound, bound, options.generator ?? defaultGenerator);
}

/** He normal: N(0, std²) with std = gain / sqrt(fan). */
export function kaimingNormal(t: InitTarget, options: KaimingOptions = {}): InitTarget {
  return normal(t, 0, kaimingStd("kaimingNormal", t, options), options.generator ?? defaultGenerator);
}
