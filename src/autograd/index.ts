// Reverse-mode automatic differentiation over the WASM kernels: grad mode,
// memory scopes, and the node base class for custom operations.
export { isGradEnabled, noGrad, enableGrad } from "./grad_mode.js";
export { tidy } from "./scope.js";
export { cat, stack } from "./ops/cat.js";
export { Node } from "./node.js";
export type { BackwardOptions } from "./backward.js";
