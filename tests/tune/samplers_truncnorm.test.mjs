import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, assertClose } from "../helpers.mjs";
import { S, revive } from "./samplers_bundle.mjs";

const { truncnorm, math, Generator } = S;

test("erf and erfc match Python's math.erf/math.erfc", () => {
  const f = fixture("tune/samplers_erf.json");
  assertClose(f.x.map(math.erf), f.erf, { rtol: 4e-16, atol: 0, msg: "erf" });
  assertClose(f.x.map(math.erfc), f.erfc, { rtol: 1e-15, atol: 0, msg: "erfc" });
  assert.equal(math.erf(Infinity), 1);
  assert.equal(math.erf(-Infinity), -1);
  assert.ok(Number.isNaN(math.erf(NaN)) && Number.isNaN(math.erfc(NaN)));
  assert.equal(math.erfc(-Infinity), 2);
});

test("log Φ, the log Gaussian mass, ppf and logpdf match Optuna 3.1's _truncnorm", () => {
  const f = revive(fixture("tune/samplers_truncnorm.json"));
  for (const [x, want] of f.logNdtr) assertClose([truncnorm.logNdtr(x)], [want], { rtol: 1e-14, atol: 1e-300, msg: `logNdtr(${x})` });
  for (const [a, b, want] of f.logGaussMass) assertClose([truncnorm.logGaussMass(a, b)], [want], { rtol: 1e-12, atol: 1e-15, msg: `mass(${a}, ${b})` });
  for (const [a, b, q, want] of f.ppf) assertClose([truncnorm.ppf(q, a, b)], [want], { rtol: 1e-12, atol: 1e-13, msg: `ppf(${q}; ${a}, ${b})` });
  for (const [x, a, b, loc, scale, want] of f.logpdf) assertClose([truncnorm.logpdf(x, a, b, loc, scale)], [want], { rtol: 1e-12, atol: 1e-13, msg: `logpdf(${x}; ${a}, ${b}, ${loc}, ${scale})` });
});

test("truncated normal samples (ppf of seeded uniforms) have the distribution's moments", () => {
  const rng = new Generator(7);
  for (const [a, b] of [[-1, 2], [0.5, 4], [-3, -2.5]]) {
    const n = 20000;
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = truncnorm.ppf(rng.random(), a, b);
      assert.ok(x >= a && x <= b, `${x} outside [${a}, ${b}]`);
      s1 += x;
      s2 += x * x;
    }
    // Closed-form moments of the truncated standard normal.
    const phi = (x) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
    const Z = Math.exp(truncnorm.logGaussMass(a, b));
    const mean = (phi(a) - phi(b)) / Z;
    const variance = 1 + (a * phi(a) - b * phi(b)) / Z - mean * mean;
    const m = s1 / n;
    assert.ok(Math.abs(m - mean) < 4 * Math.sqrt(variance / n), `mean ${m} vs ${mean}`);
    assert.ok(Math.abs(s2 / n - m * m - variance) < 0.05 * variance, `variance ${s2 / n - m * m} vs ${variance}`);
  }
});
