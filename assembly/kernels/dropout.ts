// Dropout masks drawn with xoshiro128**, the generator of the host's
// `Generator` (src/random/generator.ts), word for word: filling n elements
// consumes exactly the n values that n calls of nextUint32() would return.
// `state` points to the four 32-bit state words; they are read, advanced and
// written back, so the host's stream continues where the mask left it.

/** mask[i] = (next 32-bit draw < keep) ? scale : 0, for keep = (1 - p) * 2^32 and scale = 1/(1 - p). */
export function dropoutMask(mask: usize, n: i32, keep: f64, scale: f32, state: usize): void {
  let s0 = load<u32>(state), s1 = load<u32>(state, 4), s2 = load<u32>(state, 8), s3 = load<u32>(state, 12);
  for (let i = 0; i < n; i++) {
    const draw = rotl<u32>(s1 * 5, 7) * 9;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl<u32>(s3, 11);
    store<f32>(mask + (<usize>i << 2), <f64>draw < keep ? scale : 0);
  }
  store<u32>(state, s0);
  store<u32>(state, s1, 4);
  store<u32>(state, s2, 8);
  store<u32>(state, s3, 12);
}
