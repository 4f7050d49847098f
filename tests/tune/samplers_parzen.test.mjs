import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, assertClose } from "../helpers.mjs";
import { S, revive } from "./samplers_bundle.mjs";

const { ParzenEstimator, jsonToDistribution, Generator, defaultWeights } = S;
const rampWeights = (n) => Array.from({ length: n }, (_, i) => (n === 1 ? 0.5 : 0.5 + (i * 1.5) / (n - 1)));

function estimator(space, observations, c) {
  const dists = Object.fromEntries(Object.entries(space).map(([k, v]) => [k, jsonToDistribution(v)]));
  const obs = Object.fromEntries(Object.entries(observations).map(([k, v]) => [k, Float64Array.from(v)]));
  const params = {
    considerPrior: c.consider_prior ?? true, priorWeight: c.prior_weight ?? 1, considerMagicClip: c.consider_magic_clip ?? true,
    considerEndpoints: c.consider_endpoints ?? false, weights: c.weights === "ramp" ? rampWeights : defaultWeights, multivariate: c.multivariate,
  };
  return { pe: new ParzenEstimator(obs, dists, params), dists };
}

test("Parzen estimator weights, mus, sigmas and categorical weights match Optuna 3.1", () => {
  const cases = revive(fixture("tune/samplers_parzen.json"));
  assert.ok(cases.length > 100);
  for (const [ci, c] of cases.entries()) {
    const { pe } = estimator(c.space, c.observations, c.config);
    const msg = `case ${ci} ${JSON.stringify(c.config)} ${Object.keys(c.space)}`;
    assertClose(pe.weights, c.weights, { rtol: 1e-15, atol: 1e-17, msg: `${msg} weights` });
    for (const [name, want] of Object.entries(c.params)) {
      const k = pe.kernels[name];
      if (want.categoricalWeights) assertClose(k.probs.map((r) => Array.from(r)), want.categoricalWeights, { rtol: 1e-15, atol: 1e-17, msg: `${msg} ${name}` });
      else {
        assertClose([k.low, k.high], [want.low, want.high], { rtol: 1e-15, atol: 0, msg: `${msg} ${name} bounds` });
        assertClose(k.mus, want.mus, { rtol: 1e-15, atol: 1e-15, msg: `${msg} ${name} mus` });
        assertClose(k.sigmas, want.sigmas, { rtol: 1e-13, atol: 1e-15, msg: `${msg} ${name} sigmas` });
      }
    }
    const pts = Object.fromEntries(Object.entries(c.points).map(([k, v]) => [k, Float64Array.from(v)]));
    assertClose(pe.logPdf(pts), c.logPdf, { rtol: 1e-12, atol: 1e-12, msg: `${msg} logPdf` });
  }
});

test("TPE's pick among fixed candidates (argmax of log l − log g) matches Optuna 3.1", () => {
  for (const [ci, c] of revive(fixture("tune/samplers_pick.json")).entries()) {
    const cfg = { multivariate: c.multivariate };
    const l = estimator(c.space, c.below, cfg).pe;
    const g = estimator(c.space, c.above, cfg).pe;
    const cand = Object.fromEntries(Object.entries(c.candidates).map(([k, v]) => [k, Float64Array.from(v)]));
    const ll = l.logPdf(cand);
    const lg = g.logPdf(cand);
    let best = 0;
    for (let i = 1; i < ll.length; i++) if (ll[i] - lg[i] > ll[best] - lg[best]) best = i;
    assert.equal(best, c.bestIndex, `case ${ci}`);
  }
});

test("samples lie in the space, on its grid, and follow the mixture", () => {
  const space = {
    x: '{"name": "FloatDistribution", "attributes": {"low": 1e-4, "high": 1, "log": true, "step": null}}',
    n: '{"name": "IntDistribution", "attributes": {"low": 0, "high": 20, "log": false, "step": 4}}',
    c: '{"name": "CategoricalDistribution", "attributes": {"choices": ["a", "b", "c"]}}',
  };
  const { pe, dists } = estimator(space, { x: [0.01, 0.02], n: [8, 8], c: [2, 2] }, { multivariate: true });
  const s = pe.sample(new Generator(3), 4000);
  for (let i = 0; i < 4000; i++) {
    assert.ok(dists.x.contains(s.x[i]) && dists.n.contains(s.n[i]) && dists.c.contains(s.c[i]), `sample ${i}`);
  }
  // Two of three kernels sit on choice 2 with mass (1 + 1/3)/(1 + 3/3) = 2/3 each; the prior is uniform.
  const frac = s.c.filter((v) => v === 2).length / 4000;
  assert.ok(Math.abs(frac - (2 / 3 * 2 / 3 + 1 / 3 / 3)) < 0.03, `P(c) ${frac}`);
  const again = pe.sample(new Generator(3), 4000);
  assert.deepEqual(Array.from(again.x), Array.from(s.x));
});
