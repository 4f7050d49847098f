// SGD, Adam and AdamW update a whole parameter group in one kernel call
// (sgdStepTable / adamStepTable over a table of pointers). The result must be
// the per-parameter kernel's, bit for bit: here the references call sgdStep or
// adamStep once per parameter, Adam's bias corrections computed as torch does,
// per parameter, from its own step count.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
import { hvec } from "./cases.mjs";

const { Tensor, nn, optim, memoryStats } = wt;
const { k } = await wt.init();
const SIZES = [1, 3, 4, 5, 17, 37, 64];

/** adamStep per parameter, the path the table replaces. */
class Reference {
  constructor(params, o) {
    this.o = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, ...o };
    this.states = params.map((p) => ({ p, step: 0, m: Tensor.zeros(p.shape), v: Tensor.zeros(p.shape), vmax: Tensor.zeros(p.shape) }));
  }
  step(decoupled) {
    const { lr, betas: [b1, b2], eps, weightDecay, amsgrad, maximize } = this.o;
    for (const s of this.states) {
      const t = ++s.step;
      const stepSize = lr / (1 - k.mathPow(b1, t));
      const bc2 = Math.sqrt(1 - k.mathPow(b2, t));
      k.adamStep(s.p.data.ptr, s.p.grad.ptr, s.m.ptr, s.v.ptr, amsgrad ? s.vmax.ptr : 0, s.p.size, decoupled ? 0 : weightDecay,
        decoupled ? 1 - lr * weightDecay : 1, b1, 1 - b1, b2, 1 - b2, bc2, eps, -stepSize, amsgrad ? 1 : 0, maximize ? 1 : 0);
    }
  }
  dispose() {
    for (const s of this.states) for (const t of [s.m, s.v, s.vmax]) t.dispose();
  }
}

/** sgdStep per parameter; the momentum buffer starts as the first gradient. */
class SgdReference {
  constructor(params, o) {
    this.o = { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...o };
    this.states = params.map((p) => ({ p, buf: Tensor.zeros(p.shape), first: 1 }));
  }
  step() {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = this.o;
    for (const s of this.states) {
      k.sgdStep(s.p.data.ptr, s.p.grad.ptr, momentum !== 0 ? s.buf.ptr : 0, s.p.size, -lr, weightDecay, momentum, 1 - dampening,
        nesterov ? 1 : 0, maximize ? 1 : 0, momentum !== 0 ? s.first : 0);
      s.first = 0;
    }
  }
  dispose() {
    for (const s of this.states) s.buf.dispose();
  }
}

const makeParams = (seed) => SIZES.map((n, i) => new nn.Parameter(Tensor.from(hvec(seed, 0, 1000 * i, n))));
const feed = (params, seed, t) => params.forEach((p, i) => p.grad.set(hvec(seed, t, 1000 * i, p.size)));
const values = (params) => params.flatMap((p) => Array.from(p.data.data));

for (const [name, options] of [
  ["Adam", {}],
  ["Adam", { lr: 0.01, weightDecay: 0.1, amsgrad: true }],
  ["Adam", { betas: [0.5, 0.9], eps: 1e-3, maximize: true }],
  ["AdamW", { lr: 0.05, weightDecay: 0.3 }],
  ["AdamW", { amsgrad: true, maximize: true }],
]) {
  test(`${name} ${JSON.stringify(options)}: the one-call group update equals per-parameter adamStep bit for bit`, () => {
    const seed = 11;
    const ours = makeParams(seed);
    const theirs = makeParams(seed);
    const opt = new optim[name](ours, options);
    const ref = new Reference(theirs, name === "AdamW" ? { weightDecay: 1e-2, ...options } : options);
    for (let t = 1; t <= 12; t++) {
      feed(ours, seed, t);
      feed(theirs, seed, t);
      opt.step();
      ref.step(name === "AdamW");
      assert.deepEqual(values(ours), values(theirs), `step ${t}`);
    }
    opt.dispose();
    ref.dispose();
    for (const p of [...ours, ...theirs]) p.dispose();
  });
}

for (const options of [
  { lr: 0.1 },
  { lr: 0.05, momentum: 0.9, weightDecay: 0.01 },
  { lr: 0.02, momentum: 0.8, nesterov: true, maximize: true },
  { lr: 0.03, momentum: 0.5, dampening: 0.25 },
]) {
  test(`SGD ${JSON.stringify(options)}: the one-call group update equals per-parameter sgdStep bit for bit`, () => {
    const seed = 17;
    const ours = makeParams(seed);
    const theirs = makeParams(seed);
    const opt = new optim.SGD(ours, options);
    const ref = new SgdReference(theirs, options);
    for (let t = 1; t <= 12; t++) {
      feed(ours, seed, t);
      feed(theirs, seed, t);
      opt.step();
      ref.step();
      assert.deepEqual(values(ours), values(theirs), `step ${t}`);
    }
    opt.dispose();
    ref.dispose();
    for (const p of [...ours, ...theirs]) p.dispose();
  });
}

test("parameters of one group at different step counts each get their own bias corrections", () => {
  const seed = 5;
  const [early, late] = [makeParams(seed), makeParams(seed)];
  // `late` joins the state dict with its first parameter three steps behind.
  const opt = new optim.Adam(early, { lr: 0.02 });
  const ref = new Reference(late, { lr: 0.02 });
  for (let t = 1; t <= 4; t++) {
    feed(early, seed, t);
    feed(late, seed, t);
    opt.step();
    ref.step(false);
  }
  const sd = opt.stateDict();
  sd.state[0].step = 1;
  ref.states[0].step = 1;
  opt.loadStateDict(sd);
  for (let t = 5; t <= 8; t++) {
    feed(early, seed, t);
    feed(late, seed, t);
    opt.step();
    ref.step(false);
    assert.deepEqual(values(early), values(late), `step ${t}`);
  }
  opt.dispose();
  ref.dispose();
  for (const p of [...early, ...late]) p.dispose();
});

for (const [name, options] of [["Adam", {}], ["SGD", { lr: 0.1, momentum: 0.9 }]]) {
  test(`${name}: two groups of different sizes share one table; stepping allocates nothing after the first step`, () => {
    const params = makeParams(3);
    const opt = new optim[name]([{ params: params.slice(0, 2) }, { params: params.slice(2), lr: 0.2 }], options);
    feed(params, 3, 1);
    opt.step();
    const before = memoryStats();
    for (let t = 2; t < 50; t++) opt.step();
    assert.deepEqual(memoryStats(), before);
    opt.dispose();
    assert.ok(memoryStats().allocatedBytes < before.allocatedBytes, "dispose frees the state and the table");
    for (const p of params) p.dispose();
  });
}
