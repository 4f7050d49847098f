// Single-precision GEMM in the three row-major layouts backprop needs.
//   gemmNN: C[m,n] (+)= A[m,k] · B[k,n]      (Linear input grad: dX = dY · W)
//   gemmNT: C[m,n] (+)= A[m,k] · B[n,k]ᵀ     (Linear forward:   Y = X · Wᵀ)
//   gemmTN: C[m,n] (+)= A[k,m]ᵀ · B[k,n]     (Linear weight grad: dW = dYᵀ · X)
// accumulate != 0 adds into C (gradient accumulation, as PyTorch's .grad does);
// bias != 0 adds bias[n] to every row. All pointers are byte offsets.
//
// Baseline implementation: correct and SIMD, but not yet cache-blocked.

@inline function rowInit(c: usize, n: i32, accumulate: i32, bias: usize): void {
  if (accumulate == 0) memory.fill(c, 0, <usize>n << 2);
  if (bias != 0) {
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      v128.store(c + o, f32x4.add(v128.load(c + o), v128.load(bias + o)));
    }
    for (; j < n; j++) {
      const o = <usize>j << 2;
      store<f32>(c + o, load<f32>(c + o) + load<f32>(bias + o));
    }
  }
}

// c[0..n) += s * b[0..n)
@inline function axpyRow(c: usize, b: usize, s: f32, n: i32): void {
  const sv = f32x4.splat(s);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 2;
    v128.store(c + o, f32x4.add(v128.load(c + o), f32x4.mul(sv, v128.load(b + o))));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    store<f32>(c + o, load<f32>(c + o) + s * load<f32>(b + o));
  }
}

export function gemmNN(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: i32, bias: usize): void {
  const rowB = <usize>n << 2;
  for (let i = 0; i < m; i++) {
    const ci = c + <usize>i * rowB;
    const ai = a + ((<usize>i * <usize>k) << 2);
    rowInit(ci, n, accumulate, bias);
    for (let p = 0; p < k; p++) {
      axpyRow(ci, b + <usize>p * rowB, load<f32>(ai + (<usize>p << 2)), n);
    }
  }
}

export function gemmNT(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: i32, bias: usize): void {
  const rowA = <usize>k << 2;
  for (let i = 0; i < m; i++) {
    const ai = a + <usize>i * rowA;
    const ci = c + ((<usize>i * <usize>n) << 2);
    for (let j = 0; j < n; j++) {
      const bj = b + <usize>j * rowA;
      let acc = f32x4.splat(0);
      let p = 0;
      for (; p + 4 <= k; p += 4) {
        const o = <usize>p << 2;
        acc = f32x4.add(acc, f32x4.mul(v128.load(ai + o), v128.load(bj + o)));
      }
      let s: f32 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
      for (; p < k; p++) {
        const o = <usize>p << 2;
        s += load<f32>(ai + o) * load<f32>(bj + o);
      }
      const co = ci + (<usize>j << 2);
      if (accumulate != 0) s += load<f32>(co);
      if (bias != 0) s += load<f32>(bias + (<usize>j << 2));
      store<f32>(co, s);
    }
  }
}

export function gemmTN(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: i32, bias: usize): void {
  const rowB = <usize>n << 2;
  const rowA = <usize>m << 2;
  for (let i = 0; i < m; i++) rowInit(c + <usize>i * rowB, n, accumulate, bias);
  for (let p = 0; p < k; p++) {
    const ap = a + <usize>p * rowA;
    const bp = b + <usize>p * rowB;
    for (let i = 0; i < m; i++) {
      axpyRow(c + <usize>i * rowB, bp, load<f32>(ap + (<usize>i << 2)), n);
    }
  }
}
