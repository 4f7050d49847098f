import type { Optimizer, ParamGroup } from "../optimizer.js";
import { cos } from "../../runtime/math.js";
import { LRScheduler } from "./scheduler.js";
import { perGroup, setGroupMomentum } from "./util.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of `OneCycleLR`. Give `totalSteps`, or `epochs` and `stepsPerEpoch`. */
export interface OneCycleLROptions {
  /** Peak lr, per group or for all. */
  maxLr: number | readonly number[];
  /** Steps in the cycle. */
  totalSteps?: number;
  /** With `stepsPerEpoch`: `totalSteps = epochs · stepsPerEpoch`. */
  epochs?: number;
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent raising the lr. Default 0.3. */
  pctStart?: number;
  /** Default `"cos"`. */
  annealStrategy?: "cos" | "linear";
  /** Cycle `momentum` (or Adam's `betas[0]`) inversely to the lr. Default true. */
  cycleMomentum?: boolean;
  /** Momentum at the lr peak. Default 0.85. */
  baseMomentum?: number | readonly number[];
  /** Momentum at the start and end. Default 0.95. */
  maxMomentum?: number | readonly number[];
  /** `initialLr = maxLr / divFactor`. Default 25. */
  divFactor?: number;
  /** `minLr = initialLr / finalDivFactor`. Default 1e4. */
  finalDivFactor?: number;
  /** Rise, symmetric fall to `initialLr`, then anneal to `minLr` (the paper's schedule). Default false. */
  threePhase?: boolean;
  /** Index of the last batch when resuming. Default -1. */
  lastEpoch?: number;
}

const ONE_CYCLE_LR_OPTIONS = optionNames<OneCycleLROptions>({ maxLr: true, totalSteps: true, epochs: true, stepsPerEpoch: true, pctStart: true, annealStrategy: true, cycleMomentum: true, baseMomentum: true, maxMomentum: true, divFactor: true, finalDivFactor: true, threePhase: true, lastEpoch: true });

type GroupKey = "initialLr" | "maxLr" | "minLr" | "maxMomentum" | "baseMomentum";

/** One annealing segment, ending at step `endStep`, between values stored on each group. */
interface Phase {
  endStep: number;
  startLr: GroupKey;
  endLr: GroupKey;
  startMomentum: GroupKey;
  endMomentum: GroupKey;
}

function valueOf(group: ParamGroup, key: GroupKey): number {
  return group[key] as number;
}

/** Cosine from `start` (pct 0) to `end` (pct 1). */
function annealCos(start: number, end: number, pct: number): number {
  const cosOut = cos(Math.PI * pct) + 1;
  return end + ((start - end) / 2.0) * cosOut;
}

/** Straight line from `start` (pct 0) to `end` (pct 1). */
function annealLinear(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}

function phasesOf(totalSteps: number, pctStart: number, threePhase: boolean): Phase[] {
  const rise: Phase = { endStep: pctStart * totalSteps - 1, startLr: "initialLr", endLr: "maxLr", startMomentum: "maxMomentum", endMomentum: "baseMomentum" };
  if (!threePhase) {
    return [rise, { endStep: totalSteps - 1, startLr: "maxLr", endLr: "minLr", startMomentum: "baseMomentum", endMomentum: "maxMomentum" }];
  }
  return [
    rise,
    { endStep: 2 * pctStart * totalSteps - 2, startLr: "maxLr", endLr: "initialLr", startMomentum: "baseMomentum", endMomentum: "maxMomentum" },
    { endStep: totalSteps - 1, startLr: "initialLr", endLr: "minLr", startMomentum: "maxMomentum", endMomentum: "maxMomentum" },
  ];
}

function positiveInteger(name: string, value: number): number {
  if (!(value > 0) || !Number.isInteger(value)) throw new RangeError(`Expected positive integer ${name}, but got ${value}`);
  return value;
}

/**
 * The 1cycle policy (`torch.optim.lr_scheduler.OneCycleLR`). Each phase anneals
 * (cosine or linear) between values stored on the param group:
 * `initialLr = maxLr / divFactor` → `maxLr` over the first `pctStart · totalSteps − 1`
 * steps, then → `minLr = initialLr / finalDivFactor` at step `totalSteps − 1`
 * (three-phase: → `initialLr` symmetrically, then → `minLr`). Momentum (or
 * Adam's beta1) goes `maxMomentum` → `baseMomentum` → `maxMomentum`.
 * Stepping past `totalSteps` is an error.
 */
