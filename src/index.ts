/**
 * wasmtune: deep-learning training and tuning on SIMD WebAssembly.
 *
 * ```ts
 * import { init, Tensor, nn, optim } from "wasmtune";
 * await init();
 * ```
 * @packageDocumentation
 */
export { init, isInitialized, runtimeInfo } from "./runtime/wasm.js";
export type { InitOptions, Microkernel, RuntimeInfo, WasmSource } from "./runtime/wasm.js";
export { memoryStats } from "./runtime/stats.js";
export { Tensor, shapeStr } from "./tensor.js";
export type { DType, NestedArray } from "./tensor.js";
export { Generator, defaultGenerator, manualSeed } from "./random/generator.js";
export type { GeneratorState } from "./random/generator.js";
export * as autograd from "./autograd/index.js";
export { noGrad, enableGrad, isGradEnabled, tidy } from "./autograd/index.js";
export { add, sub, rsub, mul, div, neg, pow, exp, log, sqrt, abs, clamp, sum, mean, matmul } from "./autograd/index.js";
export { cat, stack } from "./autograd/index.js";
export * as nn from "./nn/index.js";
export * as optim from "./optim/index.js";
export * as io from "./io/index.js";
export * as train from "./train/index.js";
export { fit, evaluate, predict } from "./train/index.js";
export * as data from "./data/index.js";
export * as metrics from "./metrics/index.js";
export * as doctor from "./doctor/index.js";
export { lrFind, lrFinderSuggestions } from "./doctor/index.js";
export * as tune from "./tune/index.js";
