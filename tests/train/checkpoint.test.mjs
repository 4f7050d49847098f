import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { Tensor, Generator, nn, train } = wt;

// A minimal module with a weight, a bias and an int32 buffer; checkpoints only
// need the Module state-dict machinery.
class Toy extends nn.Module {
  constructor(values) {
    super();
    this.registerParameter("weight", new nn.Parameter(Tensor.from(values, [2, 2])));
    this.registerParameter("bias", new nn.Parameter(Tensor.from([0.5, -0.5])));
    this.registerBuffer("count", Tensor.from([7], [], "int32"));
  }
  forward(x) {
    return x;
  }
  backward(g) {
    return g;
  }
}

// A stand-in with PyTorch-style state: a step count, a float state tensor and a non-finite number.
class FakeState {
  constructor(step) {
    this.state = { step, expAvg: { shape: [2], dtype: "float32", data: Float32Array.of(step, -step) }, best: Infinity, negZero: -0 };
  }
  stateDict() {
    return structuredClone(this.state);
  }
  loadStateDict(s) {
    if (typeof s.step !== "number") throw new Error("bad optimizer state");
    this.state = structuredClone(s);
  }
}

function weights(m) {
  return Buffer.from(m.namedParameters().flatMap(([, p]) => Array.from(new Uint8Array(p.data.toFloat32Array().buffer)))).toString("hex");
}

function saved() {
  const model = new Toy([0.1, 0.2, 0.3, 0.4]);
  const gen = new Generator(42);
  gen.nextUint32();
  const bytes = train.saveCheckpoint(
    { model, optimizer: new FakeState(5), scheduler: new FakeState(3), generators: { default: gen } },
    { epoch: 3, history: { epochs: [0, 1, 2], metrics: { loss: [3, 2, NaN] }, lr: [0.1, 0.1] } },
  );
  return { model, gen, bytes };
}

test("a checkpoint restores model, optimizer, scheduler, generator, epoch and history exactly", () => {
  const { model, gen, bytes } = saved();
  const fresh = new Toy([9, 9, 9, 9]);
  const opt = new FakeState(0);
  const sched = new FakeState(0);
  const g2 = new Generator(1);
  const info = train.loadCheckpoint(bytes, { model: fresh, optimizer: opt, scheduler: sched, generators: { default: g2 } });
  assert.equal(info.epoch, 3);
  assert.deepEqual(info.history.metrics.loss.slice(0, 2), [3, 2]);
  assert.ok(Number.isNaN(info.history.metrics.loss[2]));
  assert.equal(weights(fresh), weights(model));
  assert.deepEqual(Array.from(fresh.stateDict().count.data), [7]);
  assert.equal(opt.state.step, 5);
  assert.deepEqual(Array.from(opt.state.expAvg.data), [5, -5]);
  assert.equal(opt.state.best, Infinity);
  assert.ok(Object.is(opt.state.negZero, -0));
  assert.equal(sched.state.step, 3);
  assert.equal(g2.nextUint32(), gen.nextUint32());
});

test("a corrupted or truncated checkpoint is refused and the model is left untouched", () => {
  const { bytes } = saved();
  const fresh = new Toy([9, 8, 7, 6]);
  const before = weights(fresh);
  const opt = new FakeState(0);
  // Flip one bit in the last byte of tensor data.
  const flipped = bytes.slice();
  flipped[flipped.length - 1] ^= 0x10;
  assert.throws(() => train.loadCheckpoint(flipped, { model: fresh, optimizer: opt }), /cannot load checkpoint: invalid safetensors file: checksum mismatch.*corrupted/);
  // Flip a byte inside the JSON header (a digit of the epoch).
  const header = bytes.slice();
  const at = Buffer.from(header).indexOf('"epoch\\":3');
  assert.ok(at > 0);
  header[at + 9] = 0x34; // 3 -> 4
  assert.throws(() => train.loadCheckpoint(header, { model: fresh }), /checksum mismatch/);
  // Truncate.
  for (const n of [3, 40, bytes.length - 1]) {
    assert.throws(() => train.loadCheckpoint(bytes.subarray(0, n), { model: fresh }), /cannot load checkpoint: invalid safetensors file: .*(shorter than|truncated)/);
  }
  assert.equal(weights(fresh), before);
  assert.equal(opt.state.step, 0);
});

test("if a later part fails to load, the parts already restored are rolled back", () => {
  const { bytes } = saved();
  const fresh = new Toy([9, 8, 7, 6]);
  const before = weights(fresh);
  const opt = new FakeState(1);
  const sched = { stateDict: () => ({}), loadStateDict: () => { throw new Error("scheduler says no"); } };
  assert.throws(() => train.loadCheckpoint(bytes, { model: fresh, optimizer: opt, scheduler: sched }), /cannot load checkpoint: scheduler: scheduler says no/);
  assert.equal(weights(fresh), before);
  assert.equal(opt.state.step, 1);
});

test("a checkpoint for another architecture or without the asked-for state is refused", () => {
  const { bytes } = saved();
  class Other extends Toy {
    constructor() {
      super([1, 2, 3, 4]);
      this.registerParameter("extra", new nn.Parameter(Tensor.from([1])));
    }
  }
  const other = new Other();
  const before = weights(other);
  assert.throws(() => train.loadCheckpoint(bytes, { model: other }), /cannot load checkpoint: Error\(s\) in loading state_dict for Other:\n\tMissing key\(s\) in state_dict: "extra"\./);
  assert.equal(weights(other), before);
  assert.throws(() => train.loadCheckpoint(bytes, { model: new Toy([1, 2, 3, 4]), loaders: { train: { getState() {}, setState() {} } } }), /no state for loader "train"/);
  const plain = wt.io.saveModel(new Toy([1, 2, 3, 4]));
  assert.throws(() => train.loadCheckpoint(plain, { model: new Toy([1, 2, 3, 4]) }), /not a wasmtune checkpoint.*io.loadModel/);
});
