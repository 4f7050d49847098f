// A Cloudflare worker that trains a tiny model on each request and answers
// with the loss curve. workerd forbids compiling WebAssembly from bytes, so
// the .wasm is imported as a module (declared in config.capnp) and handed to
// init().
import wasm from "wasmtune/wasmtune.wasm";
import { init, Generator, Tensor, nn, optim } from "wasmtune";

export default {
  async fetch(request) {
    await init(wasm);
    const epochs = Math.min(Number(new URL(request.url).searchParams.get("epochs") ?? 20), 200);
    const gen = new Generator(7);
    // y = 3·x₀ − 2·x₁ + 1 plus a little noise.
    const rows = 128;
    const x = Tensor.empty([rows, 2]);
    const y = Tensor.empty([rows, 1]);
    for (let r = 0; r < rows; r++) {
      const a = gen.normal();
      const b = gen.normal();
      x.data.set([a, b], r * 2);
      y.data[r] = 3 * a - 2 * b + 1 + gen.normal(0, 0.1);
    }
    const model = new nn.Sequential(new nn.Linear(2, 8, { generator: gen }), new nn.ReLU(), new nn.Linear(8, 1, { generator: gen }));
    const lossFn = new nn.MSELoss();
    const opt = new optim.Adam(model.parameters(), { lr: 0.05 });
    const losses = [];
    for (let epoch = 0; epoch < epochs; epoch++) {
      opt.zeroGrad();
      losses.push(lossFn.forward(model.forward(x), y));
      model.backward(lossFn.backward());
      opt.step();
    }
    model.dispose();
    x.dispose();
    y.dispose();
    return Response.json({ epochs, losses });
  },
};
