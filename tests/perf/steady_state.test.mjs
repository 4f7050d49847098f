// A whole training step (zeroGrad, forward, loss, backward, optimizer step)
// repeated many times must allocate no WebAssembly memory after the first
// step and retain no JavaScript memory: both stay flat.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { wt } from "../helpers.mjs";
const { Tensor, Generator, memoryStats, nn, optim } = wt;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");

function heapAfterGc() {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const setups = {
  "2-16-1 MLP, BCEWithLogitsLoss, Adam, backwardParams": () => {
    const g = new Generator(1);
    const model = new nn.Sequential(new nn.Linear(2, 16, { generator: g }), new nn.ReLU(), new nn.Linear(16, 1, { generator: g }));
    const x = Tensor.from(Array.from({ length: 64 }, () => g.normal()), [32, 2]);
    const y = Tensor.from(Array.from({ length: 32 }, (_, i) => i % 2), [32, 1]);
    return { model, x, y, loss: new nn.BCEWithLogitsLoss(), opt: new optim.Adam(model.parameters()), params: true };
  },
  "Linear-Tanh-Linear, CrossEntropyLoss, AdamW with amsgrad, backward": () => {
    const g = new Generator(2);
    const model = new nn.Sequential(new nn.Linear(7, 9, { generator: g }), new nn.Tanh(), new nn.Linear(9, 4, { generator: g }));
    const x = Tensor.from(Array.from({ length: 5 * 7 }, () => g.normal()), [5, 7]);
    const y = Tensor.from([0, 3, 1, 2, 3], [5], "int32");
    return { model, x, y, loss: new nn.CrossEntropyLoss(), opt: new optim.AdamW(model.parameters(), { amsgrad: true }), params: false };
  },
  "Conv2d-BatchNorm2d-ReLU-Dropout2d-MaxPool2d-Conv2d(groups, reflect)-Conv2d(depthwise)-AvgPool2d-Flatten-Linear, CrossEntropyLoss, SGD, backward": () => {
    const g = new Generator(3);
    const model = new nn.Sequential(
      new nn.Conv2d(2, 4, 3, { padding: 1, generator: g }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.Dropout2d(0.25, { generator: g }), new nn.MaxPool2d(2),
      new nn.Conv2d(4, 4, 3, { padding: "same", groups: 2, paddingMode: "reflect", generator: g }),
      new nn.Conv2d(4, 4, 3, { padding: 1, groups: 4, generator: g }), new nn.AvgPool2d(2, { ceilMode: true }),
      new nn.Flatten(), new nn.Linear(4 * 2 * 2, 3, { generator: g }),
    );
    const x = Tensor.from(Array.from({ length: 3 * 2 * 7 * 7 }, () => g.normal()), [3, 2, 7, 7]);
    const y = Tensor.from([0, 2, 1], [3], "int32");
    return { model, x, y, loss: new nn.CrossEntropyLoss(), opt: new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 }), params: false, warmup: 10_000, steps: 10_000 };
  },
};

for (const [name, setup] of Object.entries(setups)) {
  test(`${name}: memory stays flat over many steps`, () => {
    // Warm-up long enough for the engine's tiering to settle (its feedback and code
    // grow the heap for the first ~10⁴ steps of the CNN, then stay flat).
    const { model, x, y, loss, opt, params, warmup = 100, steps = 50_000 } = setup();
    const step = () => {
      opt.zeroGrad();
      loss.forward(model.forward(x), y);
      if (params) model.backwardParams(loss.backward());
      else model.backward(loss.backward());
      opt.step();
    };
    for (let i = 0; i < warmup; i++) step();
    const wasm = memoryStats();
    const heap = heapAfterGc();
    for (let i = 0; i < steps; i++) step();
    assert.deepEqual(memoryStats(), wasm, "WebAssembly memory changed");
    const grown = heapAfterGc() - heap;
    assert.ok(grown < 256 * 1024, `the JS heap grew by ${grown} bytes (${(grown / steps).toFixed(1)} per step)`);
    for (const t of [model, x, y, loss, opt]) t.dispose();
  });
}
