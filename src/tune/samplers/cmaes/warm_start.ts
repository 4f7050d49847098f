// Warm starting CMA-ES (Nomura et al., AAAI 2021; the `cmaes` library's
// get_warm_start_mgd): fit a Gaussian to the best γ of a similar task's
// solutions, widened by a prior α²I, and start the search from it.
import { pow } from "../../../runtime/math.js";
import type { Solution } from "./strategy.js";

/** Determinant by LU decomposition with partial pivoting (what `np.linalg.det` computes). */
export function determinant(a: ArrayLike<number>, n: number): number {
  const m = Float64Array.from(a);
  let det = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r;
    if (m[p * n + c] === 0) return 0;
    if (p !== c) {
      for (let k = 0; k < n; k++) [m[c * n + k], m[p * n + k]] = [m[p * n + k], m[c * n + k]];
      det = -det;
    }
    const pivot = m[c * n + c];
    det *= pivot;
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c] / pivot;
      for (let k = c + 1; k < n; k++) m[r * n + k] -= f * m[c * n + k];
    }
  }
  return det;
}

/**
 * The mean, step size and covariance (n×n row-major, determinant 1) to start
 * CMA-ES from, estimated from the best `gamma` fraction of a source task's
 * solutions with prior variance `alpha`² (defaults 0.1 and 0.1).
 */
export function getWarmStartMgd(sourceSolutions: readonly Solution[], gamma = 0.1, alpha = 0.1): { mean: Float64Array; sigma: number; cov: Float64Array } {
  if (!(gamma > 0 && gamma <= 1)) throw new RangeError("gamma should be in (0, 1]");
  if (sourceSolutions.length === 0) throw new RangeError("solutions should contain one or more items.");
  const sorted = [...sourceSolutions].sort((a, b) => a[1] - b[1]);
  const top = Math.floor(sorted.length * gamma);
  if (top < 1) throw new RangeError(`One or more solutions must be selected from a source task (${sorted.length} solutions × gamma ${gamma} < 1).`);
  const dim = sorted[0][0].length;
  const mean = new Float64Array(dim);
  const second = new Float64Array(dim * dim);
  for (let t = 0; t < top; t++) {
    const x = sorted[t][0];
    if (x.length !== dim) throw new RangeError(`Every source solution must have ${dim} coordinates, got ${x.length}.`);
    for (let i = 0; i < dim; i++) {
      mean[i] += x[i];
      for (let j = 0; j < dim; j++) second[i * dim + j] += x[i] * x[j];
    }
  }
  for (let i = 0; i < dim; i++) mean[i] /= top;
  const Sigma = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) Sigma[i * dim + j] = (i === j ? alpha * alpha : 0) + second[i * dim + j] / top - mean[i] * mean[j];
  }
  const det = determinant(Sigma, dim);
  const scale = pow(det, 1.0 / dim);
  return { mean, sigma: pow(det, 1.0 / 2.0 / dim), cov: Sigma.map((v) => v / scale) };
}
