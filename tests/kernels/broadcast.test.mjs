// The broadcast, axis-sum and unary kernels of the autograd operations
// against scalar references on odd sizes (SIMD bodies and 1-3 element tails).
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../helpers.mjs";
import { alloc, get, k, put, randoms, reset } from "./harness.mjs";
import { writeBroadcastShape } from "../../dist/kernels/broadcast.js";

const ODD = [1, 3, 5, 17, 37];
const OPS = [
  ["add", 0, (a, b) => a + b],
  ["sub", 1, (a, b) => a - b],
  ["mul", 2, (a, b) => a * b],
  ["div", 3, (a, b) => a / b],
  ["axpy", 4, (a, b, alpha) => a + Math.fround(alpha * b)],
  ["expand", 5, (a) => a],
];

/** Write a description (the declared broadcastShape): dims [size, aStride, bStride] outermost first. */
function describe(dims) {
  const column = (i) => dims.map((dim) => dim[i]);
  writeBroadcastShape(k, new Int32Array(k.memory.buffer), dims.length, { sizes: column(0), aStrides: column(1), bStrides: column(2) });
  return dims.length;
}

/** Reference: walk every output index, reading a and b through their strides (f32 rounding per op). */
function reference(dims, a, b, fn, alpha) {
  const out = [];
  const walk = (d, oa, ob) => {
    if (d === dims.length) return out.push(Math.fround(fn(a[oa], b[ob], alpha)));
    for (let i = 0; i < dims[d][0]; i++) walk(d + 1, oa + i * dims[d][1], ob + i * dims[d][2]);
  };
  walk(0, 0, 0);
  return out;
}

function layouts(n) {
  // Each: [dims, size of a, size of b]. Inner strides are 1 (contiguous) or 0 (spread).
  return [
    [[[n, 1, 1]], n, n], // same shape
    [[[n, 1, 0]], n, 1], // tensor (op) scalar
    [[[n, 0, 1]], 1, n], // scalar (op) tensor
    [[[3, n, 0], [n, 1, 1]], 3 * n, n], // [3, n] (op) [n]: rows
    [[[n, 1, 1], [5, 0, 0]], n, n], // columns: [n, 5] from [n, 1] and [n, 1]
    [[[3, 1, 0], [n, 0, 1]], 3, n], // outer: [3, 1] (op) [n]
    [[[2, 3 * n, 0], [3, 0, 1], [n, 1, 0]], 2 * 3 * n, 3], // [2, 3, n] (op) [3, 1]
    [[[4, 0, 0], [n, 0, 0]], 1, 1], // both spread
  ];
}

test("broadcastBinary: every op and stride pattern matches a scalar walk", () => {
  for (const n of ODD) {
    for (const [dims, na, nb] of layouts(n)) {
      for (const [name, op, fn] of OPS) {
        reset();
        const a = randoms(na, -3, 3, n + na);
        const b = Float32Array.from(randoms(nb, 0.5, 2, n + nb + 1), (v, i) => (i % 2 ? -v : v));
        const size = dims.reduce((s, d) => s * d[0], 1);
        const out = alloc(size + 1);
        const ndim = describe(dims);
        k.broadcastBinary(op, put(a), put(b), out, ndim, -1.5);
        const expected = reference(dims, a, b, fn, -1.5);
        // exact: the kernel rounds exactly like the reference, element by element; the guard stays 0
        assert.deepEqual(Array.from(get(out, size + 1)), [...expected, 0], `${name} n=${n} dims=${JSON.stringify(dims)}`);
      }
    }
  }
});

test("sumAxis sums [outer, len, inner] along the middle axis in order", () => {
  for (const outer of [1, 3]) {
    for (const len of [0, 1, 5, 17]) {
      for (const inner of [1, 3, 5, 37]) {
        reset();
        const x = randoms(outer * len * inner, -2, 2, outer + len + inner);
        const out = alloc(outer * inner + 1);
        k.sumAxis(put(x), out, outer, len, inner);
        const expected = [];
        for (let o = 0; o < outer; o++) {
          for (let i = 0; i < inner; i++) {
            let s = 0;
            for (let j = 0; j < len; j++) s += x[(o * len + j) * inner + i];
            expected.push(s);
          }
        }
        assertClose(get(out, outer * inner + 1), [...expected, 0], { rtol: 1e-6, atol: 1e-6, msg: `outer ${outer} len ${len} inner ${inner}` });
      }
    }
  }
});

test("sumAxis with inner > 1 adds rows left to right in float32, as colSums", () => {
  reset();
  const rows = 17;
  const cols = 37;
  const x = put(randoms(rows * cols, -1e3, 1e3, 9));
  const a = alloc(cols);
  const b = alloc(cols);
  k.sumAxis(x, a, 1, rows, cols);
  k.colSums(x, b, rows, cols, 0);
  assert.deepEqual(get(a, cols), get(b, cols));
});

function unary(name, values, ...extra) {
  reset();
  const out = alloc(values.length + 1);
  k[name](put(values), out, ...extra, values.length);
  return Array.from(get(out, values.length + 1));
}

test("sqrt, abs, clamp and pow by a number match scalar math", () => {
  for (const n of ODD) {
    const x = randoms(n, -3, 3, 7 * n);
    const pos = randoms(n, 0.01, 5, 7 * n + 1);
    assert.deepEqual(unary("vecSqrt", pos), [...Array.from(pos, (v) => Math.fround(Math.sqrt(v))), 0]);
    assert.deepEqual(unary("vecAbs", x), [...Array.from(x, Math.abs), 0]);
    assert.deepEqual(unary("vecClamp", x, -0.5, 1), [...Array.from(x, (v) => Math.min(Math.max(v, -0.5), 1)), 0]);
    assert.deepEqual(unary("vecClamp", x, 2, -1), [...Array.from(x, () => -1), 0], "min > max gives max");
    assertClose(unary("vecPowScalar", pos, 2.5), [...Array.from(pos, (v) => v ** 2.5), 0], { rtol: 1.2e-7, atol: 0, msg: `pow n=${n}` });
  }
  const edge = [NaN, 0, -0, Infinity, -Infinity];
  assert.deepEqual(unary("vecClamp", edge, -1, 1), [NaN, 0, -0, 1, -1, 0]);
  assert.deepEqual(unary("vecAbs", edge), [NaN, 0, 0, Infinity, Infinity, 0]);
});

test("abs and clamp gradients: zero at 0 and NaN for abs, outside [min, max] and at NaN for clamp", () => {
  for (const n of ODD) {
    const x = randoms(n, -2, 2, 11 * n);
    x[0] = 0;
    if (n > 1) x[1] = NaN;
    const g = randoms(n, -3, 3, 11 * n + 1);
    reset();
    let out = alloc(n + 1);
    k.absBackward(put(x), put(g), out, n);
    assert.deepEqual(Array.from(get(out, n + 1)), [...Array.from(x, (v, i) => (v > 0 ? g[i] : v < 0 ? -g[i] : g[i] * 0)), 0]);
    out = alloc(n + 1);
    k.clampBackward(put(x), put(g), out, -0.5, 1, n);
    assert.deepEqual(Array.from(get(out, n + 1)), [...Array.from(x, (v, i) => (v >= -0.5 && v <= 1 ? g[i] : 0)), 0]);
  }
});
