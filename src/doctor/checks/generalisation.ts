import { BatchNorm1d } from "../../nn/batchnorm.js";
import { Dropout } from "../../nn/dropout.js";
import type { Module } from "../../nn/module.js";
import { evaluate } from "../../train/evaluate.js";
import type { Finding } from "../finding.js";
import { argmin, fmt, mean } from "../stats.js";
import type { Context, Split } from "./context.js";
import { baselineLoss, trainingTask } from "./task.js";

// overfitting: the validation loss ends 10% above its best, reached at least
// 3 epochs before the end, while the training loss kept falling. The
// validation loss of a few hundred rows wobbles by a few percent between
// epochs; 10% over 3+ epochs of training progress is memorising.
const OVERFIT_RISE = 1.1;
const OVERFIT_EPOCHS_SINCE_BEST = 3;
// underfitting: the training loss still above 80% of the best constant
// prediction's (class prior or mean): the features explain under a fifth
// of what they could have, even on the rows the model trains on.
const UNDERFIT_SHARE = 0.8;
const UNDERFIT_MIN_EPOCHS = 3;
// val-above-train: held-out loss under half the training loss (both in eval
// mode, or over the last third of the epochs from the history). A model
// fits the rows it learns from at least as well as new ones; a 2× better
// held-out loss is beyond the noise of a randomly drawn split and means the
// held-out rows are easier: an unshuffled or filtered split.
const HELD_OUT_SHARE = 0.5;

function hasTrainOnlyLayers(m: Module): boolean {
  return m instanceof Dropout || m instanceof BatchNorm1d || m.namedChildren().some(([, c]) => hasTrainOnlyLayers(c));
}

function overfitting(ctx: Context): Finding[] {
  const val = ctx.series("val_loss");
  const train = ctx.series("loss");
  if (!val || !train || val.length < OVERFIT_EPOCHS_SINCE_BEST + 2 || !val.every(Number.isFinite)) return [];
  const n = val.length;
  const best = argmin(val);
  const risen = val[n - 1] / val[best];
  if (n - 1 - best < OVERFIT_EPOCHS_SINCE_BEST || risen < OVERFIT_RISE || !(train[n - 1] < train[best])) return [];
  const epochs = ctx.epochs();
  // Early stopping that put the best epoch's weights back has already cured it: worth knowing, not a warning.
  const cured = /restored its weights/.test(ctx.record?.stopReason ?? "");
  return [
    {
      code: "overfitting",
      severity: cured ? "info" : "warning",
      epoch: epochs[best],
      message: `The validation loss was lowest at epoch ${epochs[best] + 1} (${fmt(val[best])}) and ends ${fmt((risen - 1) * 100, 2)}% higher while the training loss kept falling: the model memorises the training rows.${cured ? " Early stopping ended the run and restored that epoch's weights." : ""}`,
      evidence: { bestEpoch: epochs[best], bestValLoss: val[best], lastValLoss: val[n - 1], trainLossAtBest: train[best], lastTrainLoss: train[n - 1] },
      suggestion: cured
        ? "The kept weights are the best epoch's. To generalise better still: add nn.Dropout, use weight decay (optim.AdamW's weightDecay) or an L1 penalty (fit's l1), or a smaller model."
        : "Stop at the best epoch (train.EarlyStopping with restoreBestWeights), add nn.Dropout, use weight decay (optim.AdamW's weightDecay) or an L1 penalty (fit's l1), or a smaller model.",
    },
  ];
}

function underfitting(ctx: Context): Finding[] {
  const train = ctx.series("loss");
  if (!train || train.length < UNDERFIT_MIN_EPOCHS || !train.every(Number.isFinite)) return [];
  const baseline = baselineLoss(ctx, trainingTask(ctx));
  const reference = baseline ?? ctx.initialLoss();
  const last = train[train.length - 1];
  if (reference === undefined || !(reference > 0) || last < UNDERFIT_SHARE * reference) return [];
  return [
    {
      code: "underfitting",
      severity: "warning",
      epoch: ctx.epochs()[train.length - 1],
      message: `The training loss ends at ${fmt(last)}, ${fmt((last / reference) * 100, 2)}% of ${baseline === undefined ? "the loss at initialisation" : "what a constant prediction scores"} (${fmt(reference)}): the model has learnt little even on its own training rows.`,
      evidence: { lastLoss: last, reference, baseline: baseline !== undefined },
      suggestion: "Train longer or with a better learning rate (doctor.lrFind), use a larger model (more or wider nn.Linear layers with nn.ReLU), and check the other findings (lr-too-low, dead-relu, saturated-activations).",
    },
  ];
}

/** Eval-mode loss of the model on each split given, when the model and loss are known. */
function evalLosses(ctx: Context): Partial<Record<Split, number>> {
  const out: Partial<Record<Split, number>> = {};
  if (!ctx.model || !ctx.loss) return out;
  const wasTraining = ctx.model.training;
  try {
    for (const split of ["train", "val", "test"] as const) {
      const d = ctx.data[split];
      if (d !== undefined) out[split] = evaluate(ctx.model, d, { loss: ctx.loss }).loss;
    }
  } finally {
    ctx.model.train(wasTraining);
  }
  return out;
}

function valAboveTrain(ctx: Context): Finding[] {
  const found: Finding[] = [];
  const losses = evalLosses(ctx);
  const train = losses.train;
  for (const split of ["val", "test"] as const) {
    const held = losses[split];
    if (train === undefined || held === undefined || !(held < HELD_OUT_SHARE * train)) continue;
    found.push({
      code: "val-above-train",
      severity: "warning",
      epoch: null,
      message: `The ${split === "val" ? "validation" : "test"} loss (${fmt(held)}) is under half the training loss (${fmt(train)}), both in eval mode: the held-out rows are easier than the training rows, as when a sorted file is split without shuffling.`,
      evidence: { split, heldOutLoss: held, trainLoss: train },
      suggestion: "Split with shuffling and, for classes, stratification (data.trainTestSplit with stratify); the split-shift finding shows what differs.",
    });
  }
  if (found.length > 0 || train !== undefined) return found;
  // Without the model, the history's per-epoch losses; dropout and batch norm make training losses higher by design.
  const val = ctx.series("val_loss");
  const loss = ctx.series("loss");
  if (!val || !loss || val.length < 3 || (ctx.model && hasTrainOnlyLayers(ctx.model))) return found;
  const from = Math.floor((2 * val.length) / 3);
  const v = mean(val.slice(from));
  const t = mean(loss.slice(from));
  if (v < HELD_OUT_SHARE * t) {
    found.push({
      code: "val-above-train",
      severity: "warning",
      epoch: ctx.epochs()[from],
      message: `Over the last third of training the validation loss (${fmt(v)}) is under half the training loss (${fmt(t)}): the validation rows are easier than the training rows, as when a sorted file is split without shuffling.`,
      evidence: { split: "val", heldOutLoss: v, trainLoss: t },
      suggestion: "Split with shuffling and, for classes, stratification (data.trainTestSplit with stratify); the split-shift finding shows what differs.",
    });
  }
  return found;
}

/** The checks comparing training with held-out data. */
export function generalisationChecks(ctx: Context): Finding[] {
  return [...overfitting(ctx), ...underfitting(ctx), ...valAboveTrain(ctx)];
}
