// DataLoader({ transform }): each batch augmented image by image from the loader's generator, in the
// documented order (the epoch's permutation, then image after image, each transform in turn), and
// resumable from getState() at any batch.
import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../../helpers.mjs";
const { Generator, Tensor, memoryStats, data } = wt;
const T = data.transforms;

const C = 3, H = 5, W = 7;
// Images [N, C, H, W] whose pixels differ everywhere (row number plus position).
function images(n) {
  const size = C * H * W;
  return { data: Float32Array.from({ length: n * size }, (_, k) => Math.floor(k / size) + (k % size) / 128), shape: [n, C, H, W] };
}

const augment = () =>
  new T.Compose([
    new T.RandomCrop([4, 6], { padding: 1, paddingMode: "reflect" }),
    new T.RandomHorizontalFlip(),
    new T.Compose([new T.RandomVerticalFlip(0.3), new T.RandomAffine({ degrees: 0, translate: [0.4, 0.3], fill: [1, 2, 3] })]),
    new T.Normalize([0.5, 0.25, 0.125], [2, 0.5, 4]),
  ]);

const bits = (t) => Array.from(new Uint32Array(Float32Array.from(t.data).buffer));

function epoch(loader) {
  const out = [];
  for (const b of loader) out.push({ x: bits(b.x), shape: b.x.shape.slice(), y: Array.from(b.y.data) });
  return out;
}

test("each batch is the gathered rows through the transform with parameters drawn image after image after the permutation", () => {
  const n = 23, ds = new data.TensorDataset(images(n), Float32Array.from({ length: n }, (_, i) => i));
  const t = augment();
  const loader = new data.DataLoader(ds, { batchSize: 5, shuffle: true, seed: 11, transform: t });
  const g = new Generator(11);
  const all = ds.features;
  const size = C * H * W;
  for (let e = 0; e < 2; e++) {
    const order = g.shuffle(Int32Array.from({ length: n }, (_, i) => i));
    let at = 0;
    for (const b of loader) {
      const rows = Array.from(order.subarray(at, at + b.size));
      at += b.size;
      const raw = Tensor.from(rows.flatMap((r) => Array.from(all.data.subarray(r * size, (r + 1) * size))), [b.size, C, H, W]);
      const expected = t.applyWith(raw, rows.map(() => t.getParams(g, [C, H, W])));
      assert.deepEqual(b.x.shape, [b.size, C, 4, 6]);
      assert.deepEqual(bits(b.x), bits(expected), `epoch ${e}, batch ${b.index}`);
      assert.deepEqual(Array.from(b.y.data), rows);
      raw.dispose();
      expected.dispose();
    }
    assert.equal(at, n);
  }
  loader.dispose();
  ds.dispose();
});

test("a seed reproduces the augmented batches; the next epoch draws new parameters", () => {
  const ds = new data.TensorDataset(images(12), new Float32Array(12));
  const a = new data.DataLoader(ds, { batchSize: 4, shuffle: false, seed: 5, transform: augment() });
  const b = new data.DataLoader(ds, { batchSize: 4, shuffle: false, seed: 5, transform: augment() });
  const first = epoch(a);
  assert.deepEqual(first, epoch(b));
  const second = epoch(a);
  assert.deepEqual(second, epoch(b));
  assert.notDeepEqual(first.map((x) => x.x), second.map((x) => x.x), "same rows, new augmentation");
  for (const l of [a, b]) l.dispose();
  ds.dispose();
});

test("resuming from getState() inside an epoch or between epochs continues the same augmented batches", () => {
  const n = 19, ds = new data.TensorDataset(images(n), Float32Array.from({ length: n }, (_, i) => i));
  const make = (seed) => new data.DataLoader(ds, { batchSize: 4, shuffle: true, seed, transform: augment() });
  const ref = make(3);
  const expected = [...epoch(ref), ...epoch(ref), ...epoch(ref)];
  // Inside the first epoch, after its last batch (still inside it), after it ended, inside the second.
  for (const [stopAt, close] of [[2, false], [5, false], [5, true], [7, false]]) {
    const run = make(3);
    const seen = [];
    let it = run[Symbol.iterator]();
    for (let k = 0; k < stopAt; k++) {
      if (k === run.length) {
        assert.equal(it.next().done, true);
        it = run[Symbol.iterator]();
      }
      const b = it.next().value;
      seen.push({ x: bits(b.x), shape: b.x.shape.slice(), y: Array.from(b.y.data) });
    }
    if (close) assert.equal(it.next().done, true);
    const state = JSON.parse(JSON.stringify(run.getState()));
    assert.equal(state.stream !== undefined, !close, "the transform's position is saved inside an epoch");
    const resumed = make(99);
    resumed.setState(state);
    assert.deepEqual(resumed.getState(), state, "a restored state reads back as saved");
    while (seen.length < expected.length) seen.push(...epoch(resumed));
    assert.deepEqual(seen, expected, `stopped after ${stopAt} batches${close ? ", epoch ended" : ""}`);
    for (const l of [run, resumed]) l.dispose();
  }
  ref.dispose();
  ds.dispose();
});

