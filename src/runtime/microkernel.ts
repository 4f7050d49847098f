import { gemmNN } from "../kernels/gemm.js";
import type { Allocator } from "./memory.js";
import type { Kernels } from "./wasm.js";
import type { WasmMemory } from "./web_types.js";

// The GEMM kernels have two microkernels that differ only in how they
// broadcast values of A: engines disagree on which is faster (V8 11 prefers
// one, V8 15 and JavaScriptCore the other, by 15-36%), so init() times both
// on this engine and keeps the faster, as XNNPACK picks microkernels per CPU.
// Both compute the same products in the same order: the choice never changes
// a bit of any result.

/**
 * A GEMM microkernel: `"splat"` broadcasts each value of A with
 * `v128.load32_splat`, `"shuffle"` loads the 4 values of a k step as one
 * vector and broadcasts its lanes with `i32x4.shuffle`. Same results, bit for
 * bit; only the speed differs by engine.
 */
export type Microkernel = "splat" | "shuffle";

/** Indexed by the module's microkernel code (`gemmUseMicrokernel`). */
export const MICROKERNELS: readonly Microkernel[] = ["splat", "shuffle"];

// One 256-deep slice over 8×8 full tiles: about 1 MFLOP, 30-60 µs a call once
// compiled by the optimizing tier. Rounds alternate the two microkernels so
// both see the same machine load. Engines first run baseline code and compile
// optimized code in the background, one function at a time, which can take
// several milliseconds on a busy machine: until both minima are within
// SETTLED of each other (baseline code is 2-3 times slower, the two
// optimized ones at most 40% apart) and have stopped improving, the rounds go
// on, up to BUDGET_MS: 5-12 ms in Node, Deno and Bun on the test machine.
const M = 32;
const K = 256;
const N = 64;
const CALLS = 2;
const MIN_ROUNDS = 10;
const STABLE_ROUNDS = 6;
const SETTLED = 1.5;
const BUDGET_MS = 25;

// A clock coarser than this cannot time a call to a few percent.
const MAX_TICK_MS = 0.01;

/**
 * Set the GEMM microkernel: `forced`, else the faster one on this engine.
 * Where the clock is too coarse to time a call (browsers without
 * cross-origin isolation round to 0.1 ms or more) or frozen (workerd), the
 * microkernels are not timed and splat, the faster on V8, is kept.
 */
export function selectMicrokernel(k: Kernels, memory: WasmMemory, allocator: Allocator, forced?: Microkernel): void {
  k.gemmUseMicrokernel(MICROKERNELS.indexOf(forced ?? fastest(k, memory, allocator)));
}

// Shuffle must win by more than two ticks of the clock.
function fastest(k: Kernels, memory: WasmMemory, allocator: Allocator): Microkernel {
  const tick = clockTick();
  if (tick > MAX_TICK_MS) return "splat";
  const size = M * K + K * N + M * N;
  const a = allocator.alloc(size * 4);
  // Plain normal numbers: uninitialised memory could hold denormals or NaNs, slow on some CPUs.
  new Float32Array(memory.buffer, a, size).fill(0.5);
  try {
    const [splat, shuffle] = bestTimes(k, a, a + M * K * 4, a + (M * K + K * N) * 4);
    return splat - shuffle > 2 * tick ? "shuffle" : "splat";
  } finally {
    allocator.free(a);
  }
}

// The fastest time of CALLS calls, for each microkernel.
function bestTimes(k: Kernels, a: number, b: number, c: number): number[] {
  const best = [Infinity, Infinity];
  const start = performance.now();
  let stable = 0;
  for (let round = 1; ; round++) {
    let improved = false;
    for (let kind = 0; kind < best.length; kind++) {
      k.gemmUseMicrokernel(kind);
      const t = performance.now();
      for (let i = 0; i < CALLS; i++) gemmNN(k, { a, b, c, m: M, k: K, n: N, accumulate: 0, bias: 0 });
      const time = performance.now() - t;
      if (time < 0.98 * best[kind]) improved = true;
      best[kind] = Math.min(best[kind], time);
    }
    stable = improved ? 0 : stable + 1;
    const settled = Math.max(...best) < SETTLED * Math.min(...best);
    if ((round >= MIN_ROUNDS && settled && stable >= STABLE_ROUNDS) || performance.now() - start > BUDGET_MS) return best;
  }
}

// The clock's resolution: the time between two successive changes of
// performance.now(), or Infinity when it does not change twice in a few
// thousand reads (coarse, or frozen as in workerd).
function clockTick(): number {
  let last = performance.now();
  let moved = false;
  for (let read = 0; read < 10_000; read++) {
    const now = performance.now();
    if (now === last) continue;
    if (moved) return now - last;
    moved = true;
    last = now;
  }
  return Infinity;
}
