// Model and checkpoint files may come from strangers. 10,000 mutations of
// valid files (see mutate.mjs): every load must end in a clear error that
// leaves the model (and optimizer, scheduler, generator, callback) exactly as
// it was, or in a correct load — never an engine exception (RangeError,
// "Cannot read properties of null"), a hang or an allocation beyond the
// file's size.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { wt } from "../helpers.mjs";
import { Rng, deep, join, mutateBytes, mutateHeader, split } from "./mutate.mjs";
import { Problems, memoryGuard, refusal } from "./oracle.mjs";
const { nn, optim, io, train, Generator, manualSeed } = wt;

const makeModel = () => new nn.Sequential(new nn.Linear(4, 3), new nn.BatchNorm1d(3), new nn.ReLU(), new nn.Linear(3, 2));
const torchShaped = () => new nn.Sequential(new nn.Linear(5, 4), new nn.BatchNorm1d(4), new nn.ReLU(), new nn.Linear(4, 3));
const snapshot = (m) => Buffer.concat(Object.values(m.stateDict()).map((t) => Buffer.from(t.data.buffer))).toString("base64");

/** Mutants of the seeds; every other one arrives as a Node Buffer (a view into a shared pool), as readFileSync gives them. */
function mutants(rng, seeds, count, options) {
  return Array.from({ length: count }, (_, i) => {
    const seed = rng.pick(seeds);
    const bytes = rng.chance(0.5) ? mutateBytes(rng, seed) : mutateHeader(rng, seed, options);
    return i % 2 ? Buffer.from(bytes) : bytes;
  });
}

/** A loaded model must hold what the file holds, converted as PyTorch's copy_ converts (an I32 tensor into a float parameter, say). */
function assertHolds(model, tensors, prefix, what) {
  for (const [k, t] of Object.entries(model.stateDict())) {
    const saved = tensors[prefix + k];
    if (saved === undefined) continue;
    assert.deepEqual(Array.from(t.data), Array.from(saved.data, t.dtype === "float32" ? (v) => Math.fround(Number(v)) : Number), `${what}: ${k}`);
  }
}

/**
 * Load every mutant with `load(bytes, i)`. A refusal must be clear and leave
 * `stateOf()` unchanged; a success must pass `verify(bytes)`, after which
 * `reset()` gives a fresh target that differs from the file again.
 */
function fuzz(name, list, { load, stateOf, verify, reset }) {
  const problems = new Problems();
  const guard = memoryGuard();
  const tally = { refused: 0, loaded: 0 };
  for (const [i, bytes] of list.entries()) {
    const what = `${name} mutant ${i}`;
    const before = stateOf();
    problems.check(what, () => {
      try {
        load(bytes, i);
      } catch (e) {
        refusal(e, what);
        assert.equal(stateOf(), before, `${what}: refused (${e.message}) but the state changed`);
        tally.refused++;
        return;
      }
      verify(bytes, what);
      tally.loaded++;
      reset();
    });
    if (i % 250 === 0) guard(what);
  }
  problems.assertNone();
  return tally;
}

test("5,000 mutated model files: a clear error with the model unchanged, or a correct load", { timeout: 120_000 }, () => {
  const rng = new Rng(2024);
  manualSeed(1);
  const source = makeModel();
  const seeds = [io.saveModel(source), io.saveModel(source, { note: "n" }, { checksum: false }), new Uint8Array(readFileSync(new URL("../fixtures/io/torch_model.safetensors", import.meta.url)))];
  // Targets initialised differently from every seed file, one per architecture.
  manualSeed(2);
  const targets = [makeModel(), torchShaped()];
  let target = targets[0];
  const tally = fuzz("model", mutants(rng, seeds, 5000), {
    load: (bytes, i) => {
      target = targets[i % 2];
      io.loadModel(target, bytes, { strict: i % 3 !== 0 });
    },
    stateOf: () => targets.map(snapshot).join(),
    verify: (bytes, what) => assertHolds(target, io.decodeSafetensors(bytes).tensors, "", what),
    reset: () => {
      manualSeed(2);
      targets.splice(0, 2, makeModel(), torchShaped());
    },
  });
  assert.ok(tally.refused > 4000 && tally.loaded > 0, JSON.stringify(tally));
});

