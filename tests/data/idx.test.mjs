import { test } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { wt } from "../helpers.mjs";
const { data } = wt;

// Encode an IDX file by the format's definition: 0, 0, type, ndim, big-endian dims, big-endian values.
function idx(type, shape, values) {
  const width = { 8: 1, 9: 1, 11: 2, 12: 4, 13: 4, 14: 8 }[type];
  const buf = Buffer.alloc(4 + 4 * shape.length + values.length * width);
  buf[2] = type;
  buf[3] = shape.length;
  shape.forEach((d, i) => buf.writeUInt32BE(d, 4 + 4 * i));
  const at = 4 + 4 * shape.length;
  const write = { 8: "writeUInt8", 9: "writeInt8", 11: "writeInt16BE", 12: "writeInt32BE", 13: "writeFloatBE", 14: "writeDoubleBE" }[type];
  values.forEach((v, i) => buf[write](v, at + i * width));
  return buf;
}

test("readIdx decodes images and labels, gzipped or not", async () => {
  const pixels = Array.from({ length: 3 * 4 * 5 }, (_, i) => (i * 37) % 256);
  for (const bytes of [idx(8, [3, 4, 5], pixels), gzipSync(idx(8, [3, 4, 5], pixels))]) {
    const img = await data.readIdx(new Uint8Array(bytes));
    assert.deepEqual(img.shape, [3, 4, 5]);
    assert.ok(img.data instanceof Uint8Array);
    assert.deepEqual(Array.from(img.data), pixels);
  }
  const labels = await data.readIdx(gzipSync(idx(8, [4], [9, 0, 3, 7])));
  assert.deepEqual(Array.from(labels.data), [9, 0, 3, 7]);
});

test("readIdx decodes every element type big-endian", async () => {
  const cases = [[9, [-5, 7], Int8Array], [11, [-300, 1234], Int16Array], [12, [-70000, 123456789], Int32Array], [13, [1.5, -2.25], Float32Array], [14, [Math.PI, -1e300], Float64Array]];
  for (const [type, values, ctor] of cases) {
    const r = await data.readIdx(idx(type, [2], values));
    assert.ok(r.data instanceof ctor);
    assert.deepEqual(Array.from(r.data), values);
  }
});

test("loadIdx reads a gzipped file from disk; corrupt files are refused", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wasmtune-idx-"));
  const file = join(dir, "t10k-labels-idx1-ubyte.gz");
  writeFileSync(file, gzipSync(idx(8, [3], [1, 2, 3])));
  assert.deepEqual(Array.from((await data.loadIdx(file)).data), [1, 2, 3]);
  await assert.rejects(data.readIdx(new Uint8Array([1, 2, 3, 4])), /not an IDX file/);
  await assert.rejects(data.readIdx(idx(8, [3], [1, 2, 3]).subarray(0, 9)), /needs 11 bytes, got 9/);
});

test("loadMnist reads the four MNIST-format files as [N, H*W] floats in [0, 1] and int32 labels", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wasmtune-mnist-"));
  const images = { train: Array.from({ length: 2 * 3 * 2 }, (_, i) => i * 20), t10k: [255, 0, 51, 102, 0, 0] };
  const labels = { train: [4, 9], t10k: [1] };
  for (const part of ["train", "t10k"]) {
    writeFileSync(join(dir, `${part}-images-idx3-ubyte.gz`), gzipSync(idx(8, [labels[part].length, 3, 2], images[part])));
    writeFileSync(join(dir, `${part}-labels-idx1-ubyte.gz`), gzipSync(idx(8, [labels[part].length], labels[part])));
  }
  const { train, test } = await data.loadMnist(dir);
  assert.deepEqual(train.x.shape, [2, 6]);
  assert.deepEqual(Array.from(train.x.data), images.train.map((v) => Math.fround(v / 255)));
  assert.deepEqual(Array.from(train.y), [4, 9]);
  assert.ok(test.y instanceof Int32Array);
  assert.deepEqual(Array.from(test.x.data), [1, 0, 0.2, 0.4, 0, 0].map(Math.fround));
  assert.throws(() => data.imageSet({ data: new Uint8Array(4), shape: [2, 2] }, { data: new Uint8Array(3), shape: [3] }), /2 images but labels of shape \[3\]/);
});
