// Per-layer kernel times: `node bench/layers.mjs [module.wasm]` after `npm run build`
// (also `deno run -A` or `bun`). Activations over 65,536 elements, Softmax and
// LogSoftmax on rows of 10 and 1000, CrossEntropyLoss on [256, 10] and
// LayerNorm on [256, 256], forward and backward timed separately, in ns per
// element: the median of 5 samples of ~20 ms after 0.1 s of warm-up. Pass a
// module to time another build of the same exports (e.g. a parent commit's),
// and run builds alternately, since the shared machine's load drifts.
import { init, nn, Tensor } from "../dist/index.js";
import { nsPerElement as time } from "./per_element.mjs";

await init(process.argv[2] ? { source: process.argv[2] } : undefined);

const wave = (n, scale, shift = 0) => Float32Array.from({ length: n }, (_, i) => shift + scale * Math.sin(i * 0.37));

/** Forward and backward of a layer (or a loss, with `target`) on input x. */
function layerCase(name, layer, x, target) {
  const n = x.size;
  const gy = Tensor.from(wave(n, 0.1), x.shape);
  const forward = () => (target ? layer.forward(x, target) : layer.forward(x));
  forward();
  const backward = target ? () => layer.backward() : () => layer.backward(gy);
  console.log(`${name.padEnd(34)} forward ${time(forward, n).toFixed(3).padStart(7)}  backward ${time(backward, n).toFixed(3).padStart(7)}  ns/element`);
}

const N = 65536;
const x = Tensor.from(wave(N, 8), [N]);
layerCase("Sigmoid [65536]", new nn.Sigmoid(), x);
layerCase("Tanh [65536]", new nn.Tanh(), x);
layerCase("GELU [65536]", new nn.GELU(), x);
layerCase("GELU tanh [65536]", new nn.GELU("tanh"), x);
layerCase("ELU [65536]", new nn.ELU(), x);
layerCase("Softplus [65536]", new nn.Softplus(), x);
for (const [rows, cols] of [[6554, 10], [64, 1000]]) {
  const logits = Tensor.from(wave(rows * cols, 4), [rows, cols]);
  layerCase(`Softmax [${rows}, ${cols}]`, new nn.Softmax({ dim: -1 }), logits);
  layerCase(`LogSoftmax [${rows}, ${cols}]`, new nn.LogSoftmax({ dim: -1 }), logits);
}
const labels = Tensor.from(Int32Array.from({ length: 256 }, (_, i) => (i * 7) % 10), [256], "int32");
layerCase("CrossEntropyLoss [256, 10]", new nn.CrossEntropyLoss(), Tensor.from(wave(2560, 3), [256, 10]), labels);
layerCase("LayerNorm [256, 256]", new nn.LayerNorm(256), Tensor.from(wave(65536, 2, 0.5), [256, 256]));
