// stridedCopy against an index-by-index copy in plain JS, on odd shapes with
// gathering (strided source) and scattering (strided destination) layouts,
// and the host's simplifications (merged dimensions, transpose fast path)
// against the same reference.
import { test } from "node:test";
import assert from "node:assert/strict";
import { alloc, get, k, put, randoms, reset } from "./harness.mjs";
import { wt } from "../helpers.mjs";
import { copyStrided } from "../../dist/autograd/ops/strided.js";
import { STRIDED_SHAPE, writeStridedShape } from "../../dist/kernels/strided.js";

/** Room for a stridedShape of `nd` dimensions, written with the declared layout. */
function describe(sizes, srcStrides, dstStrides) {
  const nd = sizes.length;
  const desc = alloc(STRIDED_SHAPE.arrays * nd);
  writeStridedShape(new Int32Array(k.memory.buffer), desc >>> 2, nd, { sizes, srcStrides, dstStrides });
  return desc;
}

/** Every index of `shape` in row-major order. */
function* indices(shape) {
  const n = shape.reduce((a, d) => a * d, 1);
  for (let flat = 0; flat < n; flat++) {
    const idx = new Array(shape.length);
    let r = flat;
    for (let i = shape.length - 1; i >= 0; i--) {
      idx[i] = r % shape[i];
      r = Math.floor(r / shape[i]);
    }
    yield idx;
  }
}

const dot = (idx, st) => idx.reduce((a, v, i) => a + v * st[i], 0);
const extent = (shape, st) => dot(shape.map((d) => d - 1), st) + 1;

/** Random distinct layouts: a permutation of contiguous strides, some dimensions spaced out. */
function layouts(shape, seed) {
  const perm = shape.map((_, i) => i);
  let s = seed;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  for (let i = perm.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const st = new Array(shape.length);
  let size = 1;
  for (let i = perm.length - 1; i >= 0; i--) {
    st[perm[i]] = size;
    size *= shape[perm[i]] * (next() < 0.3 ? 2 : 1);
  }
  return st;
}

const SHAPES = [[1], [5], [17], [3, 5], [5, 1, 7], [3, 5, 7], [2, 3, 5, 7], [1, 4, 1, 3], [37, 3]];

test("stridedCopy moves every element of odd shapes between arbitrary layouts", () => {
  let seed = 7;
  for (const shape of SHAPES) {
    for (let trial = 0; trial < 4; trial++) {
      reset();
      const ss = layouts(shape, seed++);
      const ds = layouts(shape, seed++);
      const srcVals = randoms(extent(shape, ss), -3, 3, seed);
      const src = put(srcVals);
      const dstLen = extent(shape, ds);
      const dst = put(new Float32Array(dstLen).fill(99));
      const nd = shape.length;
      k.stridedCopy(src, dst, nd, describe(shape, ss, ds));
      const got = get(dst, dstLen);
      const want = new Float32Array(dstLen).fill(99);
      for (const idx of indices(shape)) want[dot(idx, ds)] = srcVals[dot(idx, ss)];
      assert.deepEqual(got, want, `shape [${shape}] src strides [${ss}] dst strides [${ds}]`);
    }
  }
});

test("copyStrided (merged dimensions, transpose fast path) matches the reference", () => {
  const { Tensor } = wt;
  let seed = 99;
  const cases = [];
  for (const shape of SHAPES) for (let t = 0; t < 4; t++) cases.push([shape, layouts(shape, seed++), layouts(shape, seed++)]);
  // Exactly the transposes the fast path takes: [b, r, c] <-> [b, c, r], r and c odd and even.
  for (const [b, r, c] of [[1, 5, 7], [3, 4, 8], [2, 17, 3], [1, 1, 9]]) {
    cases.push([[b, r, c], [r * c, 1, r], [r * c, c, 1]]);
    cases.push([[b, r, c], [r * c, c, 1], [r * c, 1, r]]);
  }
  for (const [shape, ss, ds] of cases) {
    const srcVals = Float32Array.from({ length: extent(shape, ss) }, (_, i) => i * 0.5 - 3);
    const src = Tensor.from(srcVals);
    const dst = Tensor.full([extent(shape, ds)], -1);
    copyStrided(src.ptr, dst.ptr, shape, ss, ds);
    const want = new Float32Array(dst.size).fill(-1);
    for (const idx of indices(shape)) want[dot(idx, ds)] = srcVals[dot(idx, ss)];
    assert.deepEqual(dst.toFloat32Array(), want, `shape [${shape}] src strides [${ss}] dst strides [${ds}]`);
    src.dispose();
    dst.dispose();
  }
});

test("stridedCopy copies bit patterns (NaN payloads, int32) unchanged, contiguous or strided", () => {
  const words = [0x7fc00001, 0xffffffff, 1, 0x80000000, 0x7f800000];
  for (const dstStride of [1, 2]) {
    reset();
    const src = alloc(5);
    new Uint32Array(k.memory.buffer, src, 5).set(words);
    const dst = alloc(5 * dstStride);
    k.stridedCopy(src, dst, 1, describe([5], [1], [dstStride]));
    const got = Array.from(new Uint32Array(k.memory.buffer, dst, 5 * dstStride)).filter((_, i) => i % dstStride === 0);
    assert.deepEqual(got, words, `destination stride ${dstStride}`);
  }
});
