// The autograd operations' contract beyond the PyTorch fixtures: errors in
// PyTorch's wording, numbers as operands, inputs that do not require grad,
// grad mode, disposed saved tensors, and memory under tidy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { Tensor, autograd, noGrad, tidy, memoryStats, matmul } = wt;

const t = (values, shape) => Tensor.from(values, shape);
const arr = (x) => Array.from(x.data);

test("shape errors use PyTorch's wording and name both shapes", () => {
  assert.throws(
    () => t([1, 2, 3, 4, 5, 6], [2, 3]).add(t([1, 2, 3, 4])),
    /^Error: The size of tensor a \(3\) must match the size of tensor b \(4\) at non-singleton dimension 1 \(shapes \[2, 3\] and \[4\]\)$/,
  );
  assert.throws(() => t(new Array(30).fill(1), [5, 2, 3]).mul(t(new Array(12).fill(1), [4, 1, 3])), /tensor a \(5\) must match the size of tensor b \(4\) at non-singleton dimension 0 \(shapes \[5, 2, 3\] and \[4, 1, 3\]\)/);
  assert.deepEqual(autograd.broadcastShapes([2, 1, 5], [4, 1]), [2, 4, 5]);
  assert.deepEqual(autograd.broadcastShapes([], [3]), [3]);
  // 18 dimensions that alternate between the operands cannot be merged: more than the kernel describes.
  const zig = (first) => Tensor.zeros(Array.from({ length: 18 }, (_, i) => ((i % 2 === 0) === first ? 2 : 1)));
  assert.throws(() => zig(true).add(zig(false)), /needs 18 separate dimensions; at most 16 are supported/);
  const m = t([1, 2, 3, 4, 5, 6], [2, 3]);
  assert.throws(() => m.sum(2), /^RangeError: Dimension out of range \(expected to be in range of \[-2, 1\], but got 2\)$/);
  assert.throws(() => m.mean(-3), /expected to be in range of \[-2, 1\], but got -3/);
  assert.throws(() => m.sum([0, -2]), /dim 0 appears multiple times in the list of dims/);
  assert.throws(() => m.sum(0.5), /Dimension out of range/);
  assert.throws(() => t([3], []).sum(1), /expected to be in range of \[-1, 0\], but got 1/);
});

test("matmul errors: PyTorch's messages, with both shapes", () => {
  const ones = (...s) => Tensor.full(s, 1);
  assert.throws(() => matmul(ones(3), ones(4)), /inconsistent tensor size, expected tensor \[3\] and src \[4\] to have the same number of elements, but got 3 and 4 elements respectively/);
  assert.throws(() => matmul(ones(2, 3), ones(4, 5)), /mat1 and mat2 shapes cannot be multiplied \(2x3 and 4x5\) \(matmul of \[2, 3\] and \[4, 5\]\)/);
  assert.throws(() => matmul(ones(6, 2, 3), ones(6, 4, 5)), /mat1 and mat2 shapes cannot be multiplied \(2x3 and 4x5\) \(matmul of \[6, 2, 3\] and \[6, 4, 5\]\)/);
  assert.throws(() => matmul(ones(6, 2, 3), ones(5, 3, 5)), /size of tensor a \(6\) must match the size of tensor b \(5\) at non-singleton dimension 0 \(shapes \[6, 2, 3\] and \[5, 3, 5\]\)/);
  assert.throws(() => matmul(t([1], []), ones(4, 5)), /both arguments to matmul need to be at least 1D, but they are 0D and 2D/);
});

test("bad operands are refused: int32 and disposed tensors, non-numbers, unknown options, clamp without bounds", () => {
  const x = t([1, 2]);
  const i = Tensor.from([1, 2], [2], "int32");
  assert.throws(() => x.add(i), /add: expected a float32 tensor, got int32/);
  assert.throws(() => i.sum(), /sum: expected a float32 tensor, got int32/);
  assert.throws(() => matmul(i, x), /matmul: expected a float32 tensor, got int32/);
  assert.throws(() => x.mul("2"), /mul: expected a Tensor or a number, got string/);
  assert.throws(() => x.mul(new wt.nn.Parameter(t([2]))), /mul: expected a Tensor or a number, got a Parameter: pass its tensor, param\.data/);
  assert.throws(() => x.add(1, { alpah: 2 }), /alpah/);
  assert.throws(() => x.clamp(), /At least one of 'min' or 'max' must not be None/);
  assert.throws(() => x.pow(x), /the exponent must be a number/);
  const gone = t([1, 2, 3, 4]);
  const view = gone.reshape([2, 2]);
  gone.dispose();
  assert.throws(() => gone.exp(), /exp: use of a disposed tensor of shape \[4\]/);
  assert.throws(() => matmul(view, view), /matmul: use of a disposed tensor of shape \[2, 2\]/);
  assert.throws(() => x.add(gone), /add: use of a disposed tensor/);
});

