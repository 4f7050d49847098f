// Convolution and pooling layers beyond the PyTorch fixtures: initialisation,
// state-dict layout, argument checking in PyTorch's words, errors naming both
// shapes, and backwardParams against backward.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { Tensor, Generator, nn } = wt;

const throwsWith = (fn, text) => assert.throws(fn, (e) => (assert.ok(e.message.includes(text), e.message), true));

test("Conv2d and Conv1d: PyTorch's parameter names, layouts and default initialisation bounds", () => {
  const c = new nn.Conv2d(6, 4, [3, 2], { groups: 2, generator: new Generator(7) });
  const sd = c.stateDict();
  assert.deepEqual(Object.keys(sd), ["weight", "bias"]);
  assert.deepEqual(sd.weight.shape, [4, 3, 3, 2]);
  assert.deepEqual(sd.bias.shape, [4]);
  // kaiming_uniform(a=√5) and the bias both give U(±1/√fan_in), fan_in = in/groups·kh·kw = 18.
  const bound = 1 / Math.sqrt(18);
  for (const v of [...sd.weight.data, ...sd.bias.data]) assert.ok(Math.abs(v) <= bound, `${v} outside ±${bound}`);
  assert.ok(Math.max(...sd.weight.data.map(Math.abs)) > bound / 2, "weights fill the range");
  const again = new nn.Conv2d(6, 4, [3, 2], { groups: 2, generator: new Generator(7) }).stateDict();
  assert.deepEqual(again.weight.data, sd.weight.data, "same seed, same weights");
  const c1 = new nn.Conv1d(3, 5, 4, { bias: false });
  assert.deepEqual(Object.keys(c1.stateDict()), ["weight"]);
  assert.deepEqual(c1.weight.shape, [5, 3, 4]);
  assert.equal(String(c), "Conv2d(6, 4, kernel_size=(3, 2), stride=(1, 1), padding=(0, 0), groups=2)");
  assert.equal(String(c1), "Conv1d(3, 5, kernel_size=(4,), stride=(1,), padding=(0,), bias=False)");
});

test("Conv2d refuses bad hyperparameters in PyTorch's words", () => {
  throwsWith(() => new nn.Conv2d(3, 4, 3, { groups: 2 }), "in_channels must be divisible by groups");
  throwsWith(() => new nn.Conv2d(4, 3, 3, { groups: 2 }), "out_channels must be divisible by groups");
  throwsWith(() => new nn.Conv2d(4, 4, 3, { groups: 0 }), "groups must be a positive integer");
  throwsWith(() => new nn.Conv2d(4, 4, 3, { padding: "full" }), "Invalid padding string 'full'");
  throwsWith(() => new nn.Conv2d(4, 4, 3, { padding: "same", stride: 2 }), "padding='same' is not supported for strided convolutions");
  throwsWith(() => new nn.Conv2d(4, 4, 3, { paddingMode: "circular" }), "paddingMode must be \"zeros\" or \"reflect\"");
  throwsWith(() => new nn.Conv2d(4, 4, [3, 3, 3]), "kernelSize must be an integer or 2 integers ≥ 1");
  throwsWith(() => new nn.Conv2d(4, 4, 3, { stride: 0 }), "stride must be an integer or 2 integers ≥ 1");
  throwsWith(() => new nn.Conv2d(4, 4, 3, { padding: -1 }), "padding must be an integer or 2 integers ≥ 0");
  throwsWith(() => new nn.Conv1d(4, 4, 3, { dilation: [1, 2] }), "dilation must be an integer ≥ 1");
  throwsWith(() => new nn.Conv2d(0, 4, 3), "inChannels must be a positive integer");
});

