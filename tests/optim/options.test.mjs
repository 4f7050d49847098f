// Option handling: PyTorch's defaults and exact error messages, Python float
// formatting, per-group options, zeroGrad, lr read at every step.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";

const { Tensor, nn, optim, memoryStats } = wt;
const param = (values = [1, 2, 3]) => new nn.Parameter(Tensor.from(values));

test("pyFloat prints numbers as Python's repr(float)", () => {
  const cases = [
    [1, "1.0"], [-0.1, "-0.1"], [-1e-8, "-1e-08"], [1e-5, "1e-05"], [0.0001, "0.0001"], [1.5e-7, "1.5e-07"],
    [1e16, "1e+16"], [1e15, "1000000000000000.0"], [123456.789, "123456.789"], [2.5e300, "2.5e+300"],
    [0, "0.0"], [-0, "-0.0"], [NaN, "nan"], [Infinity, "inf"], [-Infinity, "-inf"], [0.1 + 0.2, "0.30000000000000004"],
  ];
  for (const [x, s] of cases) assert.equal(optim.pyFloat(x), s, String(x));
});

test("invalid options are refused with PyTorch's messages", () => {
  const p = [param()];
  const refuse = (make, message) => assert.throws(make, (e) => e instanceof RangeError && e.message === message);
  refuse(() => new optim.SGD(p, { lr: -0.1 }), "Invalid learning rate: -0.1");
  refuse(() => new optim.SGD(p, { lr: 0.1, momentum: -0.5 }), "Invalid momentum value: -0.5");
  refuse(() => new optim.SGD(p, { lr: 0.1, weightDecay: -1e-4 }), "Invalid weight_decay value: -0.0001");
  refuse(() => new optim.SGD(p, { lr: 0.1, nesterov: true }), "Nesterov momentum requires a momentum and zero dampening");
  refuse(() => new optim.SGD(p, { lr: 0.1, nesterov: true, momentum: 0.9, dampening: 0.1 }), "Nesterov momentum requires a momentum and zero dampening");
  assert.throws(() => new optim.SGD(p), /^Error: parameter group didn't specify a value of required optimization parameter lr$/);
  for (const Opt of [optim.Adam, optim.AdamW, optim.Adamax, optim.NAdam, optim.RAdam]) {
    refuse(() => new Opt(p, { lr: -0.1 }), "Invalid learning rate: -0.1");
    refuse(() => new Opt(p, { eps: -1e-8 }), "Invalid epsilon value: -1e-08");
    refuse(() => new Opt(p, { betas: [1, 0.999] }), "Invalid beta parameter at index 0: 1.0");
    refuse(() => new Opt(p, { betas: [0.9, -0.5] }), "Invalid beta parameter at index 1: -0.5");
    refuse(() => new Opt(p, { weightDecay: -1 }), "Invalid weight_decay value: -1.0");
  }
  refuse(() => new optim.NAdam(p, { momentumDecay: -0.004 }), "Invalid momentum_decay value: -0.004");
  refuse(() => new optim.RMSprop(p, { alpha: -0.99 }), "Invalid alpha value: -0.99");
  refuse(() => new optim.RMSprop(p, { momentum: -1 }), "Invalid momentum value: -1.0");
  refuse(() => new optim.RMSprop(p, { eps: NaN }), "Invalid epsilon value: nan");
  refuse(() => new optim.Adagrad(p, { lrDecay: -1 }), "Invalid lr_decay value: -1.0");
  refuse(() => new optim.Adagrad(p, { initialAccumulatorValue: -0.1 }), "Invalid initial_accumulator_value value: -0.1");
  refuse(() => new optim.Adam([{ params: p, lr: -2 }]), "Invalid learning rate: -2.0");
  assert.throws(() => new optim.Adam([]), /^Error: optimizer got an empty parameter list$/);
  assert.throws(() => new optim.Adam([{ params: p }, { params: p }]), /some parameters appear in more than one parameter group/);
});

test("defaults are PyTorch's", () => {
  const g = (Opt, o) => new Opt([param()], o).paramGroups[0];
  assert.deepEqual({ ...g(optim.Adam), params: 0 }, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, params: 0 });
  assert.equal(g(optim.AdamW).weightDecay, 1e-2);
  assert.deepEqual({ ...g(optim.SGD, { lr: 0.1 }), params: 0 }, { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, params: 0 });
  assert.deepEqual({ ...g(optim.RMSprop), params: 0 }, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false, params: 0 });
  assert.deepEqual({ ...g(optim.Adagrad), params: 0 }, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false, params: 0 });
  assert.equal(g(optim.Adamax).lr, 2e-3);
  assert.equal(g(optim.NAdam).momentumDecay, 4e-3);
  assert.equal(g(optim.RAdam).lr, 1e-3);
});