test("5,000 mutated checkpoints: a clear error with every part unchanged, or a correct load", { timeout: 120_000 }, () => {
  const rng = new Rng(7);
  manualSeed(1);
  const source = makeModel();
  const opt = new optim.Adam(source.parameters(), { lr: 0.01 });
  for (const p of source.parameters()) p.grad.data.fill(0.25);
  opt.step();
  const sched = new optim.lrScheduler.StepLR(opt, { stepSize: 2 });
  sched.step();
  const stop = new train.EarlyStopping({ monitor: "loss", patience: 3 });
  const history = { epochs: [0, 1], metrics: { loss: [1, NaN] }, lr: [0.01, 0.01] };
  const seeds = [train.saveCheckpoint({ model: source, optimizer: opt, scheduler: sched, generators: { default: new Generator(7) }, extras: { stop } }, { epoch: 2, history })];
  const fresh = () => {
    manualSeed(2);
    const model = makeModel();
    const optimizer = new optim.Adam(model.parameters(), { lr: 0.5 });
    return { model, optimizer, scheduler: new optim.lrScheduler.StepLR(optimizer, { stepSize: 5 }), generators: { default: new Generator(3) }, extras: { stop: new train.EarlyStopping({ monitor: "loss" }) } };
  };
  let parts = fresh();
  const tally = fuzz("checkpoint", mutants(rng, seeds, 5000, { checkpointKey: "wasmtune.checkpoint" }), {
    load: (bytes) => {
      const info = train.loadCheckpoint(bytes, parts);
      assert.ok(Number.isSafeInteger(info.epoch) && info.epoch >= 0, `epoch ${info.epoch}`);
    },
    stateOf: () => {
      const p = parts;
      const plain = (_, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v);
      return JSON.stringify([snapshot(p.model), p.optimizer.stateDict(), p.scheduler.stateDict(), p.generators.default.getState(), p.extras.stop.stateDict()], plain);
    },
    verify: (bytes, what) => assertHolds(parts.model, io.decodeSafetensors(bytes).tensors, "model.", what),
    reset: () => {
      parts.model.dispose();
      parts.optimizer.dispose();
      parts = fresh();
    },
  });
  assert.ok(tally.refused > 4000 && tally.loaded > 0, JSON.stringify(tally));
});

test("pathological headers are refused quickly: 100,000-deep JSON, a huge header length, offsets far past the end", () => {
  const model = makeModel();
  const before = snapshot(model);
  const { header, data } = split(io.saveModel(model));
  const cases = [
    [join(deep(100_000), data), /the header is not a JSON object/],
    [join(header, data, 2n ** 63n), /header length 9223372036854775808 is larger than the 100000000-byte limit/],
    [join({ ...header, "3.bias": { ...header["3.bias"], data_offsets: [0, 2 ** 40] } }, data), /"3\.bias" spans 1099511627776 bytes but F32 \[2\] needs 8/],
    [join({ a: { dtype: "F32", shape: [2 ** 28], data_offsets: [0, 2 ** 30] } }, data), /the header describes 1073741824 bytes of tensor data but only \d+ are present/],
  ];
  for (const [bytes, re] of cases) {
    assert.throws(() => io.loadModel(model, bytes), re);
    assert.throws(() => train.loadCheckpoint(bytes, { model }), re);
  }
  assert.equal(snapshot(model), before);
  // Fields a tensor entry does not need are ignored, however deep.
  const extra = join(JSON.stringify({ ...header, "0.weight": { ...header["0.weight"], x: "@" } }).replace('"@"', deep(100_000)), data);
  io.loadModel(model, extra);
  assert.equal(snapshot(model), before);
});
