import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { Tensor } = wt;
const { k: kernels } = await wt.init();

// Sizes around the register tile (4×8) and the packing blocks (KC 256, MC 128, NC 512).
const SHAPES = [
  [1, 1, 1], [2, 3, 5], [3, 7, 2], [5, 9, 8], [7, 17, 9], [8, 33, 37], [9, 64, 17],
  [17, 65, 33], [33, 100, 7], [37, 5, 64], [64, 37, 65], [65, 8, 100], [100, 1, 3],
  [4, 255, 8], [5, 256, 9], [3, 257, 16], [129, 20, 11], [127, 513, 5], [6, 9, 511], [2, 300, 513],
];
const LAYOUTS = ["NN", "NT", "TN"];
const EPS32 = 2 ** -23;

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

function randomTensor(size, rand) {
  const v = new Float32Array(size);
  for (let i = 0; i < size; i++) v[i] = rand() * 4;
  return Tensor.from(v, [size]);
}

/** A is stored [k,m] for TN, B is stored [n,k] for NT. */
function operands(layout, m, k, n, seed) {
  const rand = rng(seed);
  return { a: randomTensor(m * k, rand), b: randomTensor(k * n, rand), c: randomTensor(m * n, rand), bias: randomTensor(n, rand) };
}

/** float64 reference and the magnitude Σ|terms| that bounds float32 rounding error. */
function reference(layout, A, B, C0, bias, m, k, n, accumulate, useBias) {
  const out = new Float64Array(m * n);
  const mag = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = accumulate ? C0[i * n + j] : 0;
      let g = Math.abs(s);
      if (useBias) {
        s += bias[j];
        g += Math.abs(bias[j]);
      }
      for (let p = 0; p < k; p++) {
        const x = layout[0] === "T" ? A[p * m + i] : A[i * k + p];
        const y = layout[1] === "T" ? B[j * k + p] : B[p * n + j];
        s += x * y;
        g += Math.abs(x * y);
      }
      out[i * n + j] = s;
      mag[i * n + j] = g;
    }
  }
  return { out, mag };
}

/** Run gemm<layout> on t (C reset to C0) and check it against the float64 reference; returns C's bits. */
function runChecked(layout, t, m, k, n, accumulate, useBias) {
  const A = t.a.toFloat32Array();
  const B = t.b.toFloat32Array();
  const bias = t.bias.toFloat32Array();
  t.c.set(t.c0);
  kernels[`gemm${layout}`](t.a.ptr, t.b.ptr, t.c.ptr, m, k, n, accumulate, useBias ? t.bias.ptr : 0);
  const got = t.c.toFloat32Array();
  const { out, mag } = reference(layout, A, B, t.c0, bias, m, k, n, accumulate, useBias);
  // Recursive float32 summation of k+2 terms: |error| <= (k+2)·eps·Σ|terms|.
  for (let i = 0; i < m * n; i++) {
    const tol = (k + 2) * EPS32 * mag[i] + 1e-30;
    if (!(Math.abs(got[i] - out[i]) <= tol)) {
      assert.fail(`gemm${layout} m=${m} k=${k} n=${n} accumulate=${accumulate} bias=${useBias} microkernel ${kernels.gemmMicrokernel()}: C[${Math.floor(i / n)},${i % n}] = ${got[i]}, expected ${out[i]} ± ${tol}`);
    }
  }
  return new Uint32Array(got.buffer);
}

function checkedOperands(layout, m, k, n, seed) {
  const t = operands(layout, m, k, n, seed);
  return { ...t, c0: t.c.toFloat32Array() };
}

function dispose(t) {
  for (const x of [t.a, t.b, t.c, t.bias]) x.dispose();
}

for (const layout of LAYOUTS) {
  test(`gemm${layout} matches a float64 reference for every accumulate/bias combination`, () => {
    SHAPES.forEach(([m, k, n], s) => {
      const t = checkedOperands(layout, m, k, n, 17 + s);
      for (const accumulate of [0, 1]) {
        for (const useBias of [false, true]) runChecked(layout, t, m, k, n, accumulate, useBias);
      }
      dispose(t);
    });
  });
}

