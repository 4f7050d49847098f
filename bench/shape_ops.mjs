// Shape-operation times: `node bench/shape_ops.mjs` after `npm run build`
// (also `deno run -A` or `bun`). Each case runs inside `tidy` (the result and
// its gradient are freed every call, as in a training step), forward alone
// and forward + backward, in ns per element of the result: the median of 5
// samples of ~20 ms after 0.1 s of warm-up. Transposes that swap two blocks
// of dimensions take the 4x4 SIMD kernel, other permutations the general
// strided copy; slices and concatenations are row copies.
import { init, Tensor, tidy, cat, stack, nn } from "../dist/index.js";

await init();

const cpu = globalThis.process?.cpuUsage ? () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e3; } : () => performance.now();

/** Median ns per element of `fn` over `elements` elements. */
function time(fn, elements) {
  for (const end = cpu() + 100; cpu() < end;) fn();
  const ns = [];
  for (let s = 0; s < 5; s++) {
    let calls = 0;
    const t0 = cpu();
    do { fn(); calls++; } while (cpu() - t0 < 20);
    ns.push(((cpu() - t0) * 1e6) / (calls * elements));
  }
  return ns.sort((a, b) => a - b)[2];
}

const filled = (shape) => {
  const t = Tensor.empty(shape);
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = Math.sin(i * 0.37);
  return t.requiresGrad_();
};

function opCase(name, inputs, op) {
  const probe = tidy(() => op(...inputs).shape);
  const n = probe.reduce((a, d) => a * d, 1);
  const g = Tensor.full(probe, 1);
  const forward = () => tidy(() => void op(...inputs));
  const both = () => tidy(() => op(...inputs).backward(g));
  console.log(`${name.padEnd(40)} forward ${time(forward, n).toFixed(3).padStart(7)}  forward+backward ${time(both, n).toFixed(3).padStart(7)}  ns/element`);
}

opCase("t() [512, 512]", [filled([512, 512])], (x) => x.t());
opCase("permute NCHW->NHWC [32, 16, 28, 28]", [filled([32, 16, 28, 28])], (x) => x.permute([0, 2, 3, 1]));
opCase("permute 3 1 0 2 [8, 16, 32, 32]", [filled([8, 16, 32, 32])], (x) => x.permute([3, 1, 0, 2]));
opCase("transpose 0 1 [64, 64, 64]", [filled([64, 64, 64])], (x) => x.transpose(0, 1));
opCase("cat dim 1 3 x [256, 341]", [filled([256, 341]), filled([256, 341]), filled([256, 341])], (a, b, c) => cat([a, b, c], 1));
opCase("stack dim 0 4 x [256, 256]", [filled([256, 256]), filled([256, 256]), filled([256, 256]), filled([256, 256])], (a, b, c, d) => stack([a, b, c, d]));
opCase("narrow dim 1 [512, 512] -> 256", [filled([512, 512])], (x) => x.narrow(1, 128, 256));
opCase("slice step 2 dim 1 [512, 512]", [filled([512, 512])], (x) => x.slice(1, 0, 512, 2));
opCase("select dim 2 [64, 64, 64]", [filled([64, 64, 64])], (x) => x.select(2, 5));
opCase("reshape [512, 512] (a view)", [filled([512, 512])], (x) => x.reshape([-1]));
opCase("softmax dim 1 [64, 1000]", [filled([64, 1000])], (x) => x.softmax(1));
opCase("softmax dim 0 [1000, 64]", [filled([1000, 64])], (x) => x.softmax(0));
opCase("relu() [65536]", [filled([65536])], (x) => x.relu());
const relu = new nn.ReLU();
const x = filled([65536]).detach();
const gy = Tensor.full([65536], 1);
console.log(`${"nn.ReLU explicit forward+backward [65536]".padEnd(40)} forward+backward ${time(() => { relu.forward(x); relu.backward(gy); }, 65536).toFixed(3).padStart(7)}  ns/element`);
