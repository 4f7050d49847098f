// Run by relaxed_simd.test.mjs in a Node with relaxed SIMD: loads the relaxed
// build, checks that its multiply-add is fused, then runs the GEMM, optimizer
// and layer suites on it. Their contracts hold unchanged: GEMM within the
// float32 summation bound of a float64 reference, every optimizer
// bit-identical to torch, as PyTorch's CPU kernels use the same FMA. The
// loading tests run too, so build selection is exercised where relaxed SIMD
// is really available.
import assert from "node:assert/strict";
import { init, runtimeInfo, Tensor } from "../../dist/index.js";

const { k } = await init({ relaxedSimd: true });
assert.equal(runtimeInfo().relaxedSimd, true, "init({ relaxedSimd: true }) did not load the relaxed build");

// a0·b0 + a1·b1 with a0·b0 = −(1 + 2⁻¹¹) and a1·b1 = 1 + 2⁻¹¹ + 2⁻²⁴ exactly:
// a fused multiply-add keeps the 2⁻²⁴, rounding the product first loses it.
const e = 2 ** -12;
const a = Tensor.from([-1, 1 + e]);
const b = Tensor.from([1 + 2 * e, 1 + e]);
const c = Tensor.from([0]);
k.gemmNN(a.ptr, b.ptr, c.ptr, 1, 2, 1, 0, 0);
assert.equal(c.data[0], 2 ** -24, "f32x4.relaxed_madd is not fused here (no FMA on this CPU?): the relaxed build cannot match torch's bits");
for (const t of [a, b, c]) t.dispose();

for (const suite of ["../kernels/gemm.test.mjs", "../optim/parity.test.mjs", "../optim/kernels.test.mjs", "../nn/parity.test.mjs", "./load.test.mjs"]) {
  await import(suite);
}