test("the splat and shuffle microkernels give the same bits in every layout, within the reference's bound", () => {
  const selected = kernels.gemmMicrokernel();
  try {
    for (const layout of LAYOUTS) {
      SHAPES.forEach(([m, k, n], s) => {
        const t = checkedOperands(layout, m, k, n, 71 + s);
        for (const accumulate of [0, 1]) {
          const bits = [0, 1].map((kind) => {
            kernels.gemmUseMicrokernel(kind);
            assert.equal(kernels.gemmMicrokernel(), kind);
            return runChecked(layout, t, m, k, n, accumulate, true);
          });
          assert.deepEqual(bits[1], bits[0], `gemm${layout} m=${m} k=${k} n=${n} accumulate=${accumulate}`);
        }
        dispose(t);
      });
    }
  } finally {
    kernels.gemmUseMicrokernel(selected);
  }
});

/** C reset to C0 with the row bias added (as filling C's rows with it when not accumulating), in float32. */
function startWithRowBias(t, m, n, accumulate, rowBias) {
  const c = t.c0.slice();
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) c[i * n + j] = accumulate ? Math.fround(c[i * n + j] + rowBias[i]) : rowBias[i];
  t.c.set(c);
}

// n = 1024 and 2048 put B's rows 4 KB apart, where gemmPackedA packs B after all.
const PACKED_A_SHAPES = [...SHAPES, [5, 17, 1024], [9, 3, 2048], [6, 0, 5], [3, 0, 9]];

test("gemmPackedA on gemmPackA's A gives gemmNN's and gemmTN's bits, the row bias as C's starting rows, with either microkernel", () => {
  const selected = kernels.gemmMicrokernel();
  try {
    for (const layout of ["NN", "TN"]) {
      PACKED_A_SHAPES.forEach(([m, k, n], s) => {
        const t = checkedOperands(layout, m, k, n, 113 + s);
        const rowBias = randomTensor(m, rng(7 + s));
        const size = kernels.gemmPackedASize(m, k);
        assert.equal(size, Math.ceil(m / 4) * 4 * k);
        // A guard after the packed A: gemmPackA writes exactly `size` floats.
        const ap = Tensor.from(new Float32Array(size + 4).fill(Number.NaN), [size + 4]);
        kernels.gemmPackA(t.a.ptr, m, k, layout === "TN" ? 1 : 0, ap.ptr);
        assert.ok(ap.toFloat32Array().subarray(size).every(Number.isNaN), `gemmPackA m=${m} k=${k} wrote past its size`);
        for (const kind of [0, 1]) {
          kernels.gemmUseMicrokernel(kind);
          for (const accumulate of [0, 1]) {
            for (const useBias of [false, true]) {
              const what = `gemmPackedA (${layout}) m=${m} k=${k} n=${n} accumulate=${accumulate} rowBias=${useBias} microkernel ${kind}`;
              let expected;
              if (useBias) {
                startWithRowBias(t, m, n, accumulate, rowBias.toFloat32Array());
                kernels[`gemm${layout}`](t.a.ptr, t.b.ptr, t.c.ptr, m, k, n, 1, 0);
                expected = new Uint32Array(t.c.toFloat32Array().buffer);
              } else {
                expected = runChecked(layout, t, m, k, n, accumulate, false);
              }
              t.c.set(t.c0);
              kernels.gemmPackedA(ap.ptr, t.b.ptr, t.c.ptr, m, k, n, accumulate, useBias ? rowBias.ptr : 0);
              assert.deepEqual(new Uint32Array(t.c.toFloat32Array().buffer), expected, what);
            }
          }
        }
        ap.dispose();
        rowBias.dispose();
        dispose(t);
      });
    }
  } finally {
    kernels.gemmUseMicrokernel(selected);
  }
});

test("gemmPackedA with a row bias matches a float64 reference", () => {
  const [m, k, n] = [37, 300, 65];
  const t = checkedOperands("NN", m, k, n, 3);
  const rowBias = randomTensor(m, rng(4));
  const ap = Tensor.empty([kernels.gemmPackedASize(m, k)]);
  kernels.gemmPackA(t.a.ptr, m, k, 0, ap.ptr);
  const bias = rowBias.toFloat32Array();
  // The row bias as a column bias of the transposed product: C[i,j] = bias[i] + Σ A[i,p]·B[p,j].
  const { out, mag } = reference("NN", t.a.toFloat32Array(), t.b.toFloat32Array(), t.c0, new Float32Array(n), m, k, n, 0, false);
  kernels.gemmPackedA(ap.ptr, t.b.ptr, t.c.ptr, m, k, n, 0, rowBias.ptr);
  const got = t.c.toFloat32Array();
  for (let i = 0; i < m * n; i++) {
    const r = Math.floor(i / n);
    const tol = (k + 2) * EPS32 * (mag[i] + Math.abs(bias[r])) + 1e-30;
    assert.ok(Math.abs(got[i] - (out[i] + bias[r])) <= tol, `C[${r},${i % n}] = ${got[i]}, expected ${out[i] + bias[r]} ± ${tol}`);
  }
  for (const x of [ap, rowBias]) x.dispose();
  dispose(t);
});

