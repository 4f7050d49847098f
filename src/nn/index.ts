// torch.nn: layers, losses and initialisers.
export { Module } from "./module.js";
export type { StateDict, TensorData } from "./module.js";
export { Parameter } from "./parameter.js";
export * from "./loss/index.js";
