// torch.optim: optimizers, gradient clipping and (under lrScheduler) LR schedulers.
export { Optimizer } from "./optimizer.js";
export type { ParamGroup, ParamsInput } from "./optimizer.js";
export * as lrScheduler from "./lr_scheduler/index.js";
