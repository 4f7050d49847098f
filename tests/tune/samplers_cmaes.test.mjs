// The cmaes 0.9.1 optimizers against the library itself: fixed generations
// told in turn must leave the same state (tests/fixtures/gen_tune_cmaes.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture } from "../helpers.mjs";
import { S } from "./samplers_bundle.mjs";

const { CMA, SepCMA, CMAwM, symmetricEigen, getWarmStartMgd, defaultPopulationSize } = S;

/** Relative closeness, with an absolute floor scaled to the largest entry (rounding of sums). */
function close(actual, expected, msg, rtol = 1e-10) {
  const a = Array.from(actual);
  const e = Array.from(expected);
  assert.equal(a.length, e.length, `${msg}: length`);
  const scale = Math.max(...e.map(Math.abs));
  for (let i = 0; i < e.length; i++) {
    if (!(Math.abs(a[i] - e[i]) <= rtol * Math.abs(e[i]) + 1e-13 * scale)) assert.fail(`${msg}[${i}]: got ${a[i]}, expected ${e[i]}`);
  }
}

function make(c) {
  const options = { bounds: c.bounds, seed: 1, populationSize: c.popsize ?? undefined };
  if (c.kind === "cma") return new CMA(c.mean, c.sigma, { ...options, cov: c.cov });
  if (c.kind === "sepcma") return new SepCMA(c.mean, c.sigma, options);
  return new CMAwM(c.mean, c.sigma, c.bounds, c.steps, { seed: 1, populationSize: c.popsize ?? undefined, cov: c.cov });
}

test("CMA, SepCMA and CMAwM match cmaes 0.9.1 after every tell (dims 2, 3, 5, 10, bounds, popsize, initial cov)", () => {
  const cases = fixture("tune/cmaes_updates.json");
  let told = 0;
  for (const c of cases) {
    const name = `${c.kind} d=${c.dim} ${c.func}`;
    const opt = make(c);
    const es = c.kind === "cmawm" ? opt.cma : opt;
    const k = c.constants;
    assert.equal(es.populationSize, k.popsize, `${name} popsize`);
    assert.equal(es.mu, k.mu, `${name} mu`);
    assert.equal(es.funhistTerm, k.funhistTerm, `${name} funhist`);
    close([es.muEff, es.cc, es.c1, es.cmu, es.cSigma, es.dSigma, es.chiN], [k.mu_eff, k.cc, k.c1, k.cmu, k.c_sigma, k.d_sigma, k.chi_n], `${name} constants`, 1e-14);
    close(es.weights, k.weights, `${name} weights`, 1e-14);
    if (k.margin !== undefined) {
      close([opt.margin], [k.margin], `${name} margin`, 1e-15);
      k.zSpace.forEach((row, d) => assert.deepEqual(opt.zSpace[d], row, `${name} grid ${d}`));
      k.zLim.forEach((row, d) => assert.deepEqual(opt.zLim[d], row, `${name} grid midpoints ${d}`));
    }
    c.generations.forEach((g, gi) => {
      opt.tell(g.solutions.map((s) => [s.x, s.value]));
      const at = `${name} gen ${gi + 1}`;
      const s = g.after;
      assert.equal(es.generation, s.generation, `${at} generation`);
      close(es.mean, s.mean, `${at} mean`);
      close([es.sigma], [s.sigma], `${at} sigma`);
      close(es.C, s.C, `${at} C`);
      close(es.pSigma, s.pSigma, `${at} p_sigma`);
      close(es.pc, s.pc, `${at} p_c`);
      if (s.A !== undefined) close(opt.A, s.A, `${at} A`);
      assert.equal(opt.shouldStop(), s.shouldStop, `${at} should_stop`);
      told++;
    });
  }
  assert.ok(told > 300);
});

test("eigendecomposition matches numpy's eigh: eigenvalues, and eigenvectors up to sign (or spanning the same space)", () => {
  for (const f of fixture("tune/cmaes_eigh.json")) {
    const { n, a } = f;
    const { values, vectors } = symmetricEigen(a, n);
    close(values, f.values, `n=${n} eigenvalues`, 1e-12);
    // Orthonormal, and A·v = λ·v.
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let dot = 0;
        for (let k = 0; k < n; k++) dot += vectors[k * n + i] * vectors[k * n + j];
        assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-13, `n=${n} orthonormal ${i},${j}: ${dot}`);
      }
      const scale = Math.max(...f.values.map(Math.abs));
      for (let r = 0; r < n; r++) {
        let av = 0;
        for (let k = 0; k < n; k++) av += a[r * n + k] * vectors[k * n + i];
        assert.ok(Math.abs(av - values[i] * vectors[r * n + i]) < 1e-12 * scale, `n=${n} residual of vector ${i}`);
      }
      // Distinct eigenvalues fix each vector up to sign.
      const distinct = f.values.every((v, j) => j === i || Math.abs(v - f.values[i]) > 1e-6 * scale);
      if (distinct) {
        const col = Array.from({ length: n }, (_, k) => vectors[k * n + i]);
        const ref = Array.from({ length: n }, (_, k) => f.vectors[k * n + i]);
        const sign = Math.sign(col.reduce((s, v, k) => s + v * ref[k], 0));
        close(col.map((v) => sign * v), ref, `n=${n} vector ${i}`, 1e-8);
      }
    }
  }
  assert.throws(() => symmetricEigen([1, 2, 3], 2), /Expected an 2x2 matrix/);
});

