// The weights `train --save` and `tune --save` keep: those of the epoch with
// the best monitored value (by default the lowest validation loss), whether
// or not early stopping ended the run.

/** A callback that snapshots the weights at each new best `monitor` value and loads the best back when training ends. */
export class BestWeights {
  /** 0-based epoch of the best weights, or -1. */
  epoch = -1;
  weights = undefined;

  /** `mode` "max" keeps the highest value (accuracy, AUC), "min" the lowest (a loss). */
  constructor(monitor = "val_loss", mode = "min") {
    this.monitor = monitor;
    this.sign = mode === "max" ? -1 : 1;
    this.best = Infinity;
  }

  onEpochEnd(epoch, logs, ctx) {
    const v = this.sign * logs[this.monitor];
    if (!(v < this.best)) return;
    this.best = v;
    this.epoch = epoch;
    this.weights = ctx.model.stateDict();
  }

  onTrainEnd(ctx) {
    if (this.weights) ctx.model.loadStateDict(this.weights);
  }
}
