// Data-path throughput: `node bench/data.mjs` after `npm run build`.
// - gathering one epoch of shuffled rows into batch buffers: the gatherRows
//   kernel against a JavaScript copyWithin loop over the same index list, for
//   narrow and wide rows; and a whole DataLoader epoch (reshuffle + features
//   and targets);
// - augmenting a DataLoader epoch of CIFAR-sized images with data.transforms
//   (pad-4 reflect crop, horizontal flip, normalisation) against the plain epoch;
// - readCsv on a synthetic numeric CSV;
// - rocAucScore on 100,000 binary scores.
// Fastest of 9 timed runs after 2 warm-up runs (the fastest, not the median,
// because shared machines add noise that is no property of the code).
import { init, Tensor, Generator, data, metrics } from "../dist/index.js";

const rt = await init();
const g = new Generator(0);

function fastest(fn) {
  for (let i = 0; i < 2; i++) fn();
  const times = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return Math.min(...times);
}

for (const [n, f, batchSize] of [[569, 30, 32], [100000, 8, 256], [60000, 784, 128]]) {
  const x = Tensor.from(Float32Array.from({ length: n * f }, () => g.uniform()), [n, f]);
  const y = Tensor.from(Float32Array.from({ length: n }, () => g.uniform()));
  const ds = new data.TensorDataset(x, y);
  const loader = new data.DataLoader(ds, { batchSize, shuffle: true, seed: 1 });
  const epoch = fastest(() => {
    for (const batch of loader) void batch;
  });
  const order = Tensor.from(g.permutation(n), [n], "int32");
  const out = Tensor.empty([batchSize, f]);
  const rowBytes = f * 4;
  const perBatch = (copy) => () => {
    for (let start = 0; start < n; start += batchSize) copy(start, Math.min(batchSize, n - start));
  };
  const kernel = fastest(perBatch((start, count) => rt.k.gatherRows(x.ptr, rowBytes, order.ptr + start * 4, count, out.ptr)));
  const js = fastest(
    perBatch((start, count) => {
      const u8 = rt.u8;
      const idx = rt.i32;
      for (let i = 0; i < count; i++) {
        const r = idx[(order.ptr >> 2) + start + i];
        u8.copyWithin(out.ptr + i * rowBytes, x.ptr + r * rowBytes, x.ptr + (r + 1) * rowBytes);
      }
    }),
  );
  console.log(`${n}x${f}, batch ${batchSize}: gatherRows ${kernel.toFixed(3)} ms, JS copyWithin ${js.toFixed(3)} ms; DataLoader epoch ${epoch.toFixed(3)} ms`);
  for (const t of [x, y, order, out]) t.dispose();
  loader.dispose();
}

{
  const [n, batchSize] = [10000, 128];
  const images = Tensor.from(Float32Array.from({ length: n * 3 * 32 * 32 }, () => g.uniform()), [n, 3, 32, 32]);
  const ds = new data.TensorDataset(images, new Float32Array(n));
  const T = data.transforms;
  const augment = new T.Compose([new T.RandomCrop(32, { padding: 4, paddingMode: "reflect" }), new T.RandomHorizontalFlip(), new T.Normalize([0.49, 0.48, 0.45], [0.25, 0.24, 0.26])]);
  const time = (transform) => {
    const loader = new data.DataLoader(ds, { batchSize, shuffle: true, seed: 1, transform });
    const ms = fastest(() => {
      for (const batch of loader) void batch;
    });
    loader.dispose();
    return ms;
  };
  const plain = time(undefined), augmented = time(augment);
  console.log(`${n} images 3x32x32, batch ${batchSize}: DataLoader epoch ${plain.toFixed(1)} ms, with crop + flip + normalize ${augmented.toFixed(1)} ms (${((augmented - plain) / n * 1e3).toFixed(2)} µs per image)`);
  ds.dispose();
  images.dispose();
}

const rows = 50000;
const cols = 30;
const lines = [[...Array.from({ length: cols }, (_, j) => `f${j}`), "label"].join(",")];
for (let i = 0; i < rows; i++) lines.push([...Array.from({ length: cols }, () => g.normal().toPrecision(6)), i % 2].join(","));
const text = lines.join("\n");
const csv = fastest(() => data.readCsv(text, { target: "label" }));
console.log(`readCsv ${rows}x${cols + 1} (${(text.length / 1e6).toFixed(1)} MB): ${csv.toFixed(0)} ms (${(text.length / 1e3 / csv).toFixed(1)} MB/s)`);

const m = 100000;
const yTrue = Int32Array.from({ length: m }, () => g.randint(2));
const score = Float64Array.from({ length: m }, () => Math.round(g.uniform() * 1000) / 1000);
console.log(`rocAucScore ${m} samples: ${fastest(() => metrics.rocAucScore(yTrue, score)).toFixed(1)} ms`);