export class OneCycleLR extends LRScheduler {
  totalSteps: number;
  schedulePhases: Phase[];
  annealStrategy: "cos" | "linear";
  cycleMomentum: boolean;
  useBeta1 = false;

  /** Counted in optimizer steps, so `fit` steps it after every batch. */
  override get interval(): "batch" {
    return "batch";
  }

  constructor(optimizer: Optimizer, options: OneCycleLROptions) {
    checkOptions("OneCycleLR", options, ONE_CYCLE_LR_OPTIONS, ["maxLr"]);
    super(optimizer);
    const { totalSteps, epochs, stepsPerEpoch, pctStart = 0.3, annealStrategy = "cos", lastEpoch = -1 } = options;
    if (totalSteps === undefined && epochs === undefined && stepsPerEpoch === undefined) {
      throw new Error("You must define either total_steps OR (epochs AND steps_per_epoch)");
    }
    if (totalSteps !== undefined) this.totalSteps = positiveInteger("total_steps", totalSteps);
    else this.totalSteps = positiveInteger("epochs", epochs as number) * positiveInteger("steps_per_epoch", stepsPerEpoch as number);
    this.schedulePhases = phasesOf(this.totalSteps, pctStart, options.threePhase ?? false);
    if (!(pctStart >= 0 && pctStart <= 1)) throw new RangeError(`Expected float between 0 and 1 pct_start, but got ${pctStart}`);
    if (annealStrategy !== "cos" && annealStrategy !== "linear") {
      throw new RangeError(`anneal_strategy must by one of 'cos' or 'linear', instead got ${annealStrategy}`);
    }
    this.annealStrategy = annealStrategy;

    const n = optimizer.paramGroups.length;
    const mismatch = (name: string) => (got: number) => `expected ${n} values for ${name}, got ${got}`;
    const maxLrs = perGroup(optimizer, options.maxLr, mismatch("max_lr"));
    if (lastEpoch === -1) {
      const divFactor = options.divFactor ?? 25;
      const finalDivFactor = options.finalDivFactor ?? 1e4;
      optimizer.paramGroups.forEach((g, i) => {
        g.initialLr = maxLrs[i] / divFactor;
        g.maxLr = maxLrs[i];
        g.minLr = g.initialLr / finalDivFactor;
      });
    }

    this.cycleMomentum = options.cycleMomentum ?? true;
    if (this.cycleMomentum) {
      if (!("momentum" in optimizer.defaults) && !("betas" in optimizer.defaults)) {
        throw new Error("optimizer must support momentum with `cycle_momentum` option enabled");
      }
      this.useBeta1 = "betas" in optimizer.defaults;
      const maxMomentums = perGroup(optimizer, options.maxMomentum ?? 0.95, mismatch("max_momentum"));
      const baseMomentums = perGroup(optimizer, options.baseMomentum ?? 0.85, mismatch("base_momentum"));
      if (lastEpoch === -1) {
        optimizer.paramGroups.forEach((g, i) => {
          setGroupMomentum(g, maxMomentums[i], this.useBeta1);
          g.maxMomentum = maxMomentums[i];
          g.baseMomentum = baseMomentums[i];
        });
      }
    }
    this.start(lastEpoch);
  }

  protected groupLr(i: number): number {
    const step = this.lastEpoch;
    if (step > this.totalSteps) {
      throw new RangeError(`Tried to step ${step + 1} times. The specified number of total steps is ${this.totalSteps}`);
    }
    const group = this.optimizer.paramGroups[i];
    const anneal = this.annealStrategy === "cos" ? annealCos : annealLinear;
    const phases = this.schedulePhases;
    let startStep = 0;
    for (let p = 0; ; p++) {
      const phase = phases[p];
      if (step <= phase.endStep || p === phases.length - 1) {
        const pct = (step - startStep) / (phase.endStep - startStep);
        if (this.cycleMomentum) {
          setGroupMomentum(group, anneal(valueOf(group, phase.startMomentum), valueOf(group, phase.endMomentum), pct), this.useBeta1);
        }
        return anneal(valueOf(group, phase.startLr), valueOf(group, phase.endLr), pct);
      }
      startStep = phase.endStep;
    }
  }
}
