import { mathPow } from "../kernels/math.js";
import { rt } from "./wasm.js";

// Host-side scalar math routed through WebAssembly so that schedulers,
// initialisers and losses give the same bits in V8 and JavaScriptCore.
// `Math.sqrt`, `+ - * /`, `Math.floor` and friends are exact in every engine
// and need no routing.

/** e^x, identical in every runtime. */
export function exp(x: number): number {
  return rt().k.mathExp(x);
}
/** Natural logarithm, identical in every runtime. */
export function log(x: number): number {
  return rt().k.mathLog(x);
}
/** log(1 + x), identical in every runtime. */
export function log1p(x: number): number {
  return rt().k.mathLog1p(x);
}
/** x^y, identical in every runtime. */
export function pow(x: number, y: number): number {
  return mathPow(rt().k, { x, y });
}
/** Cosine, identical in every runtime. */
export function cos(x: number): number {
  return rt().k.mathCos(x);
}
/** Sine, identical in every runtime. */
export function sin(x: number): number {
  return rt().k.mathSin(x);
}
/** Hyperbolic tangent, identical in every runtime. */
export function tanh(x: number): number {
  return rt().k.mathTanh(x);
}
/** Square root (IEEE-exact everywhere; here for symmetry). */
export function sqrt(x: number): number {
  return Math.sqrt(x);
}
/** The error function, identical in every runtime (fdlibm's algorithm, as Python's `math.erf`). */
export function erf(x: number): number {
  return rt().k.mathErf(x);
}
/** The complementary error function 1 − erf(x), accurate in the far tail, identical in every runtime. */
export function erfc(x: number): number {
  return rt().k.mathErfc(x);
}