test("convolution shape errors name both shapes", () => {
  const c = new nn.Conv2d(2, 3, 3);
  const x = Tensor.zeros([1, 4, 5, 5]);
  throwsWith(() => c.forward(x), "weight of size [3, 2, 3, 3], expected input[1, 4, 5, 5] to have 2 channels, but got 4 channels instead");
  throwsWith(() => c.forward(Tensor.zeros([5, 5])), "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [5, 5]");
  throwsWith(() => c.forward(Tensor.zeros([1, 2, 2, 5])), "Calculated padded input size per channel: (2 x 5). Kernel size: (3 x 3)");
  const r = new nn.Conv2d(2, 3, 3, { padding: 2, paddingMode: "reflect" });
  throwsWith(() => r.forward(Tensor.zeros([1, 2, 2, 5])), "must be smaller than the input's spatial size, got input of shape [1, 2, 2, 5]");
  const y = c.forward(Tensor.zeros([1, 2, 5, 5]));
  throwsWith(() => c.backward(Tensor.zeros([1, 3, 3, 4])), "expected gradOut of shape [1, 3, 3, 3] (the forward output's), got [1, 3, 3, 4]");
  assert.deepEqual(y.shape, [1, 3, 3, 3]);
  throwsWith(() => new nn.Conv1d(2, 3, 3).forward(Tensor.zeros([1, 2, 5, 5])), "Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [1, 2, 5, 5]");
});

test("pooling refuses bad arguments in PyTorch's words and names the input shape", () => {
  throwsWith(() => new nn.MaxPool2d(2, { padding: 2 }), "pad should be at most half of kernel size, but got pad=2 and kernel_size=2");
  throwsWith(() => new nn.AvgPool2d(3, { padding: [1, 2] }), "pad should be at most half of kernel size, but got pad=2 and kernel_size=3");
  throwsWith(() => new nn.AvgPool2d(2, { divisorOverride: 0 }), "divisor must be not zero");
  throwsWith(() => new nn.MaxPool2d(2, { stride: 0 }), "stride must be an integer or 2 integers ≥ 1");
  throwsWith(() => new nn.MaxPool2d(5).forward(Tensor.zeros([1, 1, 4, 4])), "Given input size: (1x4x4). Calculated output size: (1x0x0). Output size is too small (input of shape [1, 1, 4, 4])");
  throwsWith(() => new nn.MaxPool2d(2).forward(Tensor.zeros([4, 4])), "non-empty 3D or 4D (batch mode) tensor expected for input");
  throwsWith(() => new nn.AdaptiveAvgPool2d(3).forward(Tensor.zeros([4])), "adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [4]");
  throwsWith(() => new nn.AdaptiveAvgPool2d([1, 2, 3]), "outputSize must be");
  const p = new nn.MaxPool2d(2);
  p.forward(Tensor.zeros([1, 2, 4, 4]));
  throwsWith(() => p.backward(Tensor.zeros([1, 2, 2, 3])), "expected gradOut of shape [1, 2, 2, 2] (the forward output's), got [1, 2, 2, 3]");
});

test("pooling takes unbatched [C, H, W] input (the tied 4s: the first one gets the gradient)", () => {
  const x = Tensor.from([1, 5, 2, 3, 4, 0, 9, 8, 7, 6, 1, 2, 3, 3, 4, 4], [1, 4, 4]);
  const m = new nn.MaxPool2d(2);
  assert.deepEqual(m.forward(x).toArray(), [[[5, 9], [7, 4]]]);
  assert.deepEqual(m.backward(Tensor.from([1, 2, 3, 4], [1, 2, 2])).toArray(), [[[0, 1, 0, 0], [0, 0, 2, 0], [3, 0, 0, 0], [0, 0, 4, 0]]]);
  assert.deepEqual(new nn.AvgPool2d(2).forward(x).toArray(), [[[2.5, 5.5], [4.75, 2.75]]]);
});

