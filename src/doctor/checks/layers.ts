import type { Finding } from "../finding.js";
import type { EpochRecord } from "../record.js";
import { fmt } from "../stats.js";
import type { Context } from "./context.js";
import { clipAdvice } from "./clip_advice.js";

// saturated-activations: over half of a hidden Sigmoid/Tanh layer's outputs
// within 0.01 of a bound (where the derivative is under a 25th of its peak):
// most of the layer passes almost no gradient. Output layers are left out:
// a trained classifier's final sigmoid is saturated by design.
const SATURATED_SHARE = 0.5;
// dead-relu: half of a ReLU layer's units output 0 for every sampled row of
// the last epoch. Such a unit gets no gradient and never recovers; healthy
// layers keep most units active on some inputs.
const DEAD_SHARE = 0.5;
// exploding: the total gradient norm of an epoch (mean over its sampled
// batches) reached 100× that of the very first batch, or is not finite. A
// converging run's gradients shrink from their initial size; two orders of
// magnitude up means the updates feed on themselves.
// exploding / vanishing: the per-element gradient (RMS: ‖g‖/√n) of the
// input-side weight matrix is over 100× (under 1/100 of) the output-side
// one's: the backward pass grows (shrinks) the gradient by two orders of
// magnitude on its way through the layers.
const LAYER_RATIO = 100;
const GROWTH = 100;

function lastEpoch(ctx: Context): EpochRecord | undefined {
  return ctx.record?.epochs.at(-1);
}

function activationFindings(ctx: Context): Finding[] {
  const last = lastEpoch(ctx);
  if (!last) return [];
  const out: Finding[] = [];
  const saturated = last.activations.filter((a) => a.kind !== "relu" && !a.final && a.saturated > SATURATED_SHARE);
  if (saturated.length > 0) {
    const worst = saturated.reduce((a, b) => (b.saturated > a.saturated ? b : a));
    out.push({
      code: "saturated-activations",
      severity: "warning",
      epoch: last.epoch,
      message: `${saturated.length} hidden ${worst.kind} layer(s) are saturated: in layer ${worst.layer}, ${fmt(worst.saturated * 100, 2)}% of the outputs are within 0.01 of a bound, where almost no gradient passes.`,
      evidence: { layers: saturated.map((a) => a.layer).join(" "), worstLayer: worst.layer, share: worst.saturated },
      suggestion: "Standardise the inputs (data.StandardScaler), lower the learning rate, use nn.ReLU (or nn.GELU) in hidden layers, or add nn.BatchNorm1d / nn.LayerNorm before the activation.",
    });
  }
  const dead = last.activations.filter((a) => a.kind === "relu" && (a.dead ?? 0) >= DEAD_SHARE);
  if (dead.length > 0) {
    const worst = dead.reduce((a, b) => ((b.dead ?? 0) > (a.dead ?? 0) ? b : a));
    out.push({
      code: "dead-relu",
      severity: "warning",
      epoch: last.epoch,
      message: `${dead.length} ReLU layer(s) have mostly dead units: in layer ${worst.layer}, ${fmt((worst.dead ?? 0) * 100, 2)}% of the units output 0 for every sampled row, so they no longer learn.`,
      evidence: { layers: dead.map((a) => a.layer).join(" "), worstLayer: worst.layer, deadShare: worst.dead ?? null },
      suggestion: "Lower the learning rate (doctor.lrFind), use nn.LeakyReLU or nn.GELU, standardise the inputs (data.StandardScaler), and keep the default bias initialisation.",
    });
  }
  return out;
}

/** Per-element gradient scale of the first and last weight matrices, and the total norm, of an epoch. */
function gradientScales(ctx: Context, e: EpochRecord): { first: number; last: number; total: number; layers: number } {
  const params = ctx.record!.params;
  const matrices = params.filter((p) => p.shape.length >= 2);
  const rms = (p: { name: string; shape: number[] }): number => e.gradNorm[p.name] / Math.sqrt(p.shape.reduce((a, b) => a * b, 1));
  let total = 0;
  for (const p of params) total += (e.gradNorm[p.name] ?? 0) ** 2;
  return { first: matrices.length ? rms(matrices[0]) : NaN, last: matrices.length ? rms(matrices[matrices.length - 1]) : NaN, total: Math.sqrt(total), layers: matrices.length };
}

function gradientFindings(ctx: Context): Finding[] {
  const epochs = ctx.record?.epochs ?? [];
  const last = epochs.at(-1);
  if (!last) return [];
  const now = gradientScales(ctx, last);
  const ratio = now.first / now.last;
  const initial = ctx.record?.initialGradNorm;
  const peak = epochs.map((e) => gradientScales(ctx, e).total).reduce((a, b) => (b > a || Number.isNaN(b) ? b : a), 0);
  const growth = initial !== undefined && initial > 0 ? peak / initial : NaN;
  const out: Finding[] = [];
  const evidence = { inputSideRms: now.first, outputSideRms: now.last, layerRatio: ratio, initialNorm: initial ?? null, peakNorm: peak, growth };
  const nonFinite = !Number.isFinite(peak);
  if (nonFinite || growth > GROWTH || (now.layers >= 2 && ratio > LAYER_RATIO)) {
    const clip = clipAdvice(ctx.clipping);
    out.push({
      code: "exploding-gradients",
      severity: "warning",
      epoch: last.epoch,
      message: nonFinite
        ? "The gradients became NaN or infinite."
        : growth > GROWTH
          ? `The gradient norm reached ${fmt(growth)}× its value at the first batch (${fmt(peak)} from ${fmt(initial!)}): the updates feed on themselves.`
          : `The input-side layer's gradients are ${fmt(ratio)}× the output side's (per weight): they grow on the way back through the layers.`,
      evidence: { ...evidence, ...clip.evidence },
      suggestion: `${clip.lead}Lower the learning rate, ${clip.item}, standardise the inputs (data.StandardScaler), and keep the default initialisation (nn.init.kaimingUniform) or add nn.LayerNorm / nn.BatchNorm1d.`,
    });
  }
  if (now.layers >= 2 && ratio < 1 / LAYER_RATIO) {
    out.push({
      code: "vanishing-gradients",
      severity: "warning",
      epoch: last.epoch,
      message: `The input-side layer's gradients are ${fmt(ratio)}× the output side's (per weight): they fade on the way back, and the first layers barely learn.`,
      evidence,
      suggestion: "Use nn.ReLU (or nn.GELU) instead of nn.Sigmoid / nn.Tanh in hidden layers, initialise for it (nn.init.kaimingUniform), add nn.BatchNorm1d / nn.LayerNorm, or use fewer layers.",
    });
  }
  return out;
}

/** The checks on what the DoctorCallback measured inside the model. */
export function layerChecks(ctx: Context): Finding[] {
  return [...activationFindings(ctx), ...gradientFindings(ctx)];
}
