import { XOSHIRO_STATE } from "../kernels/random.js";
import { cos, log } from "../runtime/math.js";

/** Serializable generator state: four 32-bit words. */
export type GeneratorState = [number, number, number, number];

/**
 * Seeded pseudo-random generator (xoshiro128**, seeded through splitmix32).
 *
 * Pure 32-bit integer arithmetic (`Math.imul`, shifts), so a seed gives the
 * same stream in every JavaScript engine. Everything random in wasmtune
 * (initialisation, dropout masks, shuffles, splits) draws from a `Generator`,
 * and its state is saved in checkpoints so a resumed run continues the stream.
 */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /** Reset the stream from a seed (any safe integer). */
  manualSeed(seed: number): this {
    if (!Number.isSafeInteger(seed)) throw new Error(`wasmtune: seed must be a safe integer, got ${seed}`);
    // Fold both halves of a 53-bit seed into the splitmix state.
    let x = (seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296) >>> 0, 0x9e3779b1);
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    return this;
  }

  /** Next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform double in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.random();
  }

  /** Standard normal (Box–Muller), scaled to `mean`, `std`. */
  normal(mean = 0, std = 1): number {
    let u = this.random();
    while (u === 0) u = this.random();
    const v = this.random();
    return mean + std * Math.sqrt(-2 * log(u)) * cos(2 * Math.PI * v);
  }

  /** Uniform integer in [0, n), without modulo bias. */
  randint(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) throw new RangeError(`wasmtune: randint bound must be an integer in [1, 2^32], got ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Shuffle in place (Fisher–Yates) and return the array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.randint(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** The state, for checkpoints. */
  getState(): GeneratorState {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /**
   * @internal Copy the state into the `xoshiroState` record (assembly/decl/random.json)
   * at `view[at]` without allocating, for a kernel that draws from it.
   */
  storeState(view: Int32Array, at: number): void {
    const slot = XOSHIRO_STATE.i32;
    view[at + slot.s0] = this.s0;
    view[at + slot.s1] = this.s1;
    view[at + slot.s2] = this.s2;
    view[at + slot.s3] = this.s3;
  }

  /** @internal Take back the state a kernel advanced in the record at `view[at]` (see `storeState`). */
  loadState(view: Int32Array, at: number): void {
    const slot = XOSHIRO_STATE.i32;
    this.s0 = view[at + slot.s0];
    this.s1 = view[at + slot.s1];
    this.s2 = view[at + slot.s2];
    this.s3 = view[at + slot.s3];
  }

  /** Restore a state from `getState()`. */
  setState(state: readonly number[]): this {
    if (state.length !== 4 || !state.every((w) => Number.isInteger(w) && w >= 0 && w < 4294967296)) {
      throw new Error("wasmtune: generator state must be four unsigned 32-bit integers");
    }
    if ((state[0] | state[1] | state[2] | state[3]) === 0) throw new Error("wasmtune: generator state must not be all zero");
    this.s0 = state[0] | 0;
    this.s1 = state[1] | 0;
    this.s2 = state[2] | 0;
    this.s3 = state[3] | 0;
    return this;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The generator used when none is passed explicitly. */
export const defaultGenerator = new Generator(0);

/** Seed the default generator (like `torch.manual_seed`). */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}