test("Conv2d backwardParams gives backward's parameter gradients", () => {
  const g = new Generator(3);
  const x = Tensor.from(Array.from({ length: 2 * 3 * 6 * 5 }, () => g.normal()), [2, 3, 6, 5]);
  const gy = Tensor.from(Array.from({ length: 2 * 4 * 3 * 3 }, () => g.normal()), [2, 4, 3, 3]);
  const grads = (params) => {
    const c = new nn.Conv2d(3, 4, 3, { stride: 2, padding: 1, generator: new Generator(9) });
    c.forward(x);
    if (params) c.backwardParams(gy);
    else c.backward(gy);
    return c.parameters().map((p) => Array.from(p.grad.data));
  };
  assert.deepEqual(grads(true), grads(false));
});

test("Dropout2d zeroes whole channels, scales the rest by 1/(1-p), and routes the gradient through the same mask", () => {
  const x = Tensor.full([8, 16, 3, 5], 2);
  const d = new nn.Dropout2d(0.25, { generator: new Generator(5) });
  const y = Array.from(d.forward(x).data);
  const planes = [];
  for (let i = 0; i < 8 * 16; i++) {
    const plane = new Set(y.slice(i * 15, (i + 1) * 15));
    assert.equal(plane.size, 1, `plane ${i} is all dropped or all kept`);
    planes.push([...plane][0]);
  }
  for (const v of planes) assert.ok(v === 0 || Math.abs(v - 2 / 0.75) < 1e-6, `${v}`);
  const dropped = planes.filter((v) => v === 0).length;
  assert.ok(dropped > 16 && dropped < 50, `${dropped} of 128 channels dropped at p = 0.25`);
  const gx = Array.from(d.backward(Tensor.full([8, 16, 3, 5], 1)).data);
  gx.forEach((v, i) => assert.equal(v, y[i] / 2));
  const again = new nn.Dropout2d(0.25, { generator: new Generator(5) });
  assert.deepEqual(Array.from(again.forward(x).data), y, "same seed, same mask");
  assert.equal(again.eval().forward(x), x, "eval mode is the identity");
  throwsWith(() => new nn.Dropout2d(0.5).forward(Tensor.zeros([4, 5])), "expected input of shape [N, C, H, W] or [N, C, L], got [4, 5]");
  throwsWith(() => new nn.Dropout2d(1.5), "dropout probability has to be between 0 and 1, but got 1.5");
});

test("BatchNorm2d names the expected and the given shape", () => {
  const b = new nn.BatchNorm2d(3);
  throwsWith(() => b.forward(Tensor.zeros([2, 4, 2, 2])), "BatchNorm2d(3): expected input of shape [N, 3, H, W], got [2, 4, 2, 2]");
  throwsWith(() => b.forward(Tensor.zeros([1, 3, 1, 1])), "Expected more than 1 value per channel when training, got input size [1, 3, 1, 1]");
  throwsWith(() => new nn.BatchNorm2d(3, { eps: 1e-3, affin: false }), "BatchNorm2d: unknown option 'affin' — did you mean 'affine'?");
  assert.deepEqual(Object.keys(b.stateDict()), ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]);
});

test("Conv2d picks its engine by shape: Winograd for 3×3 stride-1 layers with 4 or more input channels per group", () => {
  const engine = (cin, cout, k, options = {}) => {
    const c = new nn.Conv2d(cin, cout, k, options);
    const name = c.engineName;
    c.dispose();
    return name;
  };
  assert.equal(engine(8, 8, 3), "winograd");
  assert.equal(engine(4, 1, 3), "winograd");
  assert.equal(engine(32, 64, 3, { padding: 1, paddingMode: "reflect" }), "winograd");
  assert.equal(engine(16, 20, 3, { groups: 4 }), "winograd");
  assert.equal(engine(3, 8, 3), "columns", "too few input channels");
  assert.equal(engine(16, 16, 3, { groups: 8 }), "columns", "2 input channels per group");
  assert.equal(engine(8, 8, 3, { stride: 2 }), "columns");
  assert.equal(engine(8, 8, 3, { dilation: 2 }), "columns");
  assert.equal(engine(8, 8, [3, 5]), "columns");
  assert.equal(engine(8, 8, 1), "columns");
  assert.equal(engine(8, 8, 3, { groups: 8 }), "depthwise");
  const c1 = new nn.Conv1d(8, 8, 3);
  assert.equal(c1.engineName, "columns", "Conv1d's kernel is 1×3");
  c1.dispose();
});

