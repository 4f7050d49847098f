import { rt } from "../../runtime/wasm.js";

/**
 * Write `d(i) · gout[i] · scale` into `grad` for the `n` elements (`gout` 0:
 * no per-element upstream gradient): a loss's gradient with respect to its
 * target, computed on the host element by element. Target gradients are
 * rare (a target computed by another model), so they get no kernels of their
 * own; `d` reads transcendentals through `runtime/math.ts`.
 */
export function writeTargetGrad(n: number, gout: number, scale: number, grad: number, d: (i: number) => number): void {
  const f32 = rt().f32;
  const g = grad >>> 2;
  const o = gout >>> 2;
  for (let i = 0; i < n; i++) f32[g + i] = d(i) * (gout === 0 ? 1 : f32[o + i]) * scale;
}
