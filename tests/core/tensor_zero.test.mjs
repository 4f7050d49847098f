import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { Tensor } = wt;

test("Tensor.zero clears exactly its own elements and refuses a disposed tensor", () => {
  const before = Tensor.full([3], 7);
  const t = Tensor.full([5], -2.5);
  const after = Tensor.full([3], 7);
  assert.equal(t.zero(), t);
  assert.deepEqual(Array.from(t.data), [0, 0, 0, 0, 0]);
  assert.ok(Object.is(t.data[0], 0), "+0, not -0");
  assert.deepEqual([...before.data, ...after.data], [7, 7, 7, 7, 7, 7]);
  t.dispose();
  assert.throws(() => t.zero(), /disposed tensor of shape \[5\]/);
  before.dispose();
  after.dispose();
});