test("A Winograd Conv2d runs F(4×4, 3×3) or F(5×5, 3×3) when the output's size favours it (winogradTile), F(2×2, 3×3) otherwise", () => {
  // The engine name after an n × c × h × w input (padding 1: output h × w); products of F(4×4, 3×3) / F(2×2, 3×3)
  // in the messages, and of F(5×5, 3×3) / F(4×4, 3×3) where F(4×4, 3×3) would run.
  const run = (c, h, w) => {
    const x = Tensor.zeros([2, c.inChannels, h, w]);
    c.forward(x);
    x.dispose();
    return c.engineName;
  };
  const c8 = new nn.Conv2d(8, 8, 3, { padding: 1 }), c32 = new nn.Conv2d(32, 32, 3, { padding: 1 });
  assert.equal(c8.engineName, "winograd", "before the first input");
  assert.equal(run(c8, 14, 14), "winograd5", "14×14: 576 / 784, then 441 / 576");
  assert.equal(run(c8, 3, 17), "winograd4", "3×17: 180 / 288, then 196 / 180");
  assert.equal(run(c8, 6, 9), "winograd", "6×9: 216 / 240");
  assert.equal(run(c8, 10, 10), "winograd", "10×10: 324 / 400 is more than 0.75");
  assert.equal(run(c8, 6, 6), "winograd", "6×6: 144 / 144");
  assert.equal(run(c8, 9, 6), "winograd", "9×6: 216 / 240");
  assert.equal(run(c8, 8, 8), "winograd4", "8×8: 144 / 256 (two tile rows a group), then 196 / 144");
  assert.equal(run(c32, 7, 7), "winograd4", "7×7: 144 / 256");
  assert.equal(run(c8, 28, 5), "winograd5", "28×5: 504 / 672, then 294 / 504 (one tile a row)");
  assert.equal(run(c8, 16, 15), "winograd4", "16×15: 576 / 1024, then 588 / 576");
  assert.equal(run(c8, 20, 20), "winograd4", "20×20: 900 / 1600, then 784 / 900");
  assert.equal(run(c8, 28, 4), "winograd", "28×4: 252 / 448, but one tile a row");
  assert.equal(run(c32, 4, 4), "winograd", "4×4: one tile");
  assert.equal(run(c8, 28, 28), "winograd4", "and back: 28×28, 1764 / 1764");
  const g = new nn.Conv2d(64, 128, 3, { padding: 1, groups: 4 });
  assert.equal(run(g, 8, 8), "winograd4", "16 input channels per group");
  assert.equal(run(g, 14, 14), "winograd5", "and F(5×5, 3×3)");
  for (const c of [c8, c32, g]) c.dispose();
});

test("Winograd Conv2d: backwardParams gives backward's parameter gradients, steps keep memory flat, a new batch size resizes", () => {
  const g = new Generator(5);
  const data = (shape) => Tensor.from(Array.from({ length: shape.reduce((a, b) => a * b) }, () => g.normal()), shape);
  const x = data([3, 9, 7, 9]), gy = data([3, 10, 7, 9]);
  const grads = (params) => {
    const c = new nn.Conv2d(9, 10, 3, { padding: 1, generator: new Generator(9) });
    c.forward(x);
    if (params) c.backwardParams(gy);
    else c.backward(gy);
    const out = c.parameters().map((p) => Array.from(p.grad.data));
    c.dispose();
    return out;
  };
  assert.deepEqual(grads(true), grads(false));

  const c = new nn.Conv2d(9, 10, 3, { padding: 1, generator: new Generator(9) });
  const step = (input, grad) => {
    c.zeroGrad();
    c.forward(input);
    c.backward(grad);
  };
  step(x, gy);
  const first = Array.from(c.forward(x).data);
  const bytes = wt.memoryStats().allocatedBytes;
  for (let i = 0; i < 5; i++) step(x, gy);
  assert.equal(wt.memoryStats().allocatedBytes, bytes, "repeated steps allocate nothing");
  // One sample of the batch alone gives that sample's outputs, bit for bit.
  const one = Tensor.from(x.data.slice(0, 9 * 7 * 9), [1, 9, 7, 9]);
  assert.deepEqual(Array.from(c.forward(one).data), first.slice(0, 10 * 7 * 9));
  assert.deepEqual(Array.from(c.forward(x).data), first);
  for (const t of [c, x, gy, one]) t.dispose();
});