test("numbers as operands, and results from PyTorch's formulas", () => {
  const x = t([1, -2, 4]);
  assert.deepEqual(arr(x.add(2, { alpha: 3 })), [7, 4, 10]);
  assert.deepEqual(arr(x.sub(0.5)), [0.5, -2.5, 3.5]);
  assert.deepEqual(arr(x.rsub(1)), [0, 3, -3]);
  assert.deepEqual(arr(x.rsub(t([10]), { alpha: 2 })), [8, 14, 2]);
  assert.deepEqual(arr(x.div(4)), [0.25, -0.5, 1]);
  // A number is rounded to float32 first, as PyTorch does with a Python float.
  assert.deepEqual(arr(t([0]).add(0.1)), [Math.fround(0.1)]);
  const m = t([1, 2, 3, 4, 5, 6], [2, 3]);
  assert.deepEqual(m.sum([]).shape, []);
  assert.deepEqual(m.sum([], true).shape, [1, 1]);
  assert.deepEqual(m.sum(-1, true).toArray(), [[6], [15]]);
  assert.deepEqual(m.mean(0).toArray(), [2.5, 3.5, 4.5]);
  assert.ok(Number.isNaN(Tensor.empty([0, 3]).mean().item()), "the mean of no elements is NaN");
  assert.deepEqual(Tensor.empty([0, 3]).sum(0).toArray(), [0, 0, 0]);
  assert.deepEqual(matmul(Tensor.empty([2, 0]), Tensor.empty([0, 3])).toArray(), [[0, 0, 0], [0, 0, 0]]);
});

test("only inputs that require grad get gradients; noGrad records nothing", () => {
  const a = t([1, 2, 3]).requiresGrad_();
  const b = t([4, 5, 6]);
  const y = a.mul(b).sum();
  assert.equal(y.requiresGrad, true);
  y.backward();
  assert.deepEqual(arr(a.grad), [4, 5, 6]);
  assert.equal(b.grad, null);
  const c = noGrad(() => a.mul(b).exp().sum());
  assert.equal(c.requiresGrad, false);
  assert.equal(c.gradFn, null);
  assert.equal(b.add(1).requiresGrad, false);
  // A batched matmul where only the broadcast right operand needs its gradient: summed over the batch.
  const w = t([1, 2, 3, 4, 5, 6], [3, 2]).requiresGrad_();
  matmul(Tensor.full([4, 2, 3], 1), w).sum().backward();
  assert.deepEqual(arr(w.grad), [8, 8, 8, 8, 8, 8]);
});

test("a node whose saved tensor was disposed says so", () => {
  const a = t([1, 2]).requiresGrad_();
  const b = t([3, 4]).requiresGrad_();
  const y = a.mul(b).sum();
  b.dispose();
  assert.throws(() => y.backward(), /MulBackward0: a tensor saved for backward has been disposed/);
});

test("tidy frees op results, keeps what is returned and the graph it needs, frees everything on an exception", () => {
  const w = t([1, 2, 3]).requiresGrad_();
  let inner;
  let kept;
  const loss = tidy(() => {
    inner = w.mul(2); // needed by the returned loss's graph
    const unused = w.add(1);
    kept = unused;
    return inner.pow(2).sum();
  });
  assert.equal(kept.isDisposed, true, "a result nobody needs is freed");
  assert.equal(inner.isDisposed, false, "the graph of a returned tensor is kept");
  assert.equal(loss.isDisposed, false);
  loss.backward();
  assert.deepEqual(arr(w.grad), [8, 16, 24]); // d/dw (2w)^2 = 8w
  let made;
  assert.throws(
    () =>
      tidy(() => {
        made = w.exp();
        throw new Error("boom");
      }),
    /boom/,
  );
  assert.equal(made.isDisposed, true, "an exception frees everything the scope made");
  const pair = tidy(() => ({ a: w.add(1), b: [w.sub(1)] }));
  assert.equal(pair.a.isDisposed, false, "tensors in a returned object are kept");
  assert.equal(w.isDisposed, false, "inputs made outside are never freed by the scope");
});

test("a forward+backward loop in tidy does not grow memory after the first step", () => {
  const x = Tensor.from(Array.from({ length: 5 * 7 }, (_, i) => Math.sin(i)), [5, 7]);
  const w = Tensor.from(Array.from({ length: 7 * 3 }, (_, i) => Math.cos(i) / 3), [7, 3]).requiresGrad_();
  const b = Tensor.zeros([3]).requiresGrad_();
  const step = () =>
    tidy(() => {
      const h = matmul(x, w).add(b).clamp(0, null);
      const loss = h.sub(0.5).pow(2).mean(0).sum().div(3);
      loss.backward();
      noGrad(() => w.set(w.sub(w.grad, { alpha: 0.1 }).data));
      w.grad = null;
      b.grad = null;
      return loss.item();
    });
  const first = step();
  const after = memoryStats().allocatedBytes;
  let last = first;
  for (let i = 0; i < 20; i++) last = step();
  assert.equal(memoryStats().allocatedBytes, after);
  assert.ok(last < first, `the loop trains: ${first} -> ${last}`);
});