test("warm start (get_warm_start_mgd) matches cmaes", () => {
  for (const f of fixture("tune/cmaes_warm_start.json")) {
    const r = getWarmStartMgd(f.x.map((x, i) => [x, f.values[i]]));
    close(r.mean, f.mean, "mean", 1e-12);
    close([r.sigma], [f.sigma], "sigma", 1e-11);
    close(r.cov, f.cov, "cov", 1e-11);
  }
  assert.throws(() => getWarmStartMgd([[[0, 1], 1]]), /One or more solutions must be selected/);
  assert.throws(() => getWarmStartMgd([]), /solutions should contain one or more items/);
});

test("ask() draws N(m, σ²C): sample mean and covariance within sampling error, same seed same points", () => {
  const n = 3;
  const cov = [[2, 0.6, -0.3], [0.6, 1, 0.2], [-0.3, 0.2, 0.5]];
  const mean = [1, -2, 0.5];
  const sigma = 0.7;
  const opt = new CMA(mean, sigma, { cov, seed: 5 });
  const N = 40000;
  const xs = Array.from({ length: N }, () => opt.ask());
  for (let i = 0; i < n; i++) {
    const m = xs.reduce((s, x) => s + x[i], 0) / N;
    const sd = sigma * Math.sqrt(cov[i][i]);
    assert.ok(Math.abs(m - mean[i]) < 4 * sd / Math.sqrt(N), `mean ${i}: ${m}`);
    for (let j = 0; j < n; j++) {
      const c = xs.reduce((s, x) => s + (x[i] - mean[i]) * (x[j] - mean[j]), 0) / N;
      const want = sigma * sigma * cov[i][j];
      // Var of a product of two normals ≤ 2σ_i²σ_j²: 5 standard errors.
      const se = Math.sqrt(2) * sd * sigma * Math.sqrt(cov[j][j]) / Math.sqrt(N);
      assert.ok(Math.abs(c - want) < 5 * se, `cov ${i},${j}: ${c} vs ${want}`);
    }
  }
  const again = new CMA(mean, sigma, { cov, seed: 5 });
  assert.deepEqual(Array.from(again.ask()), Array.from(xs[0]));
  assert.notDeepEqual(Array.from(new CMA(mean, sigma, { cov, seed: 6 }).ask()), Array.from(xs[0]));
});

test("bounded ask() redraws infeasible points, then clips the last draw (nMaxResampling)", () => {
  const bounds = [[-1, 1], [0, 0.5]];
  // σ far wider than the box: most draws fail every retry and end clipped onto an edge.
  const wide = new SepCMA([0, 0.25], 10, { bounds, seed: 3, nMaxResampling: 3 });
  let clipped = 0;
  for (let t = 0; t < 500; t++) {
    const x = wide.ask();
    x.forEach((v, i) => assert.ok(v >= bounds[i][0] && v <= bounds[i][1], `${v} outside ${bounds[i]}`));
    if (x.some((v, i) => v === bounds[i][0] || v === bounds[i][1])) clipped++;
  }
  assert.ok(clipped > 400, `clipped ${clipped}`);
  // Within the library's 100 redraws a moderately wide σ almost always finds a feasible point: none exactly on an edge.
  const moderate = new CMA([0, 0.25], 0.5, { bounds, seed: 3 });
  for (let t = 0; t < 500; t++) {
    const x = moderate.ask();
    x.forEach((v, i) => assert.ok(v > bounds[i][0] && v < bounds[i][1]));
  }
});

test("CMAwM ask(): discrete coordinates land on their grid, continuous ones in bounds, and tell takes the raw point", () => {
  const bounds = [[0, 4], [-1, 1], [0, 2]];
  const opt = new CMAwM([2, 0, 1], 1.5, bounds, [1, 0, 0.5], { seed: 9 });
  for (let t = 0; t < 200; t++) {
    const [x, raw] = opt.ask();
    assert.ok(Number.isInteger(x[0]) && x[0] >= 0 && x[0] <= 4, `int ${x[0]}`);
    assert.ok(Number.isInteger(x[2] * 2) && x[2] >= 0 && x[2] <= 2, `half ${x[2]}`);
    assert.equal(x[1], raw[1]);
    assert.ok(x[1] >= -1 && x[1] <= 1);
  }
  assert.throws(() => new CMAwM([2, 0], 1, bounds, [1, 0, 0.5]), /invalid bounds|same length/);
  assert.throws(() => new CMAwM([2, 0, 1], 1, bounds, [1, NaN, 0.5]), /steps should not include NaN/);
});

test("the optimizers refuse what the library asserts against, with its wording", () => {
  assert.throws(() => new CMA([0, 0], 0), /sigma must be non-zero positive value/);
  assert.throws(() => new CMA([0], 1), /The dimension of mean must be larger than 1/);
  assert.throws(() => new CMA([0, 2], 1, { bounds: [[-1, 1], [-1, 1]] }), /invalid bounds/);
  assert.throws(() => new CMA([0, 1e40], 1), /Abs of all elements of mean vector must be less than 1e\+32/);
  assert.throws(() => new SepCMA([0, 0], 1, { populationSize: 1 }), /popsize must be an integer of at least 2/);
  assert.throws(() => new CMA([0, 0], 1, { cov: [[1, 0, 0], [0, 1, 0]] }), /Invalid shape of covariance matrix: expected \(2, 2\), got \(2, 3\)/);
  const opt = new CMA([0, 0], 1);
  assert.throws(() => opt.tell([[[0, 0], 1]]), /Must tell popsize-length solutions \(6\), got 1/);
  assert.equal(defaultPopulationSize(5), 8);
  assert.equal(defaultPopulationSize(10), 10);
});
