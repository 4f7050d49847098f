// Run by relaxed_simd.test.mjs in a Node with relaxed SIMD: loads the relaxed
// build, checks whether its multiply-add is fused, then runs the GEMM,
// optimizer and layer suites on it (the torch-bit suites only when fused). Their contracts hold unchanged: GEMM within the
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
const fused = c.data[0] === 2 ** -24;
// Without FMA hardware an engine may multiply, round, then add: the product's
// rounding then cancels exactly, which is the only other allowed result.
assert.ok(fused || c.data[0] === 0, `relaxed_madd gave ${c.data[0]}, neither the fused 2^-24 nor the unfused 0`);
for (const t of [a, b, c]) t.dispose();

// Torch's bits (optimizer and layer parity at 0 ulp) need the fused instruction,
// as torch's own CPU kernels use it; unfused, the GEMM and loading contracts still hold.
const suites = ["../kernels/gemm.test.mjs", "./load.test.mjs"];
if (fused) suites.push("../optim/parity.test.mjs", "../optim/kernels.test.mjs", "../nn/parity.test.mjs");
else console.log("# relaxed_madd is not fused on this CPU: torch bit-parity suites not applicable");
for (const suite of suites) await import(suite);
