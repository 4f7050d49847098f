// Inputs for every chart: plain objects of the shapes the charts read
// (History, lrFind's result, a Study with its FrozenTrials, metric curves),
// made from fixed formulas and a small LCG so that the pictures never change.
import { init, optim, metrics } from "../../dist/index.js";

await init();

function lcg(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** A 30-epoch run whose validation loss bottoms out at epoch 19 (0-based) and early stopping ends at 29. */
export function history() {
  const epochs = Array.from({ length: 30 }, (_, e) => e);
  const rand = lcg(1);
  const loss = epochs.map((e) => 0.65 / (1 + 0.35 * e) + 0.04 + 0.004 * rand());
  const valLoss = epochs.map((e) => 0.6 / (1 + 0.3 * e) + 0.06 + 0.0009 * (e - 19) ** 2 * (e > 19 ? 1 : 0.05) + 0.006 * rand());
  const valAuc = epochs.map((e) => 0.995 - 0.12 / (1 + 0.5 * e) - 0.002 * rand());
  const lr = epochs.flatMap((e) => Array(12).fill(1e-3 * 0.95 ** e));
  return { epochs, metrics: { loss, val_loss: valLoss, val_roc_auc: valAuc }, lr };
}

export const noam = [
  [512, 4000],
  [512, 8000],
  [256, 4000],
].map(([modelSize, warmup]) => ({ name: `d_model ${modelSize}, warmup ${warmup}`, lr: optim.lrScheduler.previewLr({ type: "noam", modelSize, warmup }, 20000) }));

/** An LR range test's curve with fastai-like suggestions. */
export function lrFinderResult() {
  const n = 200;
  const rand = lcg(2);
  const lrs = Array.from({ length: n }, (_, i) => 1e-7 * 10 ** ((8 * i) / (n - 1)));
  const losses = lrs.map((lr, i) => {
    const x = Math.log10(lr) + 7; // 0 … 8
    return 0.7 - 0.45 / (1 + Math.exp(-(x - 4.2) * 2.2)) + (x > 6.3 ? (x - 6.3) ** 2 * 0.8 : 0) + 0.03 * (rand() - 0.5) + 0 * i;
  });
  let avg = 0;
  const smoothed = losses.map((l, i) => ((avg = 0.98 * avg + 0.02 * l), avg / (1 - 0.98 ** (i + 1))));
  return { lrs, losses, smoothed, suggestions: { valley: 2.1e-3, slide: 5.6e-3, minimum: 1.3e-2, steep: 8.9e-4 }, stop: "diverged" };
}

const DISTS = {
  lr: { kind: "float", low: 1e-5, high: 1e-1, log: true },
  dropout: { kind: "float", low: 0, high: 0.5, log: false },
  layers: { kind: "int", low: 1, high: 4, log: false },
  optimizer: { kind: "categorical", choices: ["adam", "sgd", "rmsprop"] },
};

/** A 40-trial maximising study over four parameters, some trials pruned and one failed. */
export function study() {
  const rand = lcg(3);
  const trials = [];
  for (let number = 0; number < 40; number++) {
    const params = {
      lr: 10 ** (-5 + 4 * rand()),
      dropout: 0.5 * rand(),
      layers: 1 + Math.floor(4 * rand()),
      optimizer: DISTS.optimizer.choices[Math.floor(3 * rand())],
    };
    const quality = 0.97 - 0.025 * (Math.log10(params.lr) + 2.7) ** 2 - 0.05 * params.dropout ** 2 + (params.optimizer === "sgd" ? -0.03 : 0) + 0.004 * params.layers;
    const pruned = number > 6 && quality < 0.9 && number % 3 !== 0;
    const failed = number === 11;
    const steps = pruned ? 4 + (number % 5) : 20;
    const intermediateValues = new Map();
    if (!failed) for (let s = 0; s < steps; s++) intermediateValues.set(s, quality - 0.3 / (1 + s) + 0.005 * rand());
    const state = failed ? "FAIL" : pruned ? "PRUNED" : "COMPLETE";
    trials.push({
      number,
      state,
      values: state === "COMPLETE" ? [quality] : null,
      params,
      distributions: DISTS,
      intermediateValues,
      datetimeStart: new Date(Date.UTC(2026, 0, 1, 0, number)),
      datetimeComplete: new Date(Date.UTC(2026, 0, 1, 0, number, 30)),
    });
  }
  return { trials, directions: ["maximize"] };
}

export const importances = { lr: 0.62, optimizer: 0.21, dropout: 0.11, layers: 0.06 };

/** Scores of a good binary classifier on 200 rows. */
export function classifier() {
  const rand = lcg(4);
  const y = Array.from({ length: 200 }, (_, i) => (i % 5 < 2 ? 1 : 0));
  const score = y.map((t) => Math.min(1, Math.max(0, (t ? 0.68 : 0.3) + 0.45 * (rand() - 0.5))));
  const pred = score.map((s) => (s >= 0.5 ? 1 : 0));
  return {
    roc: { ...metrics.rocCurve(y, score), auc: metrics.rocAucScore(y, score) },
    pr: { ...metrics.precisionRecallCurve(y, score), averagePrecision: metrics.averagePrecisionScore(y, score) },
    confusion: metrics.confusionMatrix(y, pred),
  };
}