test("flat rows with imageShape: augmented rows stay rows, in the images' order of values", () => {
  const n = 6, size = C * H * W;
  const flat = { data: Float32Array.from({ length: n * size }, (_, i) => i), shape: [n, size] };
  const ds = new data.TensorDataset(flat, new Float32Array(n));
  const crop = new T.RandomCrop(3, { padIfNeeded: true });
  const loader = new data.DataLoader(ds, { batchSize: 4, seed: 1, transform: crop, imageShape: [C, H, W] });
  const g = new Generator(1);
  for (const b of loader) {
    assert.deepEqual(b.x.shape, [b.size, C * 3 * 3]);
    const raw = Tensor.from(flat.data.subarray(b.index * 4 * size, (b.index * 4 + b.size) * size), [b.size, C, H, W]);
    const want = crop.applyWith(raw, Array.from({ length: b.size }, () => crop.getParams(g, [C, H, W])));
    assert.deepEqual(bits(b.x), bits(want));
    raw.dispose();
    want.dispose();
  }
  loader.dispose();
  ds.dispose();
});

test("steady-state augmented epochs allocate no WebAssembly memory", () => {
  const ds = new data.TensorDataset(images(23), new Float32Array(23));
  const loader = new data.DataLoader(ds, { batchSize: 5, shuffle: true, seed: 2, transform: augment() });
  epoch(loader);
  const start = memoryStats();
  for (let e = 0; e < 3; e++) epoch(loader);
  assert.deepEqual(memoryStats(), start);
  loader.dispose();
  ds.dispose();
});

test("the loader refuses a transform it cannot apply, naming what is wrong", () => {
  const ds = new data.TensorDataset(images(4), new Float32Array(4));
  const flat = new data.TensorDataset([[1, 2, 3, 4, 5, 6]], [0]);
  assert.throws(() => new data.DataLoader(ds, { transform: new T.RandomCrop(6) }), /Required crop size \(6, 6\) is larger than input image size \(5, 7\)/);
  assert.throws(() => new data.DataLoader(ds, { transform: new T.Normalize([0, 0], [1, 1]) }), /Normalize: mean has 2 values but the images have 3 channels/);
  assert.throws(() => new data.DataLoader(flat, { transform: new T.RandomHorizontalFlip() }), /rows of shape \[6\] are not images \[C, H, W\]; pass imageShape/);
  assert.throws(() => new data.DataLoader(flat, { transform: new T.RandomHorizontalFlip(), imageShape: [1, 2, 2] }), /imageShape \[1, 2, 2\] holds 4 values but the rows of shape \[6\] hold 6/);
  assert.throws(() => new data.DataLoader(flat, { transform: new T.RandomHorizontalFlip(), imageShape: [1, 2.5, 2] }), /imageShape must be three positive integers/);
  assert.throws(() => new data.DataLoader(flat, { imageShape: [1, 2, 3] }), /imageShape is only used by a transform/);
  assert.throws(() => new data.DataLoader(flat, { transform: (x) => x }), /transform must be a data.transforms transform/);
  assert.throws(() => new data.DataLoader(flat, { transfrom: new T.RandomHorizontalFlip() }), /unknown option 'transfrom' — did you mean 'transform'\?/);
  const loader = new data.DataLoader(ds, { batchSize: 2, transform: new T.RandomHorizontalFlip() });
  const good = loader.getState();
  assert.throws(() => loader.setState({ ...good, batch: 1, stream: [0, 0, 0, 0] }), /generator state must not be all zero/);
  assert.deepEqual(loader.getState(), good, "a refused state changes nothing");
  loader.dispose();
  ds.dispose();
  flat.dispose();
});
