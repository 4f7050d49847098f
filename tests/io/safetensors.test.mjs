import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { wt, fixture } from "../helpers.mjs";
const { io } = wt;

const torchFile = () => new Uint8Array(readFileSync(new URL("../fixtures/io/torch_model.safetensors", import.meta.url)));
const ref = fixture("io/torch_model.json");

test("a file written from a torch state_dict decodes with torch's names, dtypes and values", () => {
  const f = io.decodeSafetensors(torchFile());
  assert.deepEqual(Object.keys(f.tensors).sort(), Object.keys(ref.tensors).sort());
  assert.deepEqual(f.metadata, ref.metadata);
  for (const [name, e] of Object.entries(ref.tensors)) {
    const t = f.tensors[name];
    assert.equal(t.dtype, e.dtype, name);
    assert.deepEqual(t.shape, e.shape, name);
    const got = Array.from(t.data, Number);
    // torch's float32 values went through JSON as doubles: compare at float32 precision, bit-exactly.
    assert.deepEqual(got, e.values.map((v) => (e.dtype === "F32" ? Math.fround(v) : v)), name);
  }
  assert.equal(f.tensors["1.num_batches_tracked"].data[0], 3n);
});

test("re-encoding writes exactly the bytes that torch loaded with strict=True at fixture time", () => {
  const f = io.decodeSafetensors(torchFile());
  const bytes = io.encodeSafetensors(f.tensors, { producer: "wasmtune" });
  assert.equal(createHash("sha256").update(bytes).digest("hex"), ref.from_wasmtune_sha256);
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal(n % 8, 0, "header is padded to 8 bytes");
  assert.equal(bytes[8 + n - 1] === 0x20 || bytes[8 + n - 1] === 0x7d, true);
});

test("state dicts convert I64 to int32 and back to I64", () => {
  const f = io.decodeSafetensors(torchFile());
  const sd = io.safetensorsToStateDict(f.tensors);
  assert.equal(sd["1.num_batches_tracked"].dtype, "int32");
  assert.deepEqual(sd["1.num_batches_tracked"].shape, []);
  const back = io.stateDictToSafetensors(sd);
  assert.equal(back["1.num_batches_tracked"].dtype, "I64");
  assert.deepEqual(Array.from(back["0.weight"].data), Array.from(f.tensors["0.weight"].data));
  const big = { x: { dtype: "I64", shape: [1], data: BigInt64Array.of(2n ** 40n) } };
  assert.throws(() => io.safetensorsToStateDict(big), /"x" \[1\] holds 1099511627776, outside the 32-bit integer range/);
});

test("round trip of F32, I32, I64, scalars and empty tensors with metadata", () => {
  const tensors = {
    a: { dtype: "F32", shape: [2, 3], data: Float32Array.of(1, -2, 3.5, NaN, -0, Infinity) },
    b: { dtype: "I32", shape: [], data: Int32Array.of(-7) },
    c: { dtype: "I64", shape: [3], data: BigInt64Array.of(1n, -2n, 3n) },
    e: { dtype: "F32", shape: [0, 4], data: new Float32Array(0) },
  };
  const bytes = io.encodeSafetensors(tensors, { note: "hi" });
  const f = io.decodeSafetensors(bytes);
  assert.deepEqual(f.metadata, { note: "hi" });
  for (const k of Object.keys(tensors)) {
    assert.equal(f.tensors[k].dtype, tensors[k].dtype);
    assert.deepEqual(f.tensors[k].shape, tensors[k].shape);
    assert.deepEqual(Array.from(f.tensors[k].data), Array.from(tensors[k].data));
  }
  assert.ok(Object.is(f.tensors.a.data[4], -0));
});

test("the writer refuses inconsistent tensors", () => {
  assert.throws(() => io.encodeSafetensors({ a: { dtype: "F32", shape: [2, 2], data: new Float32Array(3) } }), /"a" has 3 values for shape \[2, 2\]/);
  assert.throws(() => io.encodeSafetensors({ a: { dtype: "I32", shape: [1], data: new Float32Array(1) } }), /"a" is I32 but its data is a Float32Array/);
  assert.throws(() => io.encodeSafetensors({ a: { dtype: "F16", shape: [1], data: new Float32Array(1) } }), /unsupported safetensors dtype F16/);
});

