import { checkOptions } from "../../options.js";
import { log } from "../../runtime/math.js";
import type { FrozenTrial } from "../frozen_trial.js";
import { lastStep } from "../frozen_trial.js";
import type { TrialState } from "../state.js";
import type { StudyView } from "../samplers/sampler.js";
import { crc32 } from "./crc32.js";
import type { Pruner } from "./pruner.js";
import { SuccessiveHalvingPruner } from "./successive_halving.js";

/** Options of {@link HyperbandPruner}. */
export interface HyperbandPrunerOptions {
  /** Steps of the first rung of the most aggressive bracket. Default 1. */
  minResource?: number;
  /** Steps of a full trial, or "auto": the longest completed trial's last step + 1. Default "auto". */
  maxResource?: number | "auto";
  /** η of every bracket's successive halving. Default 3. */
  reductionFactor?: number;
  /** As SuccessiveHalvingPruner's (needs a numeric `maxResource`). Default 0. */
  bootstrapCount?: number;
}

/**
 * Hyperband (Optuna's `HyperbandPruner`): several successive-halving
 * brackets with different first rungs; a trial's bracket is a CRC-32 hash of
 * `"<study name>_<trial number>"`, weighted by each bracket's trial budget,
 * so it matches Optuna's for the same study name. Within a bracket, a trial
 * is compared only with trials of the same bracket, and samplers see only
 * those (Optuna's bracket study). Uses WebAssembly `log`: `await init()` first.
 */
export class HyperbandPruner implements Pruner {
  readonly minResource: number;
  readonly reductionFactor: number;
  readonly bootstrapCount: number;
  private maxResource: number | "auto";
  private readonly pruners: SuccessiveHalvingPruner[] = [];
  private readonly budgets: number[] = [];
  private totalBudget = 0;

  constructor(options: HyperbandPrunerOptions = {}) {
    checkOptions("HyperbandPruner", options, ["minResource", "maxResource", "reductionFactor", "bootstrapCount"]);
    this.minResource = options.minResource ?? 1;
    this.maxResource = options.maxResource ?? "auto";
    this.reductionFactor = options.reductionFactor ?? 3;
    this.bootstrapCount = options.bootstrapCount ?? 0;
    if (typeof this.maxResource !== "number" && this.maxResource !== "auto") throw new RangeError(`The 'max_resource' should be integer or 'auto'. But max_resource = ${String(this.maxResource)}`);
    if (this.bootstrapCount > 0 && this.maxResource === "auto") throw new RangeError(`bootstrap_count > 0 and max_resource == 'auto' are mutually incompatible, bootstrap_count is ${this.bootstrapCount}`);
  }

  /** Number of brackets, once known (after the first completed trial with `maxResource: "auto"`). */
  get nBrackets(): number {
    return this.pruners.length;
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    if (this.pruners.length === 0) {
      this.initialize(study);
      if (this.pruners.length === 0) return false;
    }
    const bracket = this.bracketId(study.studyName, trial.number);
    return this.pruners[bracket].prune(this.bracketStudy(study, trial), trial);
  }

  /** The bracket a trial belongs to (0 until the brackets are known), as Optuna computes it. */
  bracketId(studyName: string, trialNumber: number): number {
    if (this.pruners.length === 0) return 0;
    let n = crc32(`${studyName}_${trialNumber}`) % this.totalBudget;
    for (let b = 0; b < this.budgets.length; b++) {
      n -= this.budgets[b];
      if (n < 0) return b;
    }
    throw new Error("unreachable: the budgets sum to the total");
  }

  /** The study as seen from `trial`'s bracket: only trials of that bracket. */
  bracketStudy(study: StudyView, trial: FrozenTrial): StudyView {
    const bracket = this.bracketId(study.studyName, trial.number);
    return {
      studyName: study.studyName,
      directions: study.directions,
      get direction() {
        return study.direction;
      },
      getTrials: (states?: readonly TrialState[]) => study.getTrials(states).filter((t) => this.bracketId(study.studyName, t.number) === bracket),
      setTrialSystemAttr: (trialId, key, value) => study.setTrialSystemAttr(trialId, key, value),
      stop: () => study.stop(),
    };
  }

  private initialize(study: StudyView): void {
    if (this.maxResource === "auto") {
      let last = -1;
      for (const t of study.getTrials(["COMPLETE"])) last = Math.max(last, lastStep(t) ?? -1);
      if (last < 0) return;
      this.maxResource = last + 1;
    }
    // Python's math.log(x, base) is log(x) / log(base).
    const nBrackets = Math.floor(log(this.maxResource / this.minResource) / log(this.reductionFactor)) + 1;
    for (let b = 0; b < nBrackets; b++) {
      const s = nBrackets - 1 - b;
      const budget = Math.ceil((nBrackets * this.reductionFactor ** s) / (s + 1));
      this.totalBudget += budget;
      this.budgets.push(budget);
      this.pruners.push(new SuccessiveHalvingPruner({ minResource: this.minResource, reductionFactor: this.reductionFactor, minEarlyStoppingRate: b, bootstrapCount: this.bootstrapCount }));
    }
  }
}