test("results are bit-identical across calls and ignore C's old contents when not accumulating", () => {
  const [m, k, n] = [37, 300, 65];
  for (const layout of LAYOUTS) {
    const gemm = kernels[`gemm${layout}`];
    const t = operands(layout, m, k, n, 5);
    t.c.data.fill(0);
    gemm(t.a.ptr, t.b.ptr, t.c.ptr, m, k, n, 0, t.bias.ptr);
    const first = t.c.toFloat32Array();
    t.c.data.fill(Number.NaN);
    gemm(t.a.ptr, t.b.ptr, t.c.ptr, m, k, n, 0, t.bias.ptr);
    assert.deepEqual(new Uint32Array(t.c.toFloat32Array().buffer), new Uint32Array(first.buffer), `gemm${layout}`);
    for (const x of Object.values(t)) x.dispose();
  }
});

function transpose(v, rows, cols) {
  const out = new Float32Array(v.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = v[r * cols + c];
  return out;
}

test("the three layouts give the same bits for the same product, and rows do not depend on m", () => {
  const [m, k, n] = [13, 517, 21];
  const rand = rng(99);
  const A = randomTensor(m * k, rand);
  const B = randomTensor(k * n, rand);
  const At = Tensor.from(transpose(A.toFloat32Array(), m, k));
  const Bt = Tensor.from(transpose(B.toFloat32Array(), k, n));
  const c = Tensor.empty([m * n]);
  const run = (fn, a, b) => {
    fn(a.ptr, b.ptr, c.ptr, m, k, n, 0, 0);
    return new Uint32Array(c.toFloat32Array().buffer);
  };
  const nn = run(kernels.gemmNN, A, B);
  assert.deepEqual(run(kernels.gemmNT, A, Bt), nn);
  assert.deepEqual(run(kernels.gemmTN, At, B), nn);
  // One row at a time (m = 1) gives the same bits as the whole batch.
  const row = Tensor.empty([n]);
  for (let i = 0; i < m; i++) {
    kernels.gemmNN(A.ptr + i * k * 4, B.ptr, row.ptr, 1, k, n, 0, 0);
    assert.deepEqual(new Uint32Array(row.toFloat32Array().buffer), nn.subarray(i * n, (i + 1) * n), `row ${i}`);
  }
  for (const x of [A, B, At, Bt, c, row]) x.dispose();
});

test("k = 0 leaves C as (C or 0) + bias", () => {
  const c = Tensor.from([1, 2, 3, 4, 5, 6]);
  const bias = Tensor.from([10, 20, 30]);
  kernels.gemmNN(0, 0, c.ptr, 2, 0, 3, 1, bias.ptr);
  assert.deepEqual(Array.from(c.data), [11, 22, 33, 14, 25, 36]);
  kernels.gemmNT(0, 0, c.ptr, 2, 0, 3, 0, bias.ptr);
  assert.deepEqual(Array.from(c.data), [10, 20, 30, 10, 20, 30]);
  kernels.gemmTN(0, 0, c.ptr, 2, 0, 3, 0, 0);
  assert.deepEqual(Array.from(c.data), [0, 0, 0, 0, 0, 0]);
  c.dispose();
  bias.dispose();
});

test("GEMM writes only the m×n block of C", () => {
  const [m, k, n] = [5, 7, 9];
  const rand = rng(3);
  const a = randomTensor(m * k, rand);
  const b = randomTensor(k * n, rand);
  const guard = Tensor.full([m * n + 8], 7);
  for (const layout of LAYOUTS) {
    kernels[`gemm${layout}`](a.ptr, b.ptr, guard.ptr + 16, m, k, n, 0, 0);
    const d = guard.data;
    assert.deepEqual(Array.from(d.subarray(0, 4)), [7, 7, 7, 7]);
    assert.deepEqual(Array.from(d.subarray(4 + m * n)), [7, 7, 7, 7]);
  }
  for (const x of [a, b, guard]) x.dispose();
});
