import type { Finding } from "../finding.js";
import { argmin, fmt, median } from "../stats.js";
import type { Context } from "./context.js";
import { clipAdvice } from "./clip_advice.js";

// diverging: the run ends 50% above its best loss and above where it began.
// Epoch means of a working run fall or wobble by a few percent; half again
// above the best, and no gain over the start, is a run moving the wrong way.
const DIVERGE_FROM_BEST = 1.5;
// …or its first epoch averages twice the loss at initialisation: with any
// workable lr the first epoch's mean is at or below the starting loss.
const DIVERGE_FIRST_EPOCH = 2;
// oscillating: in the second half of the run the training or validation
// loss rises in at least 40% of the epochs, by 10% of its level on average.
// Near convergence a healthy run's losses still fall most epochs, and their
// rises are a few percent.
const OSCILLATE_MIN_EPOCHS = 6;
const OSCILLATE_RISE_SHARE = 0.4;
const OSCILLATE_RISE_SIZE = 0.1;
// lr-too-low: under 5% of the initial loss gained, with steps moving the
// weights (the fastest-moving matrix) by under 1e-5 of their norm. A well-set rate moves them about
// 1e-3 per step (a common rule of thumb, e.g. Karpathy's CS231n notes);
// a hundredth of that barely trains. Without a record: under 1% gained.
const LOW_GAIN = 0.05;
const LOW_GAIN_UNRECORDED = 0.01;
const LOW_STEP_RATIO = 1e-5;
const LOW_MIN_EPOCHS = 3;
// plateau: over the last quarter of the run (at least 5 epochs) the best
// loss improved by under 1%, while the loss is still above half its initial
// value: stuck, not converged.
const PLATEAU_MIN_EPOCHS = 8;
const PLATEAU_WINDOW = 5;
const PLATEAU_GAIN = 0.01;
const PLATEAU_LEVEL = 0.5;

function finite(v: readonly number[]): boolean {
  return v.length > 0 && v.every(Number.isFinite);
}

/**
 * The last epoch's per-step update ratio of the fastest-moving weight matrix
 * (matrices without gradient are left out: dead units, not the lr, froze them).
 */
export function stepRatio(ctx: Context): number | undefined {
  const last = ctx.record?.epochs.at(-1);
  if (!last) return undefined;
  const names = ctx.record!.params.filter((p) => p.shape.length >= 2 && last.gradNorm[p.name] > 0).map((p) => p.name);
  const values = names.map((n) => last.stepUpdateRatio[n]).filter((v) => v !== undefined && Number.isFinite(v));
  return values.length > 0 ? Math.max(...values) : undefined;
}

function diverging(ctx: Context, loss: number[]): Finding[] {
  const initial = ctx.record?.initialLoss;
  const n = loss.length;
  const best = Math.min(...loss);
  const endsWorse = n >= 2 && loss[n - 1] > DIVERGE_FROM_BEST * best && loss[n - 1] > loss[0];
  const blewUp = initial !== undefined && Number.isFinite(initial) && initial > 0 && loss[0] > DIVERGE_FIRST_EPOCH * initial;
  if (!endsWorse && !blewUp) return [];
  const epochs = ctx.epochs();
  const clip = clipAdvice(ctx.clipping);
  return [
    {
      code: "diverging",
      severity: "error",
      epoch: blewUp ? epochs[0] : epochs[n - 1],
      message: blewUp
        ? `The first epoch's loss (${fmt(loss[0])}) is ${fmt(loss[0] / initial!)}× the loss at initialisation (${fmt(initial!)}): the first updates overshoot.`
        : `The training loss ends at ${fmt(loss[n - 1])}, ${fmt(loss[n - 1] / best)}× its best (${fmt(best)}) and above where it started: the updates are too large.`,
      evidence: { first: loss[0], best, last: loss[n - 1], initialLoss: initial ?? null, ...clip.evidence },
      suggestion: `${clip.lead}Lower the learning rate, by 10× or to what doctor.lrFind suggests; ${clip.item} or add a warm-up (optim.lrScheduler.OneCycleLR).`,
    },
  ];
}

/** Share of epochs in the second half of `v` where it rose, and the mean relative size of a rise. */
function rises(v: number[]): { share: number; size: number; epochs: number } {
  const half = v.slice(Math.floor(v.length / 2) - 1);
  let count = 0;
  let size = 0;
  for (let i = 1; i < half.length; i++) {
    if (half[i] > half[i - 1]) {
      count++;
      size += (half[i] - half[i - 1]) / half[i - 1];
    }
  }
  return { share: count / (half.length - 1), size: count > 0 ? size / count : 0, epochs: half.length - 1 };
}

