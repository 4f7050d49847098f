import { test } from "node:test";
import assert from "node:assert/strict";
import { wt, fixture, assertClose } from "../helpers.mjs";
const { Tensor, data } = wt;

const f = fixture("data/scalers.json").cases;

test("StandardScaler matches sklearn: population std, constant feature scale 1, float32 outputs", () => {
  const s = new data.StandardScaler().fit(f.x);
  assertClose(s.mean, f.standard.mean, { rtol: 1e-12, atol: 0 });
  assertClose(s.var, f.standard.var, { rtol: 1e-9, atol: 0 });
  assertClose(s.scale, f.standard.scale, { rtol: 1e-9, atol: 0 });
  assert.equal(s.scale[3], 1, "the constant column keeps scale 1");
  const z = s.transform({ data: Float32Array.from(f.x.flat()), shape: [f.x.length, 5] });
  assert.ok(z.data instanceof Float32Array);
  // Rounded as NumPy rounds float32 in-place arithmetic: bit-identical to sklearn.
  const exact = { rtol: 0, atol: 0 };
  assertClose(z.data, f.standard.train, exact);
  assertClose(s.transform(f.test).data, f.standard.test, exact);
  assertClose(s.inverseTransform(f.test).data, f.standard.inverse, exact);
  const copy = data.StandardScaler.fromJSON(JSON.parse(JSON.stringify(s)));
  assert.deepEqual(copy.transform(f.test), s.transform(f.test));
});

test("MinMaxScaler matches sklearn for a custom feature range", () => {
  // Float32 input, as the fixture gave sklearn: statistics and outputs are float32 and bit-identical.
  const s = new data.MinMaxScaler([-1, 2]).fit({ data: Float32Array.from(f.x.flat()), shape: [f.x.length, 5] });
  const exact = { rtol: 0, atol: 0 };
  for (const k of ["dataMin", "dataMax", "scale", "min"]) assertClose(s[k], f.minmax[k], { ...exact, msg: k });
  assertClose(s.transform(f.test).data, f.minmax.test, exact);
  assertClose(s.inverseTransform(f.test).data, f.minmax.inverse, exact);
  // Float64 input keeps float64 statistics.
  assertClose(new data.MinMaxScaler([-1, 2]).fit(f.x).scale, f.minmax.scale, { rtol: 1e-7, atol: 0 });
  const copy = data.MinMaxScaler.fromJSON(JSON.parse(JSON.stringify(s)));
  assert.deepEqual(copy.transform(f.test), s.transform(f.test));
  const clipped = new data.MinMaxScaler([0, 1], { clip: true }).fit([[0], [10]]);
  assert.deepEqual(Array.from(clipped.transform([[20], [-5], [5]]).data), [1, 0, 0.5]);
});

test("scalers accept tensors and refuse misuse", () => {
  const t = Tensor.from([[1, 2], [3, 6]]);
  const z = new data.StandardScaler().fitTransform(t);
  assert.deepEqual(Array.from(z.data), [-1, -1, 1, 1]);
  t.dispose();
  assert.throws(() => new data.StandardScaler().transform([[1]]), /not fitted yet/);
  assert.throws(() => new data.StandardScaler().fit([[1, 2]]).transform([[1, 2, 3]]), /X has 3 features, but StandardScaler is expecting 2 features as input/);
  assert.throws(() => new data.MinMaxScaler([1, 0]), /Minimum of desired feature range must be smaller than maximum. Got \(1, 0\)/);
  assert.throws(() => new data.StandardScaler().fit([1, 2, 3]), /must be 2-D/);
});
