import { Linear } from "../../nn/linear.js";
import { BCELoss } from "../../nn/loss/bce.js";
import { BCEWithLogitsLoss } from "../../nn/loss/bce_with_logits.js";
import { CrossEntropyLoss } from "../../nn/loss/cross_entropy.js";
import { HuberLoss } from "../../nn/loss/huber.js";
import { KLDivLoss } from "../../nn/loss/kl_div.js";
import { L1Loss } from "../../nn/loss/l1.js";
import { MSELoss } from "../../nn/loss/mse.js";
import { NLLLoss } from "../../nn/loss/nll.js";
import { SmoothL1Loss } from "../../nn/loss/smooth_l1.js";
import type { Module } from "../../nn/module.js";
import { log } from "../../runtime/math.js";
import type { LossFn } from "../../train/loss_fn.js";
import type { Context } from "./context.js";

// Integer targets with at most this many values are taken for classes when no loss says otherwise.
const MAX_CLASSES = 50;

/** What the targets are: class counts (binary: [negatives, positives]) or real values. */
export type Task = { kind: "classes"; counts: number[]; binary: boolean } | { kind: "regression"; y: Float64Array };

/** Losses that are never negative on valid inputs (NLLLoss: on log-probabilities). */
export function nonNegativeLoss(loss: LossFn | undefined): boolean {
  return [CrossEntropyLoss, NLLLoss, BCELoss, BCEWithLogitsLoss, MSELoss, L1Loss, HuberLoss, SmoothL1Loss, KLDivLoss].some((c) => loss instanceof c);
}

/** Output width of the model's last Linear layer (the class count of a classifier). */
export function outputWidth(model: Module | undefined): number | undefined {
  let width: number | undefined;
  const walk = (m: Module): void => {
    if (m instanceof Linear) width = m.outFeatures;
    for (const [, c] of m.namedChildren()) walk(c);
  };
  if (model) walk(model);
  return width;
}

function isBinaryLoss(loss: LossFn | undefined): boolean {
  return loss instanceof BCELoss || loss instanceof BCEWithLogitsLoss;
}

/** The training targets' task, from the loss when known, else from the values. */
export function trainingTask(ctx: Context): Task | undefined {
  const m = ctx.matrix("train");
  const y = m?.y;
  if (!m || !y || m.yCols !== 1 || y.length === 0) return undefined;
  const integers = y.every((v) => Number.isInteger(v) && v >= 0);
  const classLoss = ctx.loss instanceof CrossEntropyLoss || ctx.loss instanceof NLLLoss || isBinaryLoss(ctx.loss);
  const classes = integers && (classLoss || (ctx.loss === undefined && new Set(y).size <= MAX_CLASSES && new Set(y).size >= 2));
  if (!classes) return { kind: "regression", y };
  let k = Math.max(2, outputWidth(ctx.model) ?? 0);
  for (const v of y) if (v + 1 > k) k = v + 1;
  const counts = new Array<number>(isBinaryLoss(ctx.loss) ? 2 : k).fill(0);
  for (const v of y) counts[v]++;
  return { kind: "classes", counts, binary: counts.length === 2 };
}

/** −Σ p ln p of the class shares. */
function entropy(counts: number[]): number {
  const n = counts.reduce((a, b) => a + b, 0);
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * log(c / n);
  return h;
}

/**
 * The loss of the best constant prediction (the class prior, or the mean):
 * what a model that learnt nothing from the features scores. Undefined for
 * losses it is not known for.
 */
export function baselineLoss(ctx: Context, task: Task | undefined): number | undefined {
  if (!task) return undefined;
  if (task.kind === "classes") return ctx.loss instanceof CrossEntropyLoss || ctx.loss instanceof NLLLoss || isBinaryLoss(ctx.loss) ? entropy(task.counts) : undefined;
  if (!(ctx.loss instanceof MSELoss)) return undefined;
  let mean = 0;
  for (const v of task.y) mean += v / task.y.length;
  let variance = 0;
  for (const v of task.y) variance += (v - mean) ** 2 / task.y.length;
  return variance;
}

/**
 * The loss of an untrained model whose outputs are all about zero: ln K
 * for cross-entropy over K classes (uniform probabilities), ln 2 for binary
 * cross-entropy (p = 0.5), the mean square of the targets for MSE.
 */
export function untrainedLoss(ctx: Context, task: Task | undefined): { value: number; rule: string } | undefined {
  if (isBinaryLoss(ctx.loss)) return { value: log(2), rule: "ln 2" };
  const k = task?.kind === "classes" ? task.counts.length : outputWidth(ctx.model);
  if ((ctx.loss instanceof CrossEntropyLoss || ctx.loss instanceof NLLLoss) && k !== undefined && k >= 2) return { value: log(k), rule: `ln ${k}` };
  if (ctx.loss instanceof MSELoss && task?.kind === "regression") {
    let s = 0;
    for (const v of task.y) s += (v * v) / task.y.length;
    return { value: s, rule: "mean of y²" };
  }
  return undefined;
}
