// Bench-only module (not part of the library, built by `npm run bench`): the
// register-only f32x4 mul+add ceiling of this engine and CPU, and its
// memory.copy bandwidth, as yardsticks for the GEMM and optimizer figures.

/** f32x4 operations per `peakMulAdd` iteration (each is 4 flops). */
export const PEAK_OPS_PER_ITER: i32 = 18;

// Shaped like a GEMM microkernel without memory traffic: 8 independent
// accumulators each add one product per iteration (2 values × 4 values), and
// the two multiplicands are multiplied by `one` (1 at run time) so the
// products are not loop-invariant and cannot be hoisted.
export function peakMulAdd(iters: i32, one: f32): f32 {
  const b0 = f32x4.splat(one);
  const b1 = f32x4.add(b0, b0);
  const b2 = f32x4.mul(b1, b1);
  const b3 = f32x4.add(b1, b0);
  let a0 = f32x4.splat(one * 0.001);
  let a1 = f32x4.add(a0, a0);
  let c0 = f32x4.splat(0);
  let c1 = c0;
  let c2 = c0;
  let c3 = c0;
  let c4 = c0;
  let c5 = c0;
  let c6 = c0;
  let c7 = c0;
  for (let i = 0; i < iters; i++) {
    c0 = f32x4.add(c0, f32x4.mul(a0, b0));
    c1 = f32x4.add(c1, f32x4.mul(a0, b1));
    c2 = f32x4.add(c2, f32x4.mul(a0, b2));
    c3 = f32x4.add(c3, f32x4.mul(a0, b3));
    c4 = f32x4.add(c4, f32x4.mul(a1, b0));
    c5 = f32x4.add(c5, f32x4.mul(a1, b1));
    c6 = f32x4.add(c6, f32x4.mul(a1, b2));
    c7 = f32x4.add(c7, f32x4.mul(a1, b3));
    a0 = f32x4.mul(a0, b0);
    a1 = f32x4.mul(a1, b0);
  }
  const s = f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3));
  const t = f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7));
  return f32x4.extract_lane(f32x4.add(s, t), 0);
}

// The least work any Adam update does per element, as a ceiling for the Adam
// figure: Adam's memory traffic (parameter, both moments read and written,
// gradient read) and the two operations only the divider executes, one square
// root and one division (m / (sqrt(v) + eps); the bias corrections folded into
// multiplications), with plain mul+add elsewhere. No f64, no rounding as
// PyTorch rounds: it is not a usable Adam, only its lower bound of cost. The
// scalars are arguments, as in the real kernel: V8 rematerialises constant
// vectors inside loops, which would slow this loop and not the real one.
export function adamFloor(p: usize, g: usize, m: usize, v: usize, n: i32, beta1: f32, beta2: f32, invBiasCorrection2Sqrt: f32, eps: f32, negStepSize: f32): void {
  const b1 = f32x4.splat(beta1);
  const omb1 = f32x4.splat(1 - beta1);
  const b2 = f32x4.splat(beta2);
  const omb2 = f32x4.splat(1 - beta2);
  const bc2 = f32x4.splat(invBiasCorrection2Sqrt);
  const e = f32x4.splat(eps);
  const step = f32x4.splat(negStepSize);
  const end = <usize>n << 2;
  for (let o: usize = 0; o < end; o += 16) {
    const gr = v128.load(g + o);
    const mo = f32x4.add(f32x4.mul(v128.load(m + o), b1), f32x4.mul(gr, omb1));
    const vo = f32x4.add(f32x4.mul(v128.load(v + o), b2), f32x4.mul(f32x4.mul(gr, omb2), gr));
    v128.store(m + o, mo);
    v128.store(v + o, vo);
    const denom = f32x4.add(f32x4.mul(f32x4.sqrt(vo), bc2), e);
    v128.store(p + o, f32x4.add(v128.load(p + o), f32x4.div(f32x4.mul(step, mo), denom)));
  }
}

export function copyBytes(dst: usize, src: usize, n: usize): void {
  memory.copy(dst, src, n);
}

export function heapBase(): usize {
  return __heap_base;
}
