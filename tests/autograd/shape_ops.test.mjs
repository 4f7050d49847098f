// Shape, slicing and softmax operations beyond the PyTorch fixtures: their
// errors (PyTorch's wording), views sharing memory, int32 tensors, partial
// gradients, 0-d edge cases and flat memory in a tidy loop.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { Tensor, cat, stack, tidy, noGrad, memoryStats } = wt;

const range = (shape) => Tensor.from(Array.from({ length: shape.reduce((a, d) => a * d, 1) }, (_, i) => i), shape);

test("shape errors use PyTorch's messages", () => {
  const x = range([2, 3]);
  const cases = [
    [() => x.reshape([4, 2]), /shape '\[4, 2\]' is invalid for input of size 6/],
    [() => x.view([-1, -1]), /only one dimension can be inferred/],
    [() => x.view([-2, 3]), /invalid shape dimension -2/],
    [() => x.unsqueeze(3), /Dimension out of range \(expected to be in range of \[-3, 2\], but got 3\)/],
    [() => x.squeeze(2), /Dimension out of range \(expected to be in range of \[-2, 1\], but got 2\)/],
    [() => x.flatten(1, 0), /flatten\(\) has invalid args: start_dim cannot come after end_dim/],
    [() => x.permute([0, 0]), /permute\(\): duplicate dims are not allowed\./],
    [() => x.permute([0]), /input.dim\(\) = 2 is not equal to len\(dims\) = 1/],
    [() => x.transpose(0, 2), /Dimension out of range \(expected to be in range of \[-2, 1\], but got 2\)/],
    [() => range([2, 3, 4]).t(), /t\(\) expects a tensor with <= 2 dimensions, but self is 3D/],
    [() => cat([range([2, 3]), range([3, 4])], 1), /Sizes of tensors must match except in dimension 1\. Expected size 2 but got size 3 for tensor number 1 in the list\./],
    [() => cat([range([2, 3]), range([2, 3, 1])], 1), /Tensors must have same number of dimensions: got 2 and 3/],
    [() => cat([], 0), /torch\.cat\(\): expected a non-empty list of Tensors/],
    [() => cat([x], 2), /Dimension out of range/],
    [() => cat([x, Tensor.from([1, 2, 3, 4, 5, 6], [2, 3], "int32")], 0), /cat\(\): all tensors must have the same dtype, got float32 and int32 for tensor number 1/],
    [() => stack([range([2, 3]), range([2, 4])]), /stack expects each tensor to be equal size, but got \[2, 3\] at entry 0 and \[2, 4\] at entry 1/],
    [() => stack([]), /stack expects a non-empty TensorList/],
    [() => stack([x], 3), /Dimension out of range \(expected to be in range of \[-3, 2\], but got 3\)/],
    [() => x.narrow(1, 4, 1), /start out of range \(expected to be in range of \[-3, 3\], but got 4\)/],
    [() => x.narrow(1, 2, 2), /start \(2\) \+ length \(2\) exceeds dimension size \(3\)\./],
    [() => x.narrow(1, 1, -1), /start \(1\) \+ length \(-1\) exceeds dimension size \(3\)\./],
    [() => x.narrow(1, 0.5, 1), /narrow\(\): start must be an integer, got 0\.5/],
    [() => x.select(1, 3), /select\(\): index 3 out of range for tensor of size \[2, 3\] at dimension 1/],
    [() => x.select(-1, -4), /select\(\): index -4 out of range for tensor of size \[2, 3\] at dimension 1/],
    [() => x.slice(1, 0, 3, 0), /slice step cannot be zero/],
    [() => x.slice(1, 0, 3, -1), /step must be greater than zero/],
    [() => Tensor.from([1]).reshape([]).select(0, 0), /select\(\) cannot be applied to a 0-dim tensor\./],
    [() => x.softmax(2), /Dimension out of range \(expected to be in range of \[-2, 1\], but got 2\)/],
    [() => Tensor.from([1, 2], [2], "int32").logSoftmax(0), /logSoftmax\(\) needs a float32 tensor, got int32/],
  ];
  for (const [f, re] of cases) assert.throws(f, re);
});

test("reshape, view, flatten, unsqueeze and squeeze share the input's memory; the other operations copy", () => {
  const x = range([2, 3, 1]);
  for (const v of [x.reshape([3, 2]), x.view([6]), x.flatten(), x.unsqueeze(0), x.squeeze()]) assert.equal(v.ptr, x.ptr);
  const y = x.squeeze(-1).t();
  assert.notEqual(y.ptr, x.ptr);
  assert.deepEqual(y.toArray(), [[0, 3], [1, 4], [2, 5]]);
});

