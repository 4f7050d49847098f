// x·b + c per lane, the multiply-add of the matrix products (gemm.ts,
// dot_gemm.ts). The relaxed-SIMD build (build/wasmtune.relaxed.wasm) uses
// f32x4.relaxed_madd, a single fused instruction where the CPU has FMA (and a
// multiply then an add where it does not), so its bits may differ between
// machines; the default build keeps the multiply and the add, the same bits
// everywhere. Either way every lane follows its kernel's summation order.
@inline export function madd(x: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(x, b, c);
  return f32x4.add(c, f32x4.mul(x, b));
}
