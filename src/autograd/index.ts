// Reverse-mode automatic differentiation over the WASM kernels: grad mode,
// memory scopes, and the node base class for custom operations.
export { isGradEnabled, noGrad, enableGrad } from "./grad_mode.js";
export { tidy } from "./scope.js";
export { Node } from "./node.js";
export type { BackwardOptions } from "./backward.js";
export { add, sub, rsub, mul, div, neg } from "./ops/arithmetic.js";
export type { AlphaOptions } from "./ops/arithmetic.js";
