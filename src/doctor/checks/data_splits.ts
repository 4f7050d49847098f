import { pow } from "../../runtime/math.js";
import type { Finding } from "../finding.js";
import { columnMoments, fmt } from "../stats.js";
import type { Context, Matrix } from "./context.js";
import { trainingTask } from "./task.js";

// split-shift, features: a standardised mean difference (difference of
// means over the pooled standard deviation) above 0.25 — the balance limit
// of the matching literature (Rubin; Stuart 2010) — and above 4 standard
// errors of a random split, √(1/n₁ + 1/n₂), so that small held-out sets
// and many features do not raise false alarms (a 4σ deviation has
// probability 6e-5 per feature).
const SMD_LIMIT = 0.25;
const Z_LIMIT = 4;
// duplicate-rows: more than 1% of the held-out rows also occur in the
// training rows. A few repeats happen in discrete data; beyond 1% they
// measurably flatter the held-out score.
const DUPLICATE_SHARE = 0.01;

/** Chi-square test of equal class shares in two count vectors, as a z score (Wilson–Hilferty). */
function classShiftZ(a: number[], b: number[]): { chi2: number; df: number; z: number } {
  const na = a.reduce((s, v) => s + v, 0);
  const nb = b.reduce((s, v) => s + v, 0);
  let chi2 = 0;
  let used = 0;
  for (let k = 0; k < a.length; k++) {
    const total = a[k] + b[k];
    if (total === 0) continue;
    used++;
    const ea = (total * na) / (na + nb);
    const eb = (total * nb) / (na + nb);
    chi2 += (a[k] - ea) ** 2 / ea + (b[k] - eb) ** 2 / eb;
  }
  const df = used - 1;
  if (df < 1) return { chi2, df, z: 0 };
  const c = 2 / (9 * df);
  return { chi2, df, z: (pow(chi2 / df, 1 / 3) - (1 - c)) / Math.sqrt(c) };
}

function classCounts(m: Matrix, k: number): number[] | undefined {
  if (!m.y || m.yCols !== 1) return undefined;
  const counts = new Array<number>(k).fill(0);
  for (const v of m.y) {
    if (!Number.isInteger(v) || v < 0 || v >= k) return undefined;
    counts[v]++;
  }
  return counts;
}

function splitShift(ctx: Context, split: "val" | "test", train: Matrix, held: Matrix): Finding[] {
  if (held.cols !== train.cols || held.rows < 2) return [];
  const a = columnMoments(train.x, train.rows, train.cols);
  const b = columnMoments(held.x, held.rows, held.cols);
  const limit = Math.max(SMD_LIMIT, Z_LIMIT * Math.sqrt(1 / train.rows + 1 / held.rows));
  const shifted: Array<{ col: number; smd: number }> = [];
  for (let j = 0; j < train.cols; j++) {
    const pooled = Math.sqrt((a.variances[j] + b.variances[j]) / 2);
    if (pooled === 0) continue;
    const smd = (b.means[j] - a.means[j]) / pooled;
    if (Math.abs(smd) > limit) shifted.push({ col: j, smd });
  }
  shifted.sort((p, q) => Math.abs(q.smd) - Math.abs(p.smd));
  const task = trainingTask(ctx);
  const k = task?.kind === "classes" ? task.counts.length : 0;
  const ca = k ? classCounts(train, k) : undefined;
  const cb = k ? classCounts(held, k) : undefined;
  const classes = ca && cb ? classShiftZ(ca, cb) : undefined;
  const classShift = classes !== undefined && classes.z > Z_LIMIT;
  if (shifted.length === 0 && !classShift) return [];
  const name = split === "val" ? "validation" : "test";
  const parts: string[] = [];
  if (shifted.length > 0) parts.push(`${shifted.length} of ${train.cols} features differ in mean (largest: column ${shifted[0].col}, ${fmt(shifted[0].smd)} standard deviations)`);
  if (classShift) parts.push(`the class shares differ (χ² ${fmt(classes.chi2)} on ${classes.df} df, z ${fmt(classes.z)})`);
  return [
    {
      code: "split-shift",
      severity: "warning",
      epoch: null,
      message: `The training and ${name} rows come from different distributions: ${parts.join("; ")}. Scores on the ${name} rows will not carry over.`,
      evidence: {
        split,
        shiftedFeatures: shifted.length,
        worstColumn: shifted[0]?.col ?? null,
        worstSmd: shifted[0]?.smd ?? null,
        smdLimit: limit,
        classChi2: classes?.chi2 ?? null,
        classZ: classes?.z ?? null,
        trainClassShares: ca ? ca.map((c) => fmt(c / train.rows)).join(" ") : null,
        heldOutClassShares: cb ? cb.map((c) => fmt(c / held.rows)).join(" ") : null,
      },
      suggestion: "Split at random, stratified by class (data.trainTestSplit with shuffle and stratify), not by file order; if the shift is real (new data), retrain on data like it.",
    },
  ];
}

/** FNV-1a over a row's float32 bit patterns. */
function rowHash(words: Uint32Array, from: number, cols: number): number {
  let h = 0x811c9dc5;
  for (let j = from; j < from + cols; j++) {
    h ^= words[j];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function duplicateRows(split: "val" | "test", train: Matrix, held: Matrix): Finding[] {
  if (held.cols !== train.cols || train.cols === 0) return [];
  const cols = train.cols;
  const tw = new Uint32Array(train.x.buffer, train.x.byteOffset, train.x.length);
  const hw = new Uint32Array(held.x.buffer, held.x.byteOffset, held.x.length);
  const index = new Map<number, number[]>();
  for (let i = 0; i < train.rows; i++) {
    const h = rowHash(tw, i * cols, cols);
    const list = index.get(h);
    if (list) list.push(i);
    else index.set(h, [i]);
  }
  const same = (i: number, r: number): boolean => {
    for (let j = 0; j < cols; j++) if (tw[i * cols + j] !== hw[r * cols + j]) return false;
    return true;
  };
  const shared: number[] = [];
  for (let r = 0; r < held.rows; r++) {
    if (index.get(rowHash(hw, r * cols, cols))?.some((i) => same(i, r))) shared.push(r);
  }
  const share = shared.length / held.rows;
  if (!(share > DUPLICATE_SHARE)) return [];
  const name = split === "val" ? "validation" : "test";
  return [
    {
      code: "duplicate-rows",
      severity: "warning",
      epoch: null,
      message: `${shared.length} of the ${held.rows} ${name} rows (${fmt(share * 100, 2)}%) also occur in the training rows: the ${name} score partly measures memory, not generalisation.`,
      evidence: { split, shared: shared.length, rows: held.rows, share, firstRows: shared.slice(0, 5).join(" ") },
      suggestion: "Remove duplicate rows before splitting (or split by group so copies stay together), then split with data.trainTestSplit.",
    },
  ];
}

/** The checks comparing the training rows with the validation and test rows. */
export function dataSplitChecks(ctx: Context): Finding[] {
  const train = ctx.matrix("train");
  if (!train) return [];
  const out: Finding[] = [];
  for (const split of ["val", "test"] as const) {
    const held = ctx.matrix(split);
    if (!held) continue;
    out.push(...splitShift(ctx, split, train, held), ...duplicateRows(split, train, held));
  }
  return out;
}
