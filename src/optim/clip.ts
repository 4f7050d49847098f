import type { Parameter } from "../nn/parameter.js";
import { pow, sqrt } from "../runtime/math.js";
import { clipClamp, clipMaxAbs, clipScale, clipSumAbsOrSquares, clipSumPow } from "../kernels/optim.js";
import { rt } from "../runtime/wasm.js";
import { pyFloat } from "./pyfloat.js";
import { checkOptions } from "../options.js";

/** Options of {@link clipGradNorm}. */
export interface ClipGradNormOptions {
  /** Throw when the total norm is NaN or infinite instead of scaling by it (default false). */
  errorIfNonfinite?: boolean;
}

/**
 * Scale all gradients together so that their joint `normType`-norm is at
 * most `maxNorm`, as `torch.nn.utils.clip_grad_norm_`: each gradient's norm is
 * taken, then the norm of those norms (the max for `Infinity`), both rounded
 * to float32, and every gradient is multiplied by
 * `min(maxNorm / (total + 1e-6), 1)`. Returns the total norm before clipping.
 * `normType` is a positive number or `Infinity`.
 */
export function clipGradNorm(params: Parameter[], maxNorm: number, normType = 2, options: ClipGradNormOptions = {}): number {
  checkOptions("clipGradNorm", options, ["errorIfNonfinite"]);
  if (!(normType > 0)) throw new RangeError(`wasmtune: clipGradNorm supports a positive normType or Infinity, got ${normType}`);
  if (params.length === 0) return 0;
  const total = normType === Infinity ? maxAbs(params) : pNorm(params, normType);
  if (options.errorIfNonfinite && !Number.isFinite(total)) {
    throw new Error(
      `The total norm of order ${pyFloat(normType)} for gradients from \`parameters\` is non-finite, so it cannot be clipped. ` +
        "To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`",
    );
  }
  // float32 arithmetic, as PyTorch computes it on the norm tensor.
  const coef = Math.fround(Math.fround(maxNorm) / Math.fround(total + Math.fround(1e-6)));
  const clamped = coef > 1 ? 1 : coef;
  if (clamped !== 1) for (const p of params) clipScale(rt().k, { x: p.grad.ptr, n: p.size, s: clamped });
  return total;
}

/** Clamp every gradient element into [−clipValue, clipValue] in place, as `torch.nn.utils.clip_grad_value_`. */
export function clipGradValue(params: Parameter[], clipValue: number): void {
  for (const p of params) clipClamp(rt().k, { x: p.grad.ptr, n: p.size, lo: -clipValue, hi: clipValue });
}

function maxAbs(params: Parameter[]): number {
  let m = 0;
  for (const p of params) {
    const v = clipMaxAbs(rt().k, { x: p.grad.ptr, n: p.size });
    m = v > m || Number.isNaN(v) ? v : m;
  }
  return m;
}

/** Norm of the per-gradient norms, each rounded to float32 like PyTorch's norm tensors. */
function pNorm(params: Parameter[], p: number): number {
  const k = rt().k;
  let sum = 0;
  for (const q of params) {
    const g = q.grad;
    const own = p === 1 || p === 2 ? clipSumAbsOrSquares(k, { x: g.ptr, n: g.size, p }) : clipSumPow(k, { x: g.ptr, n: g.size, p });
    const norm = Math.fround(root(own, p));
    sum += p === 1 ? norm : p === 2 ? norm * norm : pow(norm, p);
  }
  return Math.fround(root(sum, p));
}

/** s^(1/p), exact for the common p = 1 and p = 2. */
function root(s: number, p: number): number {
  return p === 1 ? s : p === 2 ? sqrt(s) : pow(s, 1 / p);
}
