/**
 * How the findings about overshooting updates (NaN loss, divergence,
 * exploding gradients) name gradient clipping: `fit`'s option first, as that
 * is what a `fit` user changes, then the CLI flag and the function for a loop
 * of one's own.
 */
export const CLIP_GRADIENTS =
  "clip gradients with fit's clipGradNorm option (fit(model, { …, clipGradNorm: 1 }); wasmtune train --clip-grad-norm 1; optim.clipGradNorm in a loop of your own)";
