import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { Tensor, memoryStats } = wt;

test("Tensor.from infers shapes and round-trips through toArray", () => {
  const t = Tensor.from([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(t.shape, [2, 3]);
  assert.deepEqual(t.toArray(), [[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(Array.from(t.reshape([3, -1]).data), [1, 2, 3, 4, 5, 6]);
  t.dispose();
});

test("bad shapes are refused naming the shapes", () => {
  assert.throws(() => Tensor.from([1, 2, 3], [2, 2]), /shape \[2, 2\] from 3 values/);
  assert.throws(() => Tensor.from([[1, 2], [3]]), /ragged/);
  const t = Tensor.zeros([2, 3]);
  assert.throws(() => t.reshape([4, 2]), /shape \[2, 3\] to \[4, 2\]/);
  t.dispose();
  assert.throws(() => t.data, /disposed/);
});

test("views stay correct after memory grows", () => {
  const t = Tensor.from([1, 2, 3]);
  const before = memoryStats().memoryBytes;
  const big = Tensor.zeros([8 * 1024 * 1024]);
  assert.ok(memoryStats().memoryBytes > before);
  assert.deepEqual(Array.from(t.data), [1, 2, 3]);
  big.dispose();
  t.dispose();
});

test("freed blocks are reused, so repeated alloc/free does not grow memory", () => {
  const warm = Tensor.zeros([1000]);
  warm.dispose();
  const start = memoryStats();
  for (let i = 0; i < 1000; i++) {
    const a = Tensor.empty([1000]);
    const b = Tensor.empty([37]);
    a.dispose();
    b.dispose();
  }
  assert.equal(memoryStats().memoryBytes, start.memoryBytes);
  assert.equal(memoryStats().allocatedBytes, start.allocatedBytes);
});
