// The host allocates above __heap_base; it needs to know where static data ends.
export function heapBase(): usize {
  return __heap_base;
}

// 1 in build/wasmtune.relaxed.wasm, whose hot multiply-adds use relaxed SIMD
// (f32x4.relaxed_madd), 0 in the default build; the host reports it.
export function relaxedSimd(): bool {
  return ASC_FEATURE_RELAXED_SIMD;
}