function withHeader(header, dataBytes) {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

test("truncated and malformed files are refused with the reason", () => {
  const good = torchFile();
  assert.throws(() => io.decodeSafetensors(good.subarray(0, 5)), /5 bytes long, shorter than the 8-byte header length/);
  assert.throws(() => io.decodeSafetensors(good.subarray(0, 100)), /the header needs \d+ bytes but only 92 follow the length field \(truncated file\?\)/);
  assert.throws(() => io.decodeSafetensors(good.subarray(0, good.length - 1)), /describes 228 bytes of tensor data but only 227 are present \(truncated file\?\)/);
  const longer = new Uint8Array(good.length + 4);
  longer.set(good);
  assert.throws(() => io.decodeSafetensors(longer), /4 unexpected bytes follow the tensor data/);
  const huge = good.slice();
  huge[7] = 0xff;
  assert.throws(() => io.decodeSafetensors(huge), /larger than the 100000000-byte limit/);
  const badJson = good.slice();
  badJson[8] = 0x5b; // '[' instead of '{'
  assert.throws(() => io.decodeSafetensors(badJson), /not valid UTF-8 JSON|not a JSON object/);
  assert.throws(() => io.decodeSafetensors(withHeader({ a: { dtype: "F64", shape: [1], data_offsets: [0, 8] } }, 8)), /"a" has dtype "F64"; supported: F32, I32, I64/);
  assert.throws(() => io.decodeSafetensors(withHeader({ a: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }, 8)), /"a" spans 8 bytes but F32 \[3\] needs 12/);
  assert.throws(() => io.decodeSafetensors(withHeader({ a: { dtype: "F32", shape: [-1], data_offsets: [0, 4] } }, 4)), /"a" has an invalid shape \[-1\]/);
  assert.throws(
    () => io.decodeSafetensors(withHeader({ a: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, b: { dtype: "F32", shape: [1], data_offsets: [4, 8] } }, 8)),
    /"b" starts at byte 4 of the data, expected 8|"a" starts at byte 0/,
  );
  assert.throws(() => io.decodeSafetensors(withHeader({ __metadata__: { a: 1 } }, 0)), /__metadata__\["a"\] is not a string/);
});

test("with a checksum, any flipped byte in the header or the data is detected, naming the tensor", () => {
  const tensors = { w: { dtype: "F32", shape: [4], data: Float32Array.of(1, 2, 3, 4) }, b: { dtype: "F32", shape: [2], data: Float32Array.of(5, 6) } };
  const bytes = io.encodeSafetensors(tensors, { k: "v" }, { checksum: true });
  // The checksum keys are consumed by the decoder: decoded metadata re-encodes cleanly.
  assert.deepEqual(io.decodeSafetensors(bytes).metadata, { k: "v" });
  const dataFlip = bytes.slice();
  dataFlip[dataFlip.length - 2] ^= 0x01;
  assert.throws(() => io.decodeSafetensors(dataFlip), /checksum mismatch for tensor "b": the contents hash to sha256 [0-9a-f]{64} but the file records [0-9a-f]{64} \(the file is corrupted\)/);
  const firstFlip = bytes.slice();
  firstFlip[bytes.length - 8 - 16 + 3] ^= 0x80;
  assert.throws(() => io.decodeSafetensors(firstFlip), /checksum mismatch for tensor "w"/);
  const metaFlip = bytes.slice();
  metaFlip[metaFlip.indexOf(0x76, 8)] = 0x77; // "v" -> "w" in the metadata value
  assert.throws(() => io.decodeSafetensors(metaFlip), /checksum mismatch for the header/);
  assert.throws(() => io.encodeSafetensors(tensors, { "wasmtune.sha256.header": "x" }), /"wasmtune\.sha256\.header" is reserved/);
});
