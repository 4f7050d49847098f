import type { Optimizer } from "../optimizer.js";
import { LRScheduler } from "./scheduler.js";
import { captureState, type SchedulerState } from "./state.js";
import { perGroup } from "./util.js";
import { checkOptions, optionNames } from "../../options.js";

/** A function of the epoch index giving an lr factor. */
export type LrLambda = (epoch: number) => number;

/** Options shared by `LambdaLR` and `MultiplicativeLR`. */
export interface LambdaLROptions {
  /** One function for all groups, or one per group. */
  lrLambda: LrLambda | readonly LrLambda[];
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

const LAMBDA_LR_OPTIONS = optionNames<LambdaLROptions>({ lrLambda: true, lastEpoch: true });

/** Common base of the schedulers driven by user functions, which are not serialised (as in PyTorch). */
export abstract class LambdaScheduler extends LRScheduler {
  protected readonly lrLambdas: LrLambda[];

  /** @param name the subclass's name, for option errors */
  protected constructor(optimizer: Optimizer, options: LambdaLROptions, name: string) {
    checkOptions(name, options, LAMBDA_LR_OPTIONS, ["lrLambda"]);
    super(optimizer);
    const n = optimizer.paramGroups.length;
    this.lrLambdas = perGroup(optimizer, options.lrLambda, (got) => `Expected ${n} lr_lambdas, but got ${got}`);
    this.start(options.lastEpoch ?? -1);
  }

  override stateDict(): SchedulerState {
    return captureState(this, ["lrLambdas"]);
  }
}
