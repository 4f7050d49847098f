import { log } from "../runtime/math.js";
import { checkOptions } from "../options.js";

/** fastai's four learning-rate suggestions from an LR range test. NaN where the curve is too short to tell. */
export interface LrSuggestions {
  /** From the longest valley of the loss curve: about two thirds of the way down it (fastai's default). */
  valley: number;
  /** Sliding an interval down from the end until the slope flattens (fastai's `slide`). */
  slide: number;
  /** A tenth of the learning rate with the lowest loss. */
  minimum: number;
  /** Where the loss falls fastest per decade of learning rate. */
  steep: number;
}

/** Options of {@link lrFinderSuggestions}. */
export interface LrSuggestionOptions {
  /** Iterations the test asked for; the first `floor(numIter / 10)` points are skipped. Default: `lrs.length`. */
  numIter?: number;
  /** Points dropped at the end, where the loss explodes. Default 5. */
  skipEnd?: number;
}

// The longest run of strictly falling losses (not necessarily adjacent
// points); the suggestion sits a third plus a sixth of the way into it.
function valley(lrs: number[], losses: number[]): number {
  const n = losses.length;
  const lds = new Array<number>(n).fill(1);
  let maxStart = 0;
  let maxEnd = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (losses[i] < losses[j] && lds[i] < lds[j] + 1) lds[i] = lds[j] + 1;
      if (lds[maxEnd] < lds[i]) {
        maxEnd = i;
        maxStart = maxEnd - lds[maxEnd];
      }
    }
  }
  const sections = (maxEnd - maxStart) / 3;
  return lrs[maxStart + Math.trunc(sections) + Math.trunc(sections / 2)];
}

/** numpy.gradient with unit spacing: central differences inside, one-sided at the ends. */
function gradient(y: number[]): number[] {
  const n = y.length;
  return y.map((_, i) => (i === 0 ? y[1] - y[0] : i === n - 1 ? y[n - 1] - y[n - 2] : (y[i + 1] - y[i - 1]) / 2));
}

function slide(lrs: number[], losses: number[], lrDiff = 15, thresh = 0.005): number {
  const n = losses.length;
  const grad = gradient(losses);
  let r = n - 1;
  let l = r - lrDiff;
  if (l < 0) return NaN;
  let found = lrs[l];
  while (l >= 0 && Math.abs(grad[r] - grad[l]) > thresh) {
    found = lrs[l];
    r--;
    l--;
  }
  return found;
}

function argmin(v: number[]): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] < v[best]) best = i;
  return best;
}

/**
 * fastai's `lr_find` suggestions (`valley`, `slide`, `minimum`, `steep`) from
 * the learning rates of an LR range test and its smoothed losses. As fastai
 * does, the first tenth of `numIter` points and the last `skipEnd` are left
 * out, and so is everything from the first NaN on.
 */
export function lrFinderSuggestions(lrs: readonly number[], losses: readonly number[], options: LrSuggestionOptions = {}): LrSuggestions {
  checkOptions("lrFinderSuggestions", options, ["numIter", "skipEnd"]);
  if (lrs.length !== losses.length) throw new RangeError(`lrFinderSuggestions: ${lrs.length} learning rates but ${losses.length} losses`);
  const numIter = options.numIter ?? lrs.length;
  const skipEnd = options.skipEnd ?? 5;
  const end = Math.max(0, lrs.length - skipEnd);
  let x = lrs.slice(Math.floor(numIter / 10), end);
  let y = losses.slice(Math.floor(numIter / 10), end);
  const nan = y.findIndex((v) => Number.isNaN(v));
  if (nan >= 0) {
    x = x.slice(0, nan);
    y = y.slice(0, nan);
  }
  if (y.length < 2) return { valley: NaN, slide: NaN, minimum: NaN, steep: NaN };
  const logLr = x.map(log);
  const slopes = y.slice(1).map((v, i) => (v - y[i]) / (logLr[i + 1] - logLr[i]));
  return { valley: valley(x, y), slide: slide(x, y), minimum: x[argmin(y)] / 10, steep: x[argmin(slopes)] };
}
