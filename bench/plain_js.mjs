// The plain-JavaScript baseline: straightforward Float32Array loops in the
// cache-friendly loop order for each layout, as one would write them by hand.

/** C[m,n] = A·B in a layout (A stored [k,m] for TN, B stored [n,k] for NT). */
export function jsGemm(layout, a, b, c, m, k, n) {
  c.fill(0);
  if (layout === "NT") {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[i * k + p] * b[j * k + p];
        c[i * n + j] = s;
      }
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const x = layout === "TN" ? a[p * m + i] : a[i * k + p];
      const row = p * n;
      const out = i * n;
      for (let j = 0; j < n; j++) c[out + j] += x * b[row + j];
    }
  }
}
