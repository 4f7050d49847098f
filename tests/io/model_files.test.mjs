// Model files as they arrive in practice: Node Buffers and views into larger
// buffers, checksummed by default, loaded strictly or not as PyTorch does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { wt } from "../helpers.mjs";
const { nn, io, train, data } = wt;

const torchPath = new URL("../fixtures/io/torch_model.safetensors", import.meta.url);
const make = () => new nn.Sequential(new nn.Linear(5, 4), new nn.BatchNorm1d(4), new nn.ReLU(), new nn.Linear(4, 3));

/** The same bytes as a Node Buffer from the shared pool and as views at odd offsets into larger buffers. */
function views(bytes) {
  const out = { "pooled Buffer": Buffer.from(bytes) };
  for (const at of [1, 3, 8]) {
    const big = new Uint8Array(bytes.length + at + 5).fill(0xee);
    big.set(bytes, at);
    out[`subarray at offset ${at}`] = big.subarray(at, at + bytes.length);
    out[`Buffer at offset ${at}`] = Buffer.from(big.buffer, at, bytes.length);
  }
  out.ArrayBuffer = bytes.slice().buffer;
  return out;
}

test("loadModel accepts readFileSync's Buffer and any Uint8Array view", () => {
  const reference = make();
  io.loadModel(reference, new Uint8Array(readFileSync(torchPath)));
  const model = make();
  io.loadModel(model, readFileSync(torchPath));
  assert.deepEqual(model.stateDict(), reference.stateDict());
  const ours = io.saveModel(reference, { note: "x" });
  for (const [what, bytes] of Object.entries(views(ours))) {
    const m = make();
    assert.deepEqual(io.loadModel(m, bytes), { note: "x" }, what);
    assert.deepEqual(m.stateDict(), reference.stateDict(), what);
    assert.deepEqual(Object.keys(io.decodeSafetensors(bytes).tensors), Object.keys(io.decodeSafetensors(ours).tensors), what);
  }
});

test("loadCheckpoint, fit({ resume }) and readIdx accept Buffers and offset views", async () => {
  const x = { data: Float32Array.from({ length: 24 }, (_, i) => Math.sin(i)), shape: [8, 3] };
  const y = Float32Array.from({ length: 8 }, (_, i) => i % 2);
  const saved = [];
  const opts = { loss: new nn.BCEWithLogitsLoss(), train: { x, y }, batchSize: 4, callbacks: [new train.ModelCheckpoint({ save: (b) => void saved.push(b) })] };
  const m1 = new nn.Sequential(new nn.Linear(3, 1));
  await train.fit(m1, { ...opts, optimizer: new wt.optim.SGD(m1.parameters(), { lr: 0.1 }), epochs: 1 });
  const checkpoint = saved.at(-1);
  for (const [what, bytes] of Object.entries(views(checkpoint))) {
    const m = new nn.Sequential(new nn.Linear(3, 1));
    const info = train.loadCheckpoint(bytes, { model: m });
    assert.equal(info.epoch, 1, what);
    assert.deepEqual(m.stateDict(), m1.stateDict(), what);
    const m2 = new nn.Sequential(new nn.Linear(3, 1));
    const h = await train.fit(m2, { ...opts, optimizer: new wt.optim.SGD(m2.parameters(), { lr: 0.1 }), epochs: 1, resume: bytes, callbacks: [] });
    assert.equal(h.epochs.length, 1, what);
    assert.deepEqual(m2.stateDict(), m1.stateDict(), what);
  }
  const idx = Uint8Array.of(0, 0, 0x0d, 1, 0, 0, 0, 2, 0x3f, 0x80, 0, 0, 0xc0, 0, 0, 0);
  for (const [what, bytes] of Object.entries(views(idx))) {
    const a = await data.readIdx(bytes);
    assert.deepEqual([Array.from(a.data), a.shape], [[1, -2], [2]], what);
  }
});

