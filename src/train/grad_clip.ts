import type { Parameter } from "../nn/parameter.js";
import { clipGradNorm, clipGradValue } from "../optim/clip.js";
import { checkOptions, optionNames } from "../options.js";

/** `fit`'s `clipGradNorm` as an object: the arguments of `optim.clipGradNorm` after the parameters. */
export interface FitClipGradNorm {
  /** Largest joint norm the gradients may have. */
  maxNorm: number;
  /** Order of the norm: a positive number or `Infinity`. Default 2. */
  normType?: number;
  /** Stop training with PyTorch's error when the total norm is NaN or infinite. Default false. */
  errorIfNonfinite?: boolean;
}

/** The two clipping options of `fit`, validated here. */
export interface GradientClipping {
  clipGradNorm?: number | FitClipGradNorm;
  clipGradValue?: number;
}

const NORM_OPTIONS = optionNames<FitClipGradNorm>({ maxNorm: true, normType: true, errorIfNonfinite: true });

const positive = (v: unknown): v is number => typeof v === "number" && v > 0 && Number.isFinite(v);

/**
 * The clipping a `fit` run applies, its options validated and with their
 * defaults: what `TrainingContext.gradientClipping` shows callbacks.
 */
export type ClippingSetting =
  | { readonly clipGradNorm: Readonly<Required<FitClipGradNorm>> }
  | { readonly clipGradValue: number };

/**
 * `fit`'s clipping options as a {@link ClippingSetting}, or undefined when
 * neither is given. Refuses both at once and values that would not clip
 * (zero, negative, NaN, infinite), before training starts.
 */
export function clippingSetting(o: GradientClipping): ClippingSetting | undefined {
  if (o.clipGradNorm !== undefined && o.clipGradValue !== undefined) {
    throw new Error("wasmtune: fit takes clipGradNorm or clipGradValue, not both: clip by the gradients' joint norm or by each element's value");
  }
  if (o.clipGradValue !== undefined) {
    const v = o.clipGradValue;
    if (!positive(v)) throw new RangeError(`wasmtune: clipGradValue must be a positive finite number, got ${String(v)}`);
    return { clipGradValue: v };
  }
  if (o.clipGradNorm === undefined) return undefined;
  const given: unknown = o.clipGradNorm;
  if (typeof given !== "number" && (typeof given !== "object" || given === null || Array.isArray(given))) {
    throw new TypeError(`wasmtune: clipGradNorm must be a number (maxNorm) or { maxNorm, normType, errorIfNonfinite }, got ${JSON.stringify(given)}`);
  }
  const spec = typeof given === "number" ? { maxNorm: given } : (given as FitClipGradNorm);
  checkOptions("fit clipGradNorm", spec, NORM_OPTIONS, ["maxNorm"]);
  const { maxNorm, normType = 2, errorIfNonfinite = false } = spec;
  if (!positive(maxNorm)) throw new RangeError(`wasmtune: clipGradNorm's maxNorm must be a positive finite number, got ${String(maxNorm)}`);
  if (!(typeof normType === "number" && normType > 0)) throw new RangeError(`wasmtune: clipGradNorm's normType must be a positive number or Infinity, got ${String(normType)}`);
  if (typeof errorIfNonfinite !== "boolean") throw new TypeError(`wasmtune: clipGradNorm's errorIfNonfinite must be true or false, got ${String(errorIfNonfinite)}`);
  return { clipGradNorm: { maxNorm, normType, errorIfNonfinite } };
}

/** What `fit` runs on the model's parameters after backward and before the optimizer step: `optim.clipGradNorm` or `optim.clipGradValue`. */
export function gradientClipper(setting: ClippingSetting): (params: Parameter[]) => void {
  if ("clipGradValue" in setting) {
    const v = setting.clipGradValue;
    return (params) => clipGradValue(params, v);
  }
  const { maxNorm, normType, errorIfNonfinite } = setting.clipGradNorm;
  const options = { errorIfNonfinite };
  return (params) => void clipGradNorm(params, maxNorm, normType, options);
}
