// LayerNorm over the last dimension of a row-major [rows, d] matrix: each row
// is normalised by its own mean and biased variance. The forward saves mean
// and rstd = 1/sqrt(var + eps) per row for the backward. weight/bias pointers
// may be 0 (elementwise_affine = false). With xhat = (x - mean) * rstd and
// g' = gy * w:
//   y  = xhat * w + b
//   gx = rstd * (g' - mean(g') - xhat * mean(g' * xhat))
import { ONE, vconst } from "./consts";
import { laneMask, loadN, loadOr, storeN } from "./lanes";
import { hsum, rowSum } from "./rows";

export function layerNormForward(
  x: usize, y: usize, mean: usize, rstd: usize, weight: usize, bias: usize, rows: i32, d: i32, eps: f32,
): void {
  const stride = <usize>d << 2;
  const invD: f32 = <f32>1 / <f32>d;
  for (let i = 0; i < rows; i++) {
    const xi = x + <usize>i * stride, yi = y + <usize>i * stride;
    const m = rowSum(xi, d) * invD;
    const mv = f32x4.splat(m);
    // Two passes over the row: the variance has no cancellation. Lanes past
    // the row's end are masked so they do not add (0 - mean)^2.
    let q = f32x4.splat(0);
    for (let j = 0; j < d; j += 4) {
      const c = v128.and(f32x4.sub(loadN(xi + (<usize>j << 2), d - j), mv), laneMask(d - j));
      q = f32x4.add(q, f32x4.mul(c, c));
    }
    const variance = hsum(q) * invD;
    const r: f32 = <f32>1 / sqrt<f32>(variance + eps);
    store<f32>(mean + (<usize>i << 2), m);
    store<f32>(rstd + (<usize>i << 2), r);
    const rv = f32x4.splat(r);
    for (let j = 0; j < d; j += 4) {
      const cnt = d - j, o = <usize>j << 2;
      const xhat = f32x4.mul(f32x4.sub(loadN(xi + o, cnt), mv), rv);
      storeN(yi + o, f32x4.add(f32x4.mul(xhat, loadOr(weight, o, cnt, vconst(ONE))), loadOr(bias, o, cnt, f32x4.splat(0))), cnt);
    }
  }
}

/**
 * Input gradient into gx; when gradWeight/gradBias are non-zero, adds the
 * column sums of gy * xhat and gy into them.
 */
export function layerNormBackward(
  x: usize, gy: usize, mean: usize, rstd: usize, weight: usize,
  gx: usize, gradWeight: usize, gradBias: usize, rows: i32, d: i32,
): void {
  const stride = <usize>d << 2;
  const invD: f32 = <f32>1 / <f32>d;
  for (let i = 0; i < rows; i++) {
    const at = <usize>i * stride;
    const xi = x + at, gyi = gy + at, gxi = gx + at;
    const mv = f32x4.splat(load<f32>(mean + (<usize>i << 2)));
    const rv = f32x4.splat(load<f32>(rstd + (<usize>i << 2)));
    let sg = f32x4.splat(0), sgx = f32x4.splat(0);
    for (let j = 0; j < d; j += 4) {
      const cnt = d - j, o = <usize>j << 2;
      const g = f32x4.mul(loadN(gyi + o, cnt), loadOr(weight, o, cnt, vconst(ONE)));
      sg = f32x4.add(sg, g);
      sgx = f32x4.add(sgx, f32x4.mul(g, f32x4.mul(f32x4.sub(loadN(xi + o, cnt), mv), rv)));
    }
    const m1 = f32x4.splat(hsum(sg) * invD), m2 = f32x4.splat(hsum(sgx) * invD);
    for (let j = 0; j < d; j += 4) {
      const cnt = d - j, o = <usize>j << 2;
      const gyv = loadN(gyi + o, cnt);
      const xhat = f32x4.mul(f32x4.sub(loadN(xi + o, cnt), mv), rv);
      const g = f32x4.mul(gyv, loadOr(weight, o, cnt, vconst(ONE)));
      storeN(gxi + o, f32x4.mul(rv, f32x4.sub(f32x4.sub(g, m1), f32x4.mul(xhat, m2))), cnt);
      if (gradWeight != 0) storeN(gradWeight + o, f32x4.add(loadN(gradWeight + o, cnt), f32x4.mul(gyv, xhat)), cnt);
      if (gradBias != 0) storeN(gradBias + o, f32x4.add(loadN(gradBias + o, cnt), gyv), cnt);
    }
  }
}
