import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { tune } = wt;

async function draws(seed, n, suggest) {
  const study = await tune.createStudy({ sampler: new tune.RandomSampler({ seed }) });
  const out = [];
  await study.optimize((t) => (out.push(suggest(t)), 0), { nTrials: n });
  return out;
}

const space = (t) => [
  t.suggestFloat("u", -2, 3),
  t.suggestFloat("lr", 1e-5, 1e-1, { log: true }),
  t.suggestFloat("q", 0, 1, { step: 0.1 }),
  t.suggestInt("n", 1, 9),
  t.suggestInt("h", 8, 512, { log: true }),
  t.suggestInt("s", 0, 10, { step: 5 }),
  t.suggestCategorical("c", ["adam", "sgd", null, 3]),
];

test("RandomSampler: the same seed draws the same parameters, another seed others", async () => {
  const a = await draws(42, 20, space);
  assert.deepEqual(await draws(42, 20, space), a);
  assert.notDeepEqual(await draws(43, 20, space), a);
});

test("RandomSampler: every draw lies in its distribution, on its grid", async () => {
  for (const [u, lr, q, n, h, s, c] of await draws(1, 300, space)) {
    assert.ok(u >= -2 && u < 3);
    assert.ok(lr >= 1e-5 && lr < 1e-1);
    assert.ok(q >= 0 && q <= 1 && Math.abs(q * 10 - Math.round(q * 10)) < 1e-9, `q ${q}`);
    assert.ok(Number.isInteger(n) && n >= 1 && n <= 9);
    assert.ok(Number.isInteger(h) && h >= 8 && h <= 512);
    assert.ok([0, 5, 10].includes(s));
    assert.ok(["adam", "sgd", null, 3].includes(c));
  }
});

test("RandomSampler: uniform on the chosen scale (log ranges uniform in log space, grid ends as likely as inner points)", async () => {
  const n = 4000;
  const rows = await draws(3, n, (t) => [t.suggestFloat("lr", 1e-4, 1, { log: true }), t.suggestFloat("q", 0, 1, { step: 0.25 }), t.suggestInt("k", 1, 4), t.suggestCategorical("c", ["a", "b", "c"])]);
  // log10(lr) is uniform on [-4, 0]: each decade gets a quarter.
  const decades = [0, 0, 0, 0];
  for (const [lr] of rows) decades[Math.min(3, Math.floor(-Math.log10(lr)))]++;
  for (const d of decades) assert.ok(Math.abs(d / n - 0.25) < 0.03, `decades ${decades}`);
  const counts = (i, values) => values.map((v) => rows.filter((r) => r[i] === v).length / n);
  for (const f of counts(1, [0, 0.25, 0.5, 0.75, 1])) assert.ok(Math.abs(f - 0.2) < 0.03, `grid ${f}`);
  for (const f of counts(2, [1, 2, 3, 4])) assert.ok(Math.abs(f - 0.25) < 0.03, `int ${f}`);
  for (const f of counts(3, ["a", "b", "c"])) assert.ok(Math.abs(f - 1 / 3) < 0.03, `categorical ${f}`);
});

test("RandomSampler refuses unknown options", () => {
  assert.throws(() => new tune.RandomSampler({ sead: 1 }), /RandomSampler: unknown option 'sead' — did you mean 'seed'\?/);
});