test("model files carry checksums: a tampered tensor byte is refused naming the tensor, the model untouched", () => {
  const source = make();
  const bytes = io.saveModel(source);
  const meta = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + Number(new DataView(bytes.buffer).getBigUint64(0, true))))).__metadata__;
  assert.match(meta["wasmtune.sha256.header"], /^[0-9a-f]{64}$/);
  assert.deepEqual(Object.keys(JSON.parse(meta["wasmtune.sha256.tensors"])).sort(), Object.keys(source.stateDict()).sort());
  // The last 12 bytes are 3.bias (F32 [3]).
  const tampered = bytes.slice();
  tampered[bytes.length - 5] ^= 0x01;
  const target = make();
  const before = target.stateDict();
  assert.throws(() => io.loadModel(target, tampered), /invalid safetensors file: checksum mismatch for tensor "3\.bias": .*\(the file is corrupted\)/);
  assert.deepEqual(target.stateDict(), before);
  // Without checksums (as PyTorch's safetensors writes them) the same bytes load unchecked.
  const plain = io.saveModel(source, {}, { checksum: false });
  assert.equal(new TextDecoder().decode(plain).includes("wasmtune.sha256"), false);
  const loaded = make();
  io.loadModel(loaded, plain);
  assert.deepEqual(loaded.stateDict(), source.stateDict());
  assert.throws(() => io.saveModel(source, {}, { checksums: true }), /saveModel: unknown option 'checksums' — did you mean 'checksum'\?/);
});

test("non-strict loading reports the keys it skipped; strict refusals read like PyTorch's and change nothing", () => {
  const source = new nn.Sequential(new nn.Linear(5, 4), new nn.BatchNorm1d(4));
  const bytes = io.saveModel(source);
  const target = make();
  const before = target.stateDict();
  assert.throws(() => io.loadModel(target, bytes), (e) => e.message === [
    "Error(s) in loading state_dict for Sequential:",
    '\tMissing key(s) in state_dict: "3.weight", "3.bias". ',
  ].join("\n"));
  assert.deepEqual(target.stateDict(), before);
  io.loadModel(target, bytes, { strict: false });
  assert.deepEqual(target.stateDict()["0.weight"], source.stateDict()["0.weight"]);
  assert.deepEqual(target.stateDict()["3.weight"], before["3.weight"]);

  const m = make();
  const sd = { ...source.stateDict(), "9.weight": { shape: [1], dtype: "float32", data: Float32Array.of(1) } };
  assert.deepEqual(m.loadStateDict(sd, { strict: false }), { missingKeys: ["3.weight", "3.bias"], unexpectedKeys: ["9.weight"] });
  assert.deepEqual(m.loadStateDict(m.stateDict()), { missingKeys: [], unexpectedKeys: [] });
  assert.deepEqual(m.loadStateDict(sd, false).unexpectedKeys, ["9.weight"]);
  assert.throws(() => m.loadStateDict(sd, { strict: true }), /Unexpected key\(s\) in state_dict: "9\.weight"\./);
  assert.throws(() => m.loadStateDict(sd, { strict: "no" }), /^TypeError: loadStateDict: strict must be true or false, got "no"$/);
  assert.throws(() => m.loadStateDict(sd, { Strict: false }), /loadStateDict: unknown option 'Strict' — did you mean 'strict'\?/);
});

test("shape mismatches are refused even when not strict, naming both shapes; malformed entries are refused before any write", () => {
  const m = make();
  const before = m.stateDict();
  const sd = m.stateDict();
  sd["0.bias"] = { shape: [4], dtype: "float32", data: Float32Array.of(1, 2, 3, 4) };
  sd["3.weight"] = { shape: [3, 5], dtype: "float32", data: new Float32Array(15) };
  assert.throws(() => m.loadStateDict(sd, { strict: false }), /size mismatch for 3\.weight: copying a param with shape \[3, 5\] from checkpoint, the shape in current model is \[3, 4\]\./);
  assert.deepEqual(m.stateDict(), before, "0.bias, which was fine, was not written either");
  for (const bad of [null, 5, { shape: [3], data: BigInt64Array.of(1n, 2n, 3n) }, { shape: [3], data: ["a", "b", "c"] }, { shape: "3", data: [1, 2, 3] }]) {
    const s2 = { ...m.stateDict(), "0.bias": { shape: [4], dtype: "float32", data: Float32Array.of(9, 9, 9, 9) }, "3.bias": bad };
    assert.throws(() => m.loadStateDict(s2), /While copying the parameter named "3\.bias", expected a tensor/);
    assert.deepEqual(m.stateDict(), before);
  }
});
