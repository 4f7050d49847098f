import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { wt, fixture, assertClose } from "../helpers.mjs";
const { Tensor, nn, io } = wt;

const ref = fixture("io/torch_model.json");
const torchBytes = () => new Uint8Array(readFileSync(new URL("../fixtures/io/torch_model.safetensors", import.meta.url)));
const make = () => new nn.Sequential(new nn.Linear(5, 4), new nn.BatchNorm1d(4), new nn.ReLU(), new nn.Linear(4, 3));

test("a torch state_dict file loads into the same architecture and gives torch's eval outputs", () => {
  const model = make();
  io.loadModel(model, torchBytes());
  model.eval();
  const x = Tensor.from(ref.x);
  assertClose(model.forward(x).toArray(), ref.eval_output, { rtol: 1e-5, atol: 1e-6 });
  assert.deepEqual(Array.from(model.stateDict()["1.num_batches_tracked"].data), [3]);
  x.dispose();
});

test("saveModel writes PyTorch's names and dtypes, and round-trips", () => {
  const model = make();
  io.loadModel(model, torchBytes());
  const f = io.decodeSafetensors(io.saveModel(model, { note: "x" }));
  assert.deepEqual(Object.keys(f.tensors).sort(), Object.keys(ref.tensors).sort());
  for (const [k, e] of Object.entries(ref.tensors)) assert.equal(f.tensors[k].dtype, e.dtype, k);
  const again = make();
  assert.deepEqual(io.loadModel(again, io.saveModel(model, { note: "x" })), { note: "x" });
  assert.deepEqual(again.stateDict(), model.stateDict());
});

test("a file for another architecture is refused and the model left untouched", () => {
  const model = new nn.Sequential(new nn.Linear(5, 4), new nn.BatchNorm1d(4), new nn.ReLU(), new nn.Linear(4, 2));
  const before = model.stateDict();
  assert.throws(() => io.loadModel(model, torchBytes()), /size mismatch for 3\.weight: copying a param with shape \[3, 4\] from checkpoint, the shape in current model is \[2, 4\]\./);
  assert.deepEqual(model.stateDict(), before);
});