function oscillating(ctx: Context, loss: number[]): Finding[] {
  if (loss.length < OSCILLATE_MIN_EPOCHS) return [];
  const val = ctx.series("val_loss");
  const candidates = [["training", rises(loss)] as const, ...(val && finite(val) ? [["validation", rises(val)] as const] : [])];
  const hit = candidates.find(([, r]) => r.share >= OSCILLATE_RISE_SHARE && r.size >= OSCILLATE_RISE_SIZE);
  if (!hit) return [];
  const [which, r] = hit;
  return [
    {
      code: "oscillating",
      severity: "warning",
      epoch: ctx.epochs()[loss.length - 1],
      message: `In the second half of training the ${which} loss rose in ${Math.round(r.share * 100)}% of the epochs, by ${Math.round(r.size * 100)}% on average: the steps overshoot the minimum back and forth.`,
      evidence: { loss: which, riseShare: r.share, meanRise: r.size, epochs: r.epochs },
      suggestion: "Lower the learning rate or let a scheduler lower it (optim.lrScheduler.ReduceLROnPlateau, optim.lrScheduler.CosineAnnealingLR); a larger batchSize also smooths the steps.",
    },
  ];
}

function lrTooLow(ctx: Context, loss: number[]): Finding[] {
  const n = loss.length;
  const start = ctx.initialLoss();
  if (n < LOW_MIN_EPOCHS || start === undefined || !(start > 0)) return [];
  const gain = (start - Math.min(...loss)) / start;
  const ratio = stepRatio(ctx);
  // With a record but no moving weight, the gradients are the problem (dead-relu, vanishing-gradients), not the lr.
  const low = ratio === undefined ? ctx.record === undefined && gain < LOW_GAIN_UNRECORDED : gain < LOW_GAIN && ratio < LOW_STEP_RATIO;
  if (!low) return [];
  return [
    {
      code: "lr-too-low",
      severity: "warning",
      epoch: ctx.epochs()[n - 1],
      message: `After ${n} epochs the loss is only ${fmt(gain * 100, 2)}% below its start${ratio === undefined ? "" : `, and a step moves the weights by ${fmt(ratio)} of their norm (about 1e-3 is typical)`}: the learning rate is too small to train.`,
      evidence: { initialLoss: start, best: Math.min(...loss), gain, stepUpdateRatio: ratio ?? null, lr: ctx.record?.epochs.at(-1)?.lr ?? null },
      suggestion: "Raise the learning rate, to what doctor.lrFind suggests (its valley), often by 10-1000×.",
    },
  ];
}

function plateau(ctx: Context, loss: number[]): Finding[] {
  const n = loss.length;
  const start = ctx.initialLoss();
  if (n < PLATEAU_MIN_EPOCHS || start === undefined || !(start > 0)) return [];
  const window = Math.max(PLATEAU_WINDOW, Math.floor(n / 4));
  const before = Math.min(...loss.slice(0, n - window));
  const after = Math.min(...loss.slice(n - window));
  const gain = (before - after) / Math.abs(before);
  const level = loss[n - 1] / start;
  const ratio = stepRatio(ctx);
  if (gain >= PLATEAU_GAIN || level < PLATEAU_LEVEL || (ratio !== undefined && ratio < LOW_STEP_RATIO)) return [];
  const epochs = ctx.epochs();
  return [
    {
      code: "plateau",
      severity: "warning",
      epoch: epochs[argmin(loss)],
      message: `The loss has not improved by 1% in the last ${window} epochs and is still ${fmt(level * 100, 2)}% of its initial value: training is stuck, not converged.`,
      evidence: { window, gain, level, best: Math.min(...loss) },
      suggestion: "Try another learning rate (doctor.lrFind) or a scheduler that lowers it on plateaus (optim.lrScheduler.ReduceLROnPlateau); check the dead-relu and saturated-activations findings and the model's capacity (wider nn.Linear layers).",
    },
  ];
}

/** The checks on the shape of the training-loss curve (skipped when it has NaN: loss-nan covers that). */
export function lossCurveChecks(ctx: Context): Finding[] {
  const loss = ctx.series("loss");
  if (!loss || !finite(loss)) return [];
  return [...diverging(ctx, loss), ...oscillating(ctx, loss), ...lrTooLow(ctx, loss), ...plateau(ctx, loss)];
}
