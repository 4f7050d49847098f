import type { Optimizer } from "../../optim/optimizer.js";
import { pow, sqrt } from "../../runtime/math.js";
import type { AdamRecord } from "../record.js";

// Enough values for a stable median without sorting every element of a large model.
const MAX_SAMPLES = 20000;

/**
 * For every parameter group of an Adam-family optimizer (one whose groups
 * have `eps` and `betas` and whose state has `expAvgSq` and `step`), how
 * `eps` compares with `sqrt(v̂)`, v̂ = v / (1 − β₂ᵗ), the rest of Adam's
 * denominator. Groups without that state are left out.
 */
export function adamRecords(optimizer: Optimizer): AdamRecord[] {
  const sd = optimizer.stateDict();
  const out: AdamRecord[] = [];
  sd.paramGroups.forEach((g, group) => {
    const eps = g.eps;
    const betas = g.betas;
    if (typeof eps !== "number" || !Array.isArray(betas)) return;
    const beta2 = Number(betas[1]);
    const states = g.params.map((i) => sd.state[i]).filter((s) => s !== undefined && s.expAvgSq instanceof Float32Array && typeof s.step === "number" && s.step > 0);
    const total = states.reduce((n, s) => n + (s.expAvgSq as Float32Array).length, 0);
    if (total === 0) return;
    const stride = Math.max(1, Math.ceil(total / MAX_SAMPLES));
    const values: number[] = [];
    for (const s of states) {
      const v = s.expAvgSq as Float32Array;
      const correction = 1 - pow(beta2, s.step as number);
      for (let i = 0; i < v.length; i += stride) if (v[i] > 0) values.push(sqrt(v[i] / correction));
    }
    if (values.length === 0) return;
    values.sort((a, b) => a - b);
    const mid = values.length >> 1;
    const median = values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    let below = 0;
    for (const s of values) if (s <= eps) below++;
    out.push({ group, eps, medianSqrtVhat: median, belowEps: below / values.length });
  });
  return out;
}
