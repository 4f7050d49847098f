// The weights `train --save` keeps: those of the epoch with the lowest
// validation loss, whether or not early stopping ended the run.

/** A callback that snapshots the weights at each new lowest `val_loss` and loads the best back when training ends. */
export class BestWeights {
  best = Infinity;
  /** 0-based epoch of the best weights, or -1. */
  epoch = -1;
  weights = undefined;

  onEpochEnd(epoch, logs, ctx) {
    if (!(logs.val_loss < this.best)) return;
    this.best = logs.val_loss;
    this.epoch = epoch;
    this.weights = ctx.model.stateDict();
  }

  onTrainEnd(ctx) {
    if (this.weights) ctx.model.loadStateDict(this.weights);
  }
}
