import type { ClippingSetting } from "../../train/grad_clip.js";
import type { ClippingRecord } from "../record.js";
import { fmt } from "../stats.js";

/**
 * How the findings about overshooting updates (NaN loss, divergence,
 * exploding gradients) name gradient clipping: `fit`'s option first, as that
 * is what a `fit` user changes, then the CLI flag and the function for a loop
 * of one's own.
 */
const CLIP_GRADIENTS =
  "clip gradients with fit's clipGradNorm option (fit(model, { …, clipGradNorm: 1 }); wasmtune train --clip-grad-norm 1; optim.clipGradNorm in a loop of your own)";

/** A run's {@link ClippingSetting} as the doctor records it: JSON has no Infinity, so the max norm's order is `"inf"` (torch's spelling). */
export function clippingRecord(setting: ClippingSetting): ClippingRecord {
  if ("clipGradValue" in setting) return { clipGradValue: setting.clipGradValue };
  const { maxNorm, normType } = setting.clipGradNorm;
  return { clipGradNorm: maxNorm, normType: normType === Infinity ? "inf" : normType };
}

/** What a finding about overshooting updates says about clipping. */
export interface ClipAdvice {
  /** A sentence opening the suggestion, or "" when the run did not clip. */
  readonly lead: string;
  /** The clipping item of the suggestion's list of remedies. */
  readonly item: string;
  /** The setting, for the finding's evidence (empty when the run did not clip). */
  readonly evidence: Record<string, number | string>;
}

/**
 * The clipping advice for a run: turn clipping on, or, when the run already
 * clipped, say so (with its value) and advise clipping harder among the
 * other remedies, since clipping alone did not hold the run.
 */
export function clipAdvice(clipping: ClippingRecord | undefined): ClipAdvice {
  if (clipping === undefined) return { lead: "", item: CLIP_GRADIENTS, evidence: {} };
  if ("clipGradValue" in clipping) {
    const v = clipping.clipGradValue;
    return {
      lead: `The gradients were already clipped by value (clipGradValue: ${fmt(v)}), and that did not hold the run. `,
      item: `clip harder (a smaller clipGradValue such as ${fmt(v / 10)}, or clipGradNorm, which keeps the gradient's direction)`,
      evidence: { clipGradValue: v },
    };
  }
  const { clipGradNorm: maxNorm, normType } = clipping;
  const norm = normType === 2 ? "" : `, normType ${normType}`;
  return {
    lead: `The gradients were already clipped (clipGradNorm: ${fmt(maxNorm)}${norm}), and that did not hold the run. `,
    item: `clip harder (a smaller maxNorm such as ${fmt(maxNorm / 10)}; --clip-grad-norm ${fmt(maxNorm / 10)})`,
    evidence: { clipGradNorm: maxNorm, normType },
  };
}
