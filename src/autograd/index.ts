// Reverse-mode automatic differentiation over the WASM kernels: grad mode,
// memory scopes, and the node base class for custom operations.
export { isGradEnabled, noGrad, enableGrad } from "./grad_mode.js";
export { tidy } from "./scope.js";
export { cat, stack } from "./ops/cat.js";
export { Node } from "./node.js";
export type { BackwardOptions } from "./backward.js";
export { add, sub, rsub, mul, div, neg } from "./ops/arithmetic.js";
export type { AlphaOptions } from "./ops/arithmetic.js";
export { exp, log, sqrt, abs, clamp, pow } from "./ops/unary.js";
export { sum, mean } from "./ops/reduction.js";
export type { Dims } from "./ops/reduction.js";
export { matmul } from "./ops/matmul.js";
export { broadcastShapes } from "./ops/broadcast.js";
