import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { wt } from "../helpers.mjs";

const sha = (...chunks) => chunks.reduce((h, c) => h.update(c), createHash("sha256")).digest("hex");

function header(bytes) {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return { json: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))), dataStart: 8 + n };
}

// The checksums are checked through the public encoder: the recorded digests
// must equal node:crypto's SHA-256 of the tensor bytes and of the canonical
// header, for sizes around the 64-byte block and 56-byte padding boundaries.
test("the checksums are standard SHA-256 at every padding boundary", () => {
  for (const n of [0, 1, 13, 14, 15, 16, 17, 29, 30, 64, 1000]) {
    const data = new Float32Array(n).map((_, i) => i * 0.37 - 1);
    const bytes = wt.io.encodeSafetensors({ t: { dtype: "F32", shape: [n], data } }, {}, { checksum: true });
    const meta = header(bytes).json.__metadata__;
    const tensors = JSON.stringify({ t: sha(new Uint8Array(data.buffer)) });
    assert.equal(meta["wasmtune.sha256.tensors"], tensors, `n=${n}`);
    const canonical = JSON.stringify({ __metadata__: { "wasmtune.sha256.tensors": tensors }, t: { dtype: "F32", shape: [n], data_offsets: [0, 4 * n] } });
    assert.equal(meta["wasmtune.sha256.header"], sha(canonical), `n=${n}`);
  }
});

test("files with the earlier single whole-file digest still verify", () => {
  const data = Float32Array.of(1, 2, 3);
  const entry = { dtype: "F32", shape: [3], data_offsets: [0, 12] };
  const digest = sha(JSON.stringify({ __metadata__: { k: "v" }, w: entry }), new Uint8Array(data.buffer));
  const json = new TextEncoder().encode(JSON.stringify({ __metadata__: { k: "v", "wasmtune.sha256": digest }, w: entry }));
  const file = new Uint8Array(8 + json.length + 12);
  new DataView(file.buffer).setBigUint64(0, BigInt(json.length), true);
  file.set(json, 8);
  file.set(new Uint8Array(data.buffer), 8 + json.length);
  const f = wt.io.decodeSafetensors(file);
  assert.deepEqual(f.metadata, { k: "v" });
  assert.deepEqual(Array.from(f.tensors.w.data), [1, 2, 3]);
  file[file.length - 1] ^= 1;
  assert.throws(() => wt.io.decodeSafetensors(file), /checksum mismatch for the file: .*\(the file is corrupted\)/);
});
