import { Adagrad } from "../../optim/adagrad.js";
import { Adam } from "../../optim/adam.js";
import { Adamax } from "../../optim/adamax.js";
import { AdamW } from "../../optim/adamw.js";
import { NAdam } from "../../optim/nadam.js";
import { RAdam } from "../../optim/radam.js";
import { RMSprop } from "../../optim/rmsprop.js";
import type { Finding } from "../finding.js";
import { fmt } from "../stats.js";
import type { Context } from "./context.js";

// adam-eps-dominates: eps at or above the median sqrt(v̂). Adam's step is
// lr·m̂/(√v̂ + eps); where eps ≥ √v̂ it is at least halved and no longer
// scale-free, and where eps ≫ √v̂ it is plain momentum SGD with rate lr/eps.
// Past the median that holds for most weights.
const EPS_SHARE = 0.5;

function epsDominates(ctx: Context): Finding[] {
  const last = ctx.record?.epochs.at(-1);
  const groups = last?.adam.filter((a) => a.belowEps >= EPS_SHARE) ?? [];
  if (!last || groups.length === 0) return [];
  const g = groups[0];
  return [
    {
      code: "adam-eps-dominates",
      severity: "warning",
      epoch: last.epoch,
      message: `Adam's eps (${fmt(g.eps)}) is at least sqrt(v̂) for ${fmt(g.belowEps * 100, 2)}% of the weights (median sqrt(v̂) ${fmt(g.medianSqrtVhat)}): the per-weight scaling is gone and Adam behaves like SGD with momentum.`,
      evidence: { group: g.group, eps: g.eps, medianSqrtVhat: g.medianSqrtVhat, shareBelowEps: g.belowEps },
      suggestion: "Use Adam's default eps (1e-8), or at least 100× below the median sqrt(v̂).",
    },
  ];
}

/** Adaptive optimizers whose weightDecay is an L2 term added to the gradient (AdamW's is decoupled). */
function coupledDecay(ctx: Context): Finding[] {
  const o = ctx.optimizer;
  const coupled = o !== undefined && !(o instanceof AdamW) && [Adam, Adamax, NAdam, RAdam, RMSprop, Adagrad].some((c) => o instanceof c);
  if (!coupled) return [];
  const decay = o.paramGroups.map((g) => Number(g.weightDecay ?? 0)).find((w) => w > 0);
  if (decay === undefined) return [];
  return [
    {
      code: "coupled-weight-decay",
      severity: "warning",
      epoch: null,
      message: `${o.constructor.name} with weightDecay ${fmt(decay)} adds the decay to the gradient, where the adaptive scaling divides it by sqrt(v̂): weights with large gradients are barely regularised (Loshchilov & Hutter, "Decoupled Weight Decay Regularization").`,
      evidence: { optimizer: o.constructor.name, weightDecay: decay },
      suggestion: "Use optim.AdamW with the same weightDecay (decoupled decay), and set weightDecay 0 on this optimizer.",
    },
  ];
}

/** The checks on the optimizer's settings and state. */
export function optimizerChecks(ctx: Context): Finding[] {
  return [...epsDominates(ctx), ...coupledDecay(ctx)];
}
