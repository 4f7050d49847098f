import type { Optimizer } from "../optimizer.js";
import { cos, log, pow } from "../../runtime/math.js";
import { LRScheduler } from "./scheduler.js";
import { checkOptions, optionNames } from "../../options.js";

/** Options of `CosineAnnealingWarmRestarts`. */
export interface CosineAnnealingWarmRestartsOptions {
  /** Epochs until the first restart (positive integer). */
  t0: number;
  /** Factor by which the period grows after each restart (integer >= 1). Default 1. */
  tMult?: number;
  /** Minimum lr. Default 0. */
  etaMin?: number;
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

const COSINE_ANNEALING_WARM_RESTARTS_OPTIONS = optionNames<CosineAnnealingWarmRestartsOptions>({ t0: true, tMult: true, etaMin: true, lastEpoch: true });

/**
 * SGDR: `lr = etaMin + (initialLr − etaMin) · (1 + cos(π · tCur / tI)) / 2`, where
 * `tCur` counts epochs since the last restart and the period `tI` starts at `t0`
 * and is multiplied by `tMult` at each restart
 * (`torch.optim.lr_scheduler.CosineAnnealingWarmRestarts`). `step(epoch)`
 * accepts fractional epochs, e.g. `step(epoch + batch / batches)`.
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  t0: number;
  tI: number;
  tMult: number;
  etaMin: number;
  tCur: number;

  constructor(optimizer: Optimizer, options: CosineAnnealingWarmRestartsOptions) {
    checkOptions("CosineAnnealingWarmRestarts", options, COSINE_ANNEALING_WARM_RESTARTS_OPTIONS, ["t0"]);
    super(optimizer);
    const { t0, tMult = 1, lastEpoch = -1 } = options;
    if (!(t0 > 0) || !Number.isInteger(t0)) throw new RangeError(`Expected positive integer T_0, but got ${t0}`);
    if (!(tMult >= 1) || !Number.isInteger(tMult)) throw new RangeError(`Expected integer T_mult >= 1, but got ${tMult}`);
    this.t0 = t0;
    this.tI = t0;
    this.tMult = tMult;
    this.etaMin = options.etaMin ?? 0;
    this.tCur = lastEpoch;
    this.start(lastEpoch);
  }

  protected groupLr(i: number): number {
    const { etaMin } = this;
    return etaMin + ((this.baseLrs[i] - etaMin) * (1 + cos((Math.PI * this.tCur) / this.tI))) / 2;
  }

  /** Advance one epoch, or move to `epoch` (fractional allowed, earlier allowed). */
  override step(epoch?: number): void {
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.lastEpoch + 1;
      this.tCur = this.tCur + 1;
      if (this.tCur >= this.tI) {
        this.tCur = this.tCur - this.tI;
        this.tI = this.tI * this.tMult;
      }
    } else {
      if (epoch < 0) throw new RangeError(`Expected non-negative epoch, but got ${epoch}`);
      if (epoch >= this.t0) {
        if (this.tMult === 1) this.tCur = epoch % this.t0;
        else {
          const n = Math.trunc(log((epoch / this.t0) * (this.tMult - 1) + 1) / log(this.tMult));
          this.tCur = epoch - (this.t0 * (pow(this.tMult, n) - 1)) / (this.tMult - 1);
          this.tI = this.t0 * pow(this.tMult, n);
        }
      } else {
        this.tI = this.t0;
        this.tCur = epoch;
      }
    }
    this.lastEpoch = Math.floor(epoch);
    this.applyLrs(false);
  }
}