// A direct float64 convolution (stride 1, dilation 1, groups 1) and its gradients, for engines without a fixture this size.
function directConv(x, [n, c, h, w], weight, bias, cout, pad, reflect, dy) {
  const oh = h + 2 * pad - 2, ow = w + 2 * pad - 2;
  const src = (i, len) => (i >= 0 && i < len ? i : !reflect ? -1 : i < 0 ? -i : 2 * (len - 1) - i);
  const y = new Float64Array(n * cout * oh * ow), gx = new Float64Array(x.length), gw = new Float64Array(weight.length);
  for (let s = 0; s < n; s++) for (let co = 0; co < cout; co++) for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
    const o = ((s * cout + co) * oh + oy) * ow + ox;
    let sum = bias[co];
    for (let ci = 0; ci < c; ci++) for (let ki = 0; ki < 3; ki++) for (let kj = 0; kj < 3; kj++) {
      const iy = src(oy + ki - pad, h), ix = src(ox + kj - pad, w);
      if (iy < 0 || ix < 0) continue;
      const xi = ((s * c + ci) * h + iy) * w + ix, wi = ((co * c + ci) * 3 + ki) * 3 + kj;
      sum += x[xi] * weight[wi];
      gx[xi] += dy[o] * weight[wi];
      gw[wi] += dy[o] * x[xi];
    }
    y[o] = sum;
  }
  return { y, gx, gw };
}

// Each variant over several chunks, within its bound of tests/nn/winograd_parity.test.mjs.
const CHUNKED = [
  { title: "F(2×2, 3×3) (40 images of 15 tiles: 17 + 17 + 6)", shape: [40, 8, 6, 9], engine: "winograd", bound: 1e-6 },
  { title: "F(4×4, 3×3) (17 images of 16 tiles: 14 + 3)", shape: [17, 8, 16, 15], engine: "winograd4", bound: 3e-6 },
  { title: "F(5×5, 3×3) (35 images of 9 tiles: 16 + 16 + 3)", shape: [35, 8, 14, 13], engine: "winograd5", bound: 8e-6 },
];

for (const { title, shape, engine, bound } of CHUNKED) test(`Winograd Conv2d ${title} over several chunks of samples agrees with a float64 direct convolution`, () => {
  for (const reflect of [false, true]) {
    const g = new Generator(21);
    const x = Tensor.from(Array.from({ length: shape.reduce((a, b) => a * b) }, () => g.normal()), shape);
    const c = new nn.Conv2d(8, 9, 3, { padding: 1, paddingMode: reflect ? "reflect" : "zeros", generator: g });
    const y = c.forward(x);
    assert.equal(c.engineName, engine);
    const dy = Tensor.from(Array.from({ length: y.size }, () => g.normal()), y.shape);
    const gx = c.backward(dy);
    const ref = directConv(x.data, shape, c.weight.data.data, c.bias.data.data, 9, 1, reflect, dy.data);
    const close = (got, want, what) => {
      const scale = want.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) <= bound * scale, `${what} index ${i}: got ${v}, expected ${want[i]}`));
    };
    close(y.data, ref.y, "output");
    close(gx.data, ref.gx, "input gradient");
    close(c.weight.grad.data, ref.gw, "weight gradient");
    for (const t of [c, x, dy]) t.dispose();
  }
});
