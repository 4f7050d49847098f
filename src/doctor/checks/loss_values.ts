import { NLLLoss } from "../../nn/loss/nll.js";
import { Softmax } from "../../nn/softmax.js";
import type { Finding } from "../finding.js";
import { lastLayer } from "../probes/activations.js";
import { fmt } from "../stats.js";
import type { Context } from "./context.js";
import { nonNegativeLoss, trainingTask, untrainedLoss } from "./task.js";
import { clipAdvice } from "./clip_advice.js";

// Twice the loss of all-zero outputs: PyTorch's default initialisation keeps
// a unit-scale input's logits small, so the first loss sits within a few
// tens of percent of ln K; twice as much takes logits of several units,
// i.e. confident wrong predictions before any training.
const INITIAL_FACTOR = 2;

/** `loss-negative`: a loss that cannot be negative on valid inputs went below zero, or Softmax feeds NLLLoss. */
function lossNegative(ctx: Context): Finding[] {
  const softmaxIntoNll = ctx.model !== undefined && ctx.loss instanceof NLLLoss && lastLayer(ctx.model) instanceof Softmax;
  const losses = ctx.series("loss") ?? [];
  const batchMins = ctx.record?.epochs.map((e) => e.batchLoss.min) ?? [];
  const at = [losses.findIndex((v) => v < 0), batchMins.findIndex((v) => v < 0)].filter((i) => i >= 0);
  const seen = at.length > 0 && (ctx.loss === undefined || nonNegativeLoss(ctx.loss));
  if (!softmaxIntoNll && !seen) return [];
  const first = seen ? Math.min(...at) : null;
  const epochs = ctx.epochs();
  return [
    {
      code: "loss-negative",
      severity: "error",
      epoch: first === null ? null : (epochs[first] ?? first),
      message: softmaxIntoNll
        ? "The model ends in Softmax and the loss is NLLLoss, which expects log-probabilities: it computes −p instead of −ln p, which is negative and rewards nothing useful."
        : "The training loss went negative, which this loss cannot do on valid inputs: the outputs are not what the loss expects.",
      evidence: { softmaxIntoNll, minLoss: losses.length ? Math.min(...losses) : null, minBatchLoss: batchMins.length ? Math.min(...batchMins) : null },
      suggestion: "End the model with nn.LogSoftmax instead of nn.Softmax for NLLLoss, or drop the Softmax and use nn.CrossEntropyLoss on the logits.",
    },
  ];
}

/** `loss-nan`: a NaN or infinite loss, recovered by a rollback (warning) or not (error). */
function lossNan(ctx: Context): Finding[] {
  const events = ctx.record?.nonFinite ?? [];
  const losses = ctx.series("loss") ?? [];
  const val = ctx.series("val_loss") ?? [];
  const bad = losses.findIndex((v) => !Number.isFinite(v));
  const badVal = val.findIndex((v) => !Number.isFinite(v));
  if (events.length === 0 && bad < 0 && badVal < 0) return [];
  const recovered = events.length > 0 && events.every((e) => e.action === "rollback") && bad < 0 && badVal < 0;
  const first = events[0];
  const epochs = ctx.epochs();
  const epoch = first ? first.epoch : (epochs[bad >= 0 ? bad : badVal] ?? null);
  const clip = clipAdvice(ctx.clipping);
  return [
    {
      code: "loss-nan",
      severity: recovered ? "warning" : "error",
      epoch,
      message: recovered
        ? `The training loss became ${first.value} ${events.length} time(s); each time the doctor rolled back to the last good epoch and cut the learning rate (now ${fmt(events[events.length - 1].lrAfter ?? NaN)}).`
        : `The ${bad >= 0 || first ? "training" : "validation"} loss became NaN or infinite${first ? ` (${first.value} at batch ${first.batch + 1})` : ""}: the weights overflowed.`,
      evidence: { events: events.length, rollbacks: events.filter((e) => e.action === "rollback").length, firstBatch: first ? first.batch : null, lrAfter: events.length ? (events[events.length - 1].lrAfter ?? null) : null, ...clip.evidence },
      suggestion: `${clip.lead}Lower the learning rate (doctor.lrFind suggests one), ${clip.item}, standardise the inputs (data.StandardScaler), and check the data for NaN (data.findNonFinite).`,
    },
  ];
}

/** `initial-loss-off`: the loss before any update is far above the loss of all-zero outputs. */
function initialLossOff(ctx: Context): Finding[] {
  const initial = ctx.record?.initialLoss;
  if (initial === undefined || !Number.isFinite(initial)) return [];
  const expected = untrainedLoss(ctx, trainingTask(ctx));
  if (!expected || !(initial > INITIAL_FACTOR * expected.value)) return [];
  return [
    {
      code: "initial-loss-off",
      severity: "warning",
      epoch: 0,
      message: `The loss at initialisation is ${fmt(initial)}, more than ${INITIAL_FACTOR}× the ${fmt(expected.value)} (${expected.rule}) of an untrained model with small outputs: the model starts confidently wrong.`,
      evidence: { initialLoss: initial, expected: expected.value, rule: expected.rule, factor: initial / expected.value },
      suggestion: "Standardise the inputs (data.StandardScaler), keep the default initialisation (nn.init) of the last layer, or set its bias to the class prior.",
    },
  ];
}

/** The checks on loss values. */
export function lossValueChecks(ctx: Context): Finding[] {
  return [...lossNegative(ctx), ...lossNan(ctx), ...initialLossOff(ctx)];
}
