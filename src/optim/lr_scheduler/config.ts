import type { Optimizer } from "../optimizer.js";
import { checkOptions } from "../../options.js";
import { ChainedScheduler } from "./chained_scheduler.js";
import { ConstantLR, type ConstantLROptions } from "./constant_lr.js";
import { CosineAnnealingLR, type CosineAnnealingLROptions } from "./cosine_annealing_lr.js";
import { CosineAnnealingWarmRestarts, type CosineAnnealingWarmRestartsOptions } from "./cosine_annealing_warm_restarts.js";
import { CyclicLR, type CyclicLROptions } from "./cyclic_lr.js";
import { ExponentialLR, type ExponentialLROptions } from "./exponential_lr.js";
import { LambdaLR } from "./lambda_lr.js";
import type { LambdaLROptions } from "./lambda_scheduler.js";
import { LinearLR, type LinearLROptions } from "./linear_lr.js";
import { MultiStepLR, type MultiStepLROptions } from "./multi_step_lr.js";
import { MultiplicativeLR } from "./multiplicative_lr.js";
import { NoamLR, type NoamLROptions } from "./noam_lr.js";
import { OneCycleLR, type OneCycleLROptions } from "./one_cycle_lr.js";
import { PolynomialLR, type PolynomialLROptions } from "./polynomial_lr.js";
import { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from "./reduce_lr_on_plateau.js";
import type { Scheduler } from "./scheduler.js";
import { SequentialLR, type SequentialLROptions } from "./sequential_lr.js";
import { StepLR, type StepLROptions } from "./step_lr.js";
import { WarmupLR, type WarmupLROptions } from "./warmup_lr.js";

/** A scheduler described as data: `type` names the class, the other fields are its options. */
export type SchedulerConfig =
  | ({ type: "step" } & StepLROptions)
  | ({ type: "multiStep" } & MultiStepLROptions)
  | ({ type: "exponential" } & ExponentialLROptions)
  | ({ type: "cosine" } & CosineAnnealingLROptions)
  | ({ type: "cosineWarmRestarts" } & CosineAnnealingWarmRestartsOptions)
  | ({ type: "oneCycle" } & OneCycleLROptions)
  | ({ type: "cyclic" } & CyclicLROptions)
  | ({ type: "linear" } & LinearLROptions)
  | ({ type: "constant" } & ConstantLROptions)
  | ({ type: "polynomial" } & PolynomialLROptions)
  | ({ type: "lambda" } & LambdaLROptions)
  | ({ type: "multiplicative" } & LambdaLROptions)
  | ({ type: "noam" } & NoamLROptions)
  | ({ type: "warmup"; after: EpochSchedulerConfig } & WarmupLROptions)
  | ({ type: "sequential"; schedulers: EpochSchedulerConfig[] } & SequentialLROptions)
  | { type: "chained"; schedulers: ChainableConfig[] }
  | ({ type: "plateau" } & ReduceLROnPlateauOptions);

/** Configs of the schedulers `ChainedScheduler` can step (all but `plateau`, which needs a metric). */
export type ChainableConfig = Exclude<SchedulerConfig, { type: "plateau" }>;

/** Configs of the schedulers `SequentialLR` and `WarmupLR` can hand over to (those built on `LRScheduler`). */
export type EpochSchedulerConfig = Exclude<SchedulerConfig, { type: "warmup" | "sequential" | "chained" | "plateau" }>;

/** The class each config `type` builds. */
interface SchedulerClasses {
  step: StepLR;
  multiStep: MultiStepLR;
  exponential: ExponentialLR;
  cosine: CosineAnnealingLR;
  cosineWarmRestarts: CosineAnnealingWarmRestarts;
  oneCycle: OneCycleLR;
  cyclic: CyclicLR;
  linear: LinearLR;
  constant: ConstantLR;
  polynomial: PolynomialLR;
  lambda: LambdaLR;
  multiplicative: MultiplicativeLR;
  noam: NoamLR;
  warmup: WarmupLR;
  sequential: SequentialLR;
  chained: ChainedScheduler;
  plateau: ReduceLROnPlateau;
}

/** The class `createScheduler` builds for a config. */
export type SchedulerFor<C extends SchedulerConfig> = SchedulerClasses[C["type"]];

/**
 * Build the scheduler a config describes, attached to `optimizer`. Nested
 * schedulers (`after`, `schedulers`) are built first, in order, as one would
 * by hand.
 */
export function createScheduler<C extends SchedulerConfig>(optimizer: Optimizer, config: C): SchedulerFor<C>;
export function createScheduler(optimizer: Optimizer, config: SchedulerConfig): Scheduler | ReduceLROnPlateau {
  const epochScheduler = (c: EpochSchedulerConfig) => createScheduler(optimizer, c);
  switch (config.type) {
    case "step": return new StepLR(optimizer, optionsOf(config));
    case "multiStep": return new MultiStepLR(optimizer, optionsOf(config));
    case "exponential": return new ExponentialLR(optimizer, optionsOf(config));
    case "cosine": return new CosineAnnealingLR(optimizer, optionsOf(config));
    case "cosineWarmRestarts": return new CosineAnnealingWarmRestarts(optimizer, optionsOf(config));
    case "oneCycle": return new OneCycleLR(optimizer, optionsOf(config));
    case "cyclic": return new CyclicLR(optimizer, optionsOf(config));
    case "linear": return new LinearLR(optimizer, optionsOf(config));
    case "constant": return new ConstantLR(optimizer, optionsOf(config));
    case "polynomial": return new PolynomialLR(optimizer, optionsOf(config));
    case "lambda": return new LambdaLR(optimizer, optionsOf(config));
    case "multiplicative": return new MultiplicativeLR(optimizer, optionsOf(config));
    case "noam": return new NoamLR(optimizer, optionsOf(config));
    case "warmup": return new WarmupLR(optimizer, optionsOf(config, "after"), epochScheduler(config.after));
    case "sequential": return new SequentialLR(optimizer, config.schedulers.map(epochScheduler), optionsOf(config, "schedulers"));
    case "chained":
      checkOptions("ChainedScheduler", optionsOf(config, "schedulers"), []);
      return new ChainedScheduler(config.schedulers.map((c) => createScheduler(optimizer, c)));
    case "plateau": return new ReduceLROnPlateau(optimizer, optionsOf(config));
    default: throw new RangeError(`unknown scheduler type ${(config as { type: unknown }).type}`);
  }
}

/**
 * A config's options for its class's constructor: every key but `type` and
 * the `nested` ones that hold other configs. The constructor refuses the
 * keys that are no option of its class.
 */
function optionsOf<C extends { type: string }, K extends keyof C = never>(config: C, ...nested: K[]): Omit<C, "type" | K> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) if (k !== "type" && !(nested as string[]).includes(k)) out[k] = v;
  return out as Omit<C, "type" | K>;
}
