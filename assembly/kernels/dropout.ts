// Dropout masks drawn with xoshiro128**, the generator of the host's
// `Generator` (src/random/generator.ts), word for word: filling n elements
// consumes exactly the n values that n calls of nextUint32() would return.
// `state` points to the four 32-bit state words (the `xoshiroState` declared in
// assembly/decl/random.json); they are read, advanced and written back, so the
// host's stream continues where the mask left it.
import {
  setXoshiroStateS0, setXoshiroStateS1, setXoshiroStateS2, setXoshiroStateS3, xoshiroStateS0, xoshiroStateS1, xoshiroStateS2, xoshiroStateS3,
} from "../generated/random";

/** mask[i] = (next 32-bit draw < keep) ? scale : 0, for keep = (1 - p) * 2^32 and scale = 1/(1 - p). */
export function dropoutMask(mask: usize, n: i32, keep: f64, scale: f32, state: usize): void {
  let s0 = xoshiroStateS0(state), s1 = xoshiroStateS1(state), s2 = xoshiroStateS2(state), s3 = xoshiroStateS3(state);
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
  setXoshiroStateS0(state, s0);
  setXoshiroStateS1(state, s1);
  setXoshiroStateS2(state, s2);
  setXoshiroStateS3(state, s3);
}