test("the group's lr is read at every step", () => {
  const p = param([1]);
  const opt = new optim.SGD([p], { lr: 0.5 });
  p.grad.set([1]);
  opt.step();
  opt.paramGroups[0].lr = 0.25;
  opt.step();
  assert.equal(p.data.data[0], 0.25);
  opt.paramGroups[0].lr = 0;
  opt.step();
  assert.equal(p.data.data[0], 0.25);
});

test("zeroGrad zeroes every group's gradients", () => {
  const a = param();
  const b = param([5]);
  const opt = new optim.Adam([{ params: [a] }, { params: [b] }]);
  a.grad.set([1, 2, 3]);
  b.grad.set([4]);
  opt.zeroGrad();
  assert.deepEqual([...a.grad.data, ...b.grad.data], [0, 0, 0, 0]);
});

test("steady-state steps allocate no WebAssembly memory", () => {
  const params = [param(new Float32Array(37).fill(1)), param(new Float32Array(5).fill(2))];
  for (const [Opt, o] of [[optim.SGD, { lr: 0.1, momentum: 0.9 }], [optim.Adam, { amsgrad: true }], [optim.AdamW], [optim.RMSprop, { centered: true, momentum: 0.5 }], [optim.Adagrad], [optim.Adamax], [optim.NAdam], [optim.RAdam]]) {
    const opt = new Opt(params, o);
    for (const p of params) p.grad.data.fill(0.5);
    opt.step();
    const before = memoryStats().allocatedBytes;
    for (let i = 0; i < 5; i++) opt.step();
    assert.equal(memoryStats().allocatedBytes, before, Opt.name);
    opt.dispose();
  }
});

test("dispose frees the state buffers", () => {
  const p = param(new Float32Array(100));
  const before = memoryStats().allocatedBytes;
  const opt = new optim.Adam([p], { amsgrad: true });
  opt.step();
  assert.ok(memoryStats().allocatedBytes >= before + 3 * 400);
  opt.dispose();
  assert.equal(memoryStats().allocatedBytes, before);
});

test("options switched on mid-run get zeroed buffers", () => {
  const run = (toggle) => {
    const p = param([0.5, -1, 2, 3, -4]);
    const opt = new optim.Adam([p], { lr: 0.1 });
    for (let t = 0; t < 3; t++) {
      if (t === 2 && toggle) opt.paramGroups[0].amsgrad = true;
      p.grad.set([1, -2, 0.5, t, 3]);
      opt.step();
    }
    return { p: Array.from(p.data.data), sd: opt.stateDict() };
  };
  const plain = run(false);
  const toggled = run(true);
  // max(0, v) = v, so the first amsgrad step equals a plain Adam step.
  assert.deepEqual(toggled.p, plain.p);
  assert.deepEqual(toggled.sd.state[0].maxExpAvgSq, toggled.sd.state[0].expAvgSq);

  const q = param([1, 2, 3]);
  const rms = new optim.RMSprop([q]);
  q.grad.set([1, 1, 1]);
  rms.step();
  Object.assign(rms.paramGroups[0], { centered: true, momentum: 0.9 });
  rms.step();
  assert.deepEqual(Object.keys(rms.stateDict().state[0]).sort(), ["gradAvg", "momentumBuffer", "squareAvg", "step"]);
  assert.ok(Array.from(q.data.data).every(Number.isFinite));
});
