// Sobol' points as scipy.stats.qmc.Sobol (scipy 1.10) draws them: 30-bit
// direction numbers from Joe and Kuo, points in Gray-code order starting at
// the origin, and optional scrambling by a random lower-triangular bit matrix
// (linear matrix scrambling) plus a random digital shift.
import type { Generator } from "../../random/generator.js";
import { SOBOL_DIRECTIONS, SOBOL_MAX_DIM } from "./sobol_directions.js";

const BITS = 30;
const SCALE = 1 / 2 ** BITS;

let table: number[][] | null = null;

/** Polynomial and initial direction numbers of each dimension after the first. */
function directions(): number[][] {
  table ??= SOBOL_DIRECTIONS.split(";").map((row) => row.split(" ").map((h) => parseInt(h, 16)));
  return table;
}

/** The d × 30 direction integers (scipy's `_initialize_v`). */
function directionMatrix(d: number): Uint32Array[] {
  const v = Array.from({ length: d }, () => new Uint32Array(BITS));
  v[0].fill(1);
  for (let k = 1; k < d; k++) {
    const [p, ...init] = directions()[k - 1];
    const m = 31 - Math.clz32(p);
    const row = v[k];
    for (let j = 0; j < m; j++) row[j] = init[j];
    for (let j = m; j < BITS; j++) {
      let x = row[j - m];
      for (let i = 0; i < m; i++) if ((p >>> (m - 1 - i)) & 1) x ^= row[j - i - 1] << (i + 1);
      row[j] = x >>> 0;
    }
  }
  // Column j holds bit 2^(BITS-1-j).
  for (const row of v) for (let j = 0; j < BITS; j++) row[j] = (row[j] * 2 ** (BITS - 1 - j)) >>> 0;
  return v;
}

/** Parity of the set bits of a 32-bit integer. */
function parity(x: number): number {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}

/** A Sobol' sequence in [0, 1)^d; point i is reached directly (no state), as scipy's `fast_forward(i)` + `random(1)`. */
export class Sobol {
  private readonly v: Uint32Array[];
  private readonly shift: Uint32Array;

  /** @param rng Scrambles (LMS + digital shift) when given; scipy's unscrambled points otherwise. */
  constructor(readonly d: number, rng?: Generator) {
    if (!Number.isInteger(d) || d < 1 || d > SOBOL_MAX_DIM) throw new RangeError(`Sobol dimension must be an integer in [1, ${SOBOL_MAX_DIM}], got ${d}.`);
    this.v = directionMatrix(d);
    this.shift = new Uint32Array(d);
    if (rng !== undefined) this.scramble(rng);
  }

  private scramble(rng: Generator): void {
    // Same draw order as scipy: the shift bits, then the matrices row by row.
    for (let k = 0; k < this.d; k++) for (let b = 0; b < BITS; b++) if (rng.nextUint32() & 1) this.shift[k] |= 1 << b;
    for (let k = 0; k < this.d; k++) {
      // Row p of the lower-triangular matrix as an integer, its column c at bit BITS-1-c.
      const rows = new Uint32Array(BITS);
      for (let p = 0; p < BITS; p++) {
        let r = 0;
        for (let c = 0; c < BITS; c++) if ((rng.nextUint32() & 1) && c < p) r |= 1 << (BITS - 1 - c);
        rows[p] = (r | (1 << (BITS - 1 - p))) >>> 0;
      }
      const row = this.v[k];
      for (let j = 0; j < BITS; j++) {
        let t = 0;
        for (let p = 0; p < BITS; p++) t |= parity(rows[p] & row[j]) << (BITS - 1 - p);
        row[j] = t >>> 0;
      }
    }
  }

  /** Point `index` (0-based) of the sequence. */
  point(index: number): Float64Array {
    if (!Number.isInteger(index) || index < 0 || index >= 2 ** BITS) throw new RangeError(`Sobol index must be an integer in [0, 2^${BITS}), got ${index}.`);
    const gray = (index ^ (index >>> 1)) >>> 0;
    const out = new Float64Array(this.d);
    for (let k = 0; k < this.d; k++) {
      let q = this.shift[k];
      for (let b = 0; b < BITS; b++) if ((gray >>> b) & 1) q ^= this.v[k][b];
      out[k] = (q >>> 0) * SCALE;
    }
    return out;
  }
}
