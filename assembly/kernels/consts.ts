// Constant vectors for loop bodies. V8 (Node 20's 11.3 up to at least the
// V8 15 in Deno 2) does not hoist constant vectors out of loops: a v128.const,
// which is what `f32x4.splat(1.5)` compiles to, can be rebuilt on every
// iteration, three instructions apiece (movq r, imm64; vmovq; vpunpcklqdq).
// A splat load of a static word is one (vbroadcastss xmm, [mem]). So kernels
// keep the constants their loops use in `memory.data` and read them with
// `vconst`: the same values and bits, and exp-heavy kernels run up to a third
// faster in Deno (per engine: docs/performance.md). Zero needs none (one vxorps).

/** The 32-bit word (f32 or i32) at static address p + 4·i, in all four lanes. */
@inline export function vconst(p: usize, i: i32 = 0): v128 {
  return v128.load32_splat(p + (<usize>i << 2));
}

// Constants several kernel files use.
export const ONE = memory.data<f32>([1]);
export const HALF = memory.data<f32>([0.5]);
export const INF = memory.data<f32>([Infinity]);
