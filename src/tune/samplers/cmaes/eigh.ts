// The eigendecomposition CMA-ES needs of its covariance matrix, in plain
// arithmetic and Math.sqrt (exact in every engine), so that every runtime
// samples along the same axes. Cyclic Jacobi: slow for large n, but CMA-ES
// dimensions are the handful of hyperparameters of a study, and Jacobi gives
// eigenvalues to high relative accuracy for the ill-conditioned matrices a
// converging search produces.

/** Eigenvalues (ascending, as `numpy.linalg.eigh`) and unit eigenvectors of a symmetric matrix. */
export interface SymmetricEigen {
  values: Float64Array;
  /** Row-major n×n; column j is the eigenvector of `values[j]` (its sign is arbitrary). */
  vectors: Float64Array;
}

const MAX_SWEEPS = 100;

/**
 * Eigendecomposition of the symmetric n×n row-major matrix `a` (only what
 * is symmetric about it is read: the upper triangle mirrors the lower).
 */
export function symmetricEigen(a: ArrayLike<number>, n: number): SymmetricEigen {
  if (a.length !== n * n) throw new RangeError(`Expected an ${n}x${n} matrix (${n * n} values), got ${a.length} values.`);
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (apq === 0) continue;
        const app = m[p * n + p];
        const aqq = m[q * n + q];
        // Once a hundredfold of the element is lost in the rounding of both
        // diagonal entries it no longer matters (after a few sweeps, as in
        // Numerical Recipes' jacobi, so small matrices still rotate exactly).
        const g = 100 * Math.abs(apq);
        if (sweep > 3 && Math.abs(app) + g === Math.abs(app) && Math.abs(aqq) + g === Math.abs(aqq)) {
          m[p * n + q] = m[q * n + p] = 0;
          continue;
        }
        rotated = true;
        // The rotation angle that zeroes m[p][q]: t = tan φ, the smaller root.
        const theta = (aqq - app) / (2 * apq);
        const t = Math.abs(theta) > 1e150 ? 0.5 / theta : (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const kp = m[k * n + p];
          const kq = m[k * n + q];
          m[k * n + p] = c * kp - s * kq;
          m[k * n + q] = s * kp + c * kq;
        }
        for (let k = 0; k < n; k++) {
          const pk = m[p * n + k];
          const qk = m[q * n + k];
          m[p * n + k] = c * pk - s * qk;
          m[q * n + k] = s * pk + c * qk;
        }
        m[p * n + q] = m[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const kp = v[k * n + p];
          const kq = v[k * n + q];
          v[k * n + p] = c * kp - s * kq;
          v[k * n + q] = s * kp + c * kq;
        }
      }
    }
    if (!rotated) break;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[i * n + i] - m[j * n + j] || i - j);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = m[src * n + src];
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src];
  });
  return { values, vectors };
}