test("data movement works on int32 tensors, bit for bit", () => {
  const x = Tensor.from([1, -2, 2147483647, -2147483648, 5, 6], [2, 3], "int32");
  assert.deepEqual(x.t().toArray(), [[1, -2147483648], [-2, 5], [2147483647, 6]]);
  assert.deepEqual(cat([x, x], 1).dtype, "int32");
  assert.deepEqual(stack([x.select(0, 1), x.select(0, 0)]).toArray(), [[-2147483648, 5, 6], [1, -2, 2147483647]]);
  assert.deepEqual(x.slice(1, 0, 3, 2).toArray(), [[1, 2147483647], [-2147483648, 6]]);
});

test("PyTorch's slice rules: negative bounds, clamping, empty results", () => {
  const x = range([7]);
  assert.deepEqual(x.slice(0).toArray(), [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(x.slice(0, -3).toArray(), [4, 5, 6]);
  assert.deepEqual(x.slice(0, undefined, -2, 2).toArray(), [0, 2, 4]);
  assert.deepEqual(x.slice(0, -100, 100, 3).toArray(), [0, 3, 6]);
  assert.deepEqual(x.slice(0, 5, 1).shape, [0]);
  assert.deepEqual(x.narrow(0, -2, 2).toArray(), [5, 6]);
  assert.deepEqual(x.narrow(0, 7, 0).shape, [0]);
});

test("0-d and size-1 edge cases follow PyTorch", () => {
  const s = Tensor.from([3]).reshape([]);
  assert.deepEqual(s.flatten().shape, [1]);
  assert.deepEqual(s.unsqueeze(0).shape, [1]);
  assert.deepEqual(s.squeeze(0).shape, []);
  assert.deepEqual(s.t().shape, []);
  assert.deepEqual(s.softmax(0).item(), 1);
  assert.deepEqual(range([2, 3]).squeeze(-1).shape, [2, 3]);
  assert.deepEqual(stack([s, s]).toArray(), [3, 3]);
  assert.deepEqual(cat([range([2, 0]), range([2, 3])], 1).shape, [2, 3]);
  assert.throws(() => cat([s]), /zero-dimensional tensor \(at position 0\) cannot be concatenated/);
});

test("cat computes gradients only for the inputs that require them, and sums a tensor listed twice", () => {
  const a = range([2, 2]).requiresGrad_();
  const b = range([2, 1]);
  const y = cat([a, b, a], 1);
  assert.equal(y.gradFn.name, "CatBackward0");
  y.backward(Tensor.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [2, 5]));
  assert.deepEqual(a.grad.toArray(), [[1 + 4, 2 + 5], [6 + 9, 7 + 10]]);
  assert.equal(b.grad, null);
});

test("nothing is recorded without grad mode or an input that requires grad", () => {
  const x = range([2, 3]);
  for (const y of [x.reshape([3, 2]), x.t(), x.narrow(0, 0, 1), cat([x, x]), x.softmax(0)]) assert.equal(y.gradFn, null);
  x.requiresGrad = true;
  noGrad(() => {
    for (const y of [x.view([6]), x.permute([1, 0]), x.select(0, 1), stack([x, x]), x.logSoftmax(1)]) assert.equal(y.requiresGrad, false);
  });
  assert.equal(x.reshape([6]).gradFn.name, "ReshapeAliasBackward0");
});

test("a view of a disposed tensor is refused", () => {
  const x = range([2, 3]);
  x.dispose();
  assert.throws(() => x.reshape([6]), /use of a disposed tensor of shape \[2, 3\]/);
  assert.throws(() => cat([x]), /use of a disposed tensor of shape \[2, 3\]/);
});

test("a loop of shape operations, forward and backward in tidy, does not grow memory", () => {
  const x = range([2, 3, 5, 7]).requiresGrad_();
  const w = range([2, 3, 5, 7]).requiresGrad_();
  const g = Tensor.full([2, 35, 3], 1);
  const step = () =>
    tidy(() => {
      const h = cat([x.permute([0, 2, 3, 1]), w.transpose(1, -1).transpose(1, 2)], 0);
      const y = stack([h.narrow(0, 0, 2), h.slice(0, 2, 4, 1)], 1).select(1, 0).flatten(1, 2).softmax(-1).relu();
      y.backward(g);
    });
  step();
  const before = memoryStats().allocatedBytes;
  for (let i = 0; i < 5; i++) step();
  assert.equal(memoryStats().allocatedBytes, before);
  assert.ok(x.grad !== null && w.grad !== null);
});
