// The one training run every runtime executes (see runtimes.test.mjs): a
// fixed seed, a generated regression data set and a small MLP, trained twice:
// by an explicit loop (shuffled mini-batches, MSELoss, Adam under a cosine
// learning-rate schedule) and by `train.fit` (Adam under StepLR, validation
// data) ending in a checkpoint; then two small CNNs on generated images: one
// by hand over every convolution and pooling kernel, one by `train.fit` with
// the examples' recipe (AdamW under OneCycleLR); then augmented batches of
// generated images; then autograd: a loop of tensor operations by hand and a
// residual user module (`nn.Module` subclass) trained by `train.fit`. Nothing
// is left to a FinalizationRegistry (workerd has none): every operation runs
// inside `tidy` or is disposed. Plain ESM with no imports, so browsers,
// workers and workerd load it unbundled or bundled alike; the caller passes
// the initialised wasmtune namespace.

const SEED = 1234;
const ROWS = 96;
const FEATURES = 5;
const EPOCHS = 20;

/**
 * Train; return the mean loss and the learning rate of each epoch, SHA-256s
 * of the final weights and of a run of float64 normal draws, and the `fit`
 * run's losses and checkpoint SHA-256. The rates and draws are float64 host
 * numbers, where a last-bit difference in an engine's math would show before
 * float32 rounding could hide it. Also which GEMM microkernel init() chose
 * there, for the report: the bits must not depend on it.
 */
export async function train(wt) {
  const gen = new wt.Generator(SEED);
  const x = { data: new Float32Array(ROWS * FEATURES).map(() => gen.normal()), shape: [ROWS, FEATURES] };
  const y = { data: new Float32Array(ROWS), shape: [ROWS, 1] };
  for (let r = 0; r < ROWS; r++) {
    const [a, b, c, d] = x.data.subarray(r * FEATURES);
    y.data[r] = 0.5 * a - b * c + 0.25 * d * d + 0.1 * gen.normal();
  }
  const byHand = await trainByHand(wt, gen, x, y);
  const randomHash = await sha256([Float64Array.from({ length: 4096 }, () => gen.normal())]);
  const fit = await trainWithFit(wt, gen, x, y);
  const cnn = await trainCnn(wt, gen);
  const cnnFit = await trainCnnWithFit(wt, gen);
  const augmentHash = await augmentedBatches(wt, gen);
  const before = wt.memoryStats().allocatedBytes;
  const tapeByHand = await trainTapeByHand(wt, gen);
  const resnetFit = await trainResNetWithFit(wt, gen);
  // Everything the autograd runs allocated was freed without a finalizer.
  const tapeLeakedBytes = wt.memoryStats().allocatedBytes - before;
  return { ...byHand, randomHash, fit, cnn, cnnFit, augmentHash, tapeByHand, resnetFit, tapeLeakedBytes, microkernel: wt.runtimeInfo().microkernel };
}

function mlp(nn, gen) {
  return new nn.Sequential(
    new nn.Linear(FEATURES, 16, { generator: gen }),
    new nn.Tanh(),
    new nn.Linear(16, 16, { generator: gen }),
    new nn.ReLU(),
    new nn.Linear(16, 1, { generator: gen }),
  );
}

async function trainByHand({ nn, optim, data }, gen, x, y) {
  const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 16, shuffle: true, generator: gen });
  const model = mlp(nn, gen);
  const lossFn = new nn.MSELoss();
  const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
  const scheduler = new optim.lrScheduler.CosineAnnealingLR(opt, { tMax: EPOCHS, etaMin: 1e-4 });
  const losses = [];
  const lrs = [];
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    let sum = 0;
    for (const batch of loader) {
      opt.zeroGrad();
      sum += lossFn.forward(model.forward(batch.x), batch.y) * batch.size;
      model.backward(lossFn.backward());
      opt.step();
    }
    losses.push(sum / ROWS);
    lrs.push(opt.paramGroups[0].lr);
    scheduler.step();
  }
  const hash = await sha256(model.parameters().map((p) => p.data.toFloat32Array()));
  model.dispose();
  return { losses, lrs, hash };
}

// The last quarter of the rows validates.
async function trainWithFit({ nn, optim, train }, gen, x, y) {
  const cut = (ROWS * 3) / 4;
  const rows = (t, from, to) => ({ data: t.data.subarray(from * t.shape[1], to * t.shape[1]), shape: [to - from, t.shape[1]] });
  const model = mlp(nn, gen);
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
  const scheduler = new optim.lrScheduler.StepLR(optimizer, { stepSize: 3, gamma: 0.5 });
  const epochs = 8;
  const history = await train.fit(model, {
    loss: new nn.MSELoss(),
    optimizer,
    scheduler,
    train: { x: rows(x, 0, cut), y: rows(y, 0, cut) },
    val: { x: rows(x, cut, ROWS), y: rows(y, cut, ROWS) },
    epochs,
    batchSize: 12,
    seed: SEED,
  });
  const checkpoint = train.saveCheckpoint({ model, optimizer, scheduler }, { epoch: epochs, history: history.toJSON() });
  model.dispose();
  return { losses: history.get("loss"), valLosses: history.get("val_loss"), checkpointHash: await sha256([checkpoint]) };
}

// Every convolution and pooling kernel: reflect and zero padding, groups,
// BatchNorm2d, Dropout2d's channel masks, max and average pooling; SGD with
// momentum on 24 random 1×9×9 images in 3 classes (labels from the mean of
// the centre), full batch.
async function trainCnn({ nn, optim, Tensor }, gen) {
  const n = 24;
  const images = new Float32Array(n * 81).map(() => gen.normal());
  const labels = Int32Array.from({ length: n }, (_, i) => (images[i * 81 + 40] > 0.5 ? 2 : images[i * 81 + 40] > -0.5 ? 1 : 0));
  const model = new nn.Sequential(
    new nn.Conv2d(1, 4, 3, { padding: "same", paddingMode: "reflect", generator: gen }),
    new nn.BatchNorm2d(4),
    new nn.ReLU(),
    new nn.Dropout2d(0.25, { generator: gen }),
    new nn.MaxPool2d(3, { stride: 2, padding: 1 }),
    new nn.Conv2d(4, 6, 3, { groups: 2, padding: 1, generator: gen }),
    new nn.AvgPool2d(2, { ceilMode: true }),
    new nn.Flatten(),
    new nn.Linear(6 * 3 * 3, 3, { generator: gen }),
  );
  const x = Tensor.from(images, [n, 1, 9, 9]);
  const y = Tensor.from(labels, [n], "int32");
  const lossFn = new nn.CrossEntropyLoss();
  const opt = new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const losses = [];
  for (let step = 0; step < 15; step++) {
    opt.zeroGrad();
    losses.push(lossFn.forward(model.forward(x), y));
    model.backwardParams(lossFn.backward());
    opt.step();
  }
  const hash = await sha256(model.parameters().map((p) => p.data.toFloat32Array()));
  for (const t of [model, x, y]) t.dispose();
  return { losses, hash };
}

// Every data.transforms kernel: two shuffled epochs of a loader augmenting 20
// random 3×7×9 images (reflect-padded crop, both flips, a shift with a
// per-channel fill, Normalize); the SHA-256 of every batch.
async function augmentedBatches({ data }, gen) {
  const T = data.transforms;
  const n = 20;
  const ds = new data.TensorDataset({ data: new Float32Array(n * 3 * 7 * 9).map(() => gen.normal()), shape: [n, 3, 7, 9] });
  const transform = new T.Compose([
    new T.RandomCrop([6, 9], { padding: [2, 1], paddingMode: "reflect" }),
    new T.RandomHorizontalFlip(),
    new T.RandomVerticalFlip(0.3),
    new T.RandomAffine({ degrees: 0, translate: [0.2, 0.3], fill: [0.5, -1, 2] }),
    new T.Normalize([0.1, 0.2, 0.3], [1.5, 0.7, 3]),
  ]);
  const loader = new data.DataLoader(ds, { batchSize: 6, shuffle: true, generator: gen, transform });
  const batches = [];
  for (let epoch = 0; epoch < 2; epoch++) for (const batch of loader) batches.push(batch.x.toFloat32Array());
  loader.dispose();
  ds.dispose();
  return sha256(batches);
}

// The recipe of examples/digits_cnn.mjs and fashion_mnist_cnn.mjs in small:
// Conv-BN2d-ReLU-MaxPool blocks, Linear-ReLU-Dropout, AdamW under OneCycleLR
// stepped per batch, shuffled mini-batches of [N, 1, 8, 8] images, eval-mode
// validation (BatchNorm2d's running statistics). 3 classes: a horizontal,
// vertical or diagonal stroke at a random place, in noise. The hash covers the
// whole state dict (running statistics, batches tracked) and the validation logits.
async function trainCnnWithFit({ nn, optim, train, Tensor }, gen) {
  const n = 160;
  const { images, labels } = strokes(gen, n, 8);
  const cut = 128;
  const rows = (from, to) => ({ x: { data: images.subarray(from * 64, to * 64), shape: [to - from, 1, 8, 8] }, y: labels.subarray(from, to) });
  const block = (cin, cout) => [new nn.Conv2d(cin, cout, 3, { padding: 1, generator: gen }), new nn.BatchNorm2d(cout), new nn.ReLU(), new nn.MaxPool2d(2)];
  const model = new nn.Sequential(
    ...block(1, 6),
    ...block(6, 8),
    new nn.Flatten(),
    new nn.Linear(8 * 2 * 2, 16, { generator: gen }),
    new nn.ReLU(),
    new nn.Dropout(0.25, { generator: gen }),
    new nn.Linear(16, 3, { generator: gen }),
  );
  const epochs = 10;
  const batchSize = 32;
  const optimizer = new optim.AdamW(model.parameters(), { lr: 0.03, weightDecay: 0.01 });
  const scheduler = new optim.lrScheduler.OneCycleLR(optimizer, { maxLr: 0.03, epochs, stepsPerEpoch: cut / batchSize });
  const history = await train.fit(model, {
    loss: new nn.CrossEntropyLoss(),
    optimizer,
    scheduler,
    train: rows(0, cut),
    val: rows(cut, n),
    epochs,
    batchSize,
    seed: SEED,
    metrics: ["accuracy"],
  });
  const logits = train.predict(model, Tensor.from(images.subarray(cut * 64), [n - cut, 1, 8, 8]));
  const hash = await sha256([...Object.values(model.stateDict()).map((t) => t.data), logits.toFloat32Array()]);
  for (const t of [model, logits]) t.dispose();
  return { losses: history.get("loss"), valLosses: history.get("val_loss"), valAccuracy: history.get("val_accuracy"), lrs: history.lr, hash };
}

// Autograd through user modules: torchvision's BasicBlock in small (Conv2d
// with 8 channels, so the Winograd engine,
// BatchNorm2d and one ReLU module called twice on each path, the skip
// connection added before the second call), global average pooling and a
// linear head; `train.fit` takes the tape path (Loss.call, loss.backward()
// inside tidy) with Adam on 6×6 stroke images. The classes are declared here
// because the script imports nothing: `nn` arrives with the namespace.
function residualNet(nn, gen) {
  class BasicBlock extends nn.Module {
    constructor(channels) {
      super();
      this.conv1 = new nn.Conv2d(channels, channels, 3, { padding: 1, bias: false, generator: gen });
      this.bn1 = new nn.BatchNorm2d(channels);
      this.relu = new nn.ReLU();
      this.conv2 = new nn.Conv2d(channels, channels, 3, { padding: 1, bias: false, generator: gen });
      this.bn2 = new nn.BatchNorm2d(channels);
    }

    forward(x) {
      const out = this.bn2.forward(this.conv2.forward(this.relu.forward(this.bn1.forward(this.conv1.forward(x)))));
      return this.relu.forward(out.add(x));
    }
  }
  class Net extends nn.Module {
    constructor() {
      super();
      this.stem = new nn.Conv2d(1, 8, 3, { padding: 1, generator: gen });
      this.block = new BasicBlock(8);
      this.pool = new nn.AdaptiveAvgPool2d(1);
      this.fc = new nn.Linear(8, 3, { generator: gen });
    }

    forward(x) {
      return this.fc.forward(this.pool.forward(this.block.forward(this.stem.forward(x))).flatten(1));
    }
  }
  return new Net();
}

// The hash covers the whole state dict (running statistics included) and
// the eval-mode validation logits.
async function trainResNetWithFit({ nn, optim, train, Tensor, tidy }, gen) {
  const n = 96;
  const cut = 72;
  const { images, labels } = strokes(gen, n, 6);
  const rows = (from, to) => ({ x: { data: images.subarray(from * 36, to * 36), shape: [to - from, 1, 6, 6] }, y: labels.subarray(from, to) });
  const model = residualNet(nn, gen);
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.02 });
  const loss = new nn.CrossEntropyLoss();
  const history = await train.fit(model, {
    loss,
    optimizer,
    train: rows(0, cut),
    val: rows(cut, n),
    epochs: 5,
    batchSize: 16,
    seed: SEED,
  });
  const logits = train.predict(model, rows(cut, n).x);
  const hash = await sha256([...Object.values(model.stateDict()).map((t) => t.data), logits.toFloat32Array()]);
  // What the tape records for one call (eval mode: the state dict stays as hashed).
  model.eval();
  const one = Tensor.from(images.subarray(0, 36), [1, 1, 6, 6]);
  const graph = tidy(() => graphNodes(model.forward(one).gradFn));
  for (const t of [model, optimizer, loss, logits, one]) t.dispose();
  return { losses: history.get("loss"), valLosses: history.get("val_loss"), hash, graph };
}

// Autograd by hand over tensor operations: a two-layer classifier whose
// hidden units are split (narrow, strided slice of a permuted view) and
// joined again (cat), broadcast biases, log-softmax against one-hot targets,
// an L2 penalty; SGD with momentum, each step inside tidy.
async function trainTapeByHand({ nn, optim, Tensor, tidy, cat, matmul }, gen) {
  const n = 40;
  const x = Tensor.from(Float32Array.from({ length: n * 6 }, () => gen.normal()), [n, 6]);
  const onehot = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const [a, b, c, d, e] = x.data.subarray(i * 6);
    const scores = [a + b, c * d, e];
    onehot[i * 3 + scores.indexOf(Math.max(...scores))] = 1;
  }
  const y = Tensor.from(onehot, [n, 3]);
  const param = (shape, scale) => new nn.Parameter(Tensor.from(Float32Array.from({ length: shape.reduce((p, k) => p * k, 1) }, () => scale * gen.normal()), shape));
  const [w1, b1, w2, b2] = [param([6, 8], 0.4), param([8], 0.1), param([12, 3], 0.3), param([3], 0.1)];
  const params = [w1, b1, w2, b2];
  const opt = new optim.SGD(params, { lr: 0.2, momentum: 0.9 });
  const losses = [];
  for (let step = 0; step < 25; step++) {
    opt.zeroGrad();
    losses.push(
      tidy(() => {
        const h = x.matmul(w1.data).add(b1.data); // [n, 8] + [8]
        const interleaved = h.view([n, 2, 4]).permute([0, 2, 1]).reshape([n, 8]).slice(1, 1, 8, 2);
        const features = cat([h.narrow(1, 0, 4).relu(), h.slice(1, 4).tanh(), interleaved], 1);
        const logits = matmul(features, w2.data).add(b2.data.unsqueeze(0));
        const nll = logits.logSoftmax(1).mul(y).sum(1).mean().neg();
        const loss = nll.add(w1.data.pow(2).sum(), { alpha: 1e-3 });
        loss.backward();
        return nll.item();
      }),
    );
    opt.step();
  }
  const hash = await sha256(params.map((p) => p.data.toFloat32Array()));
  for (const t of [opt, x, y, ...params.flatMap((p) => [p.data, p.grad])]) t.dispose();
  return { losses, hash };
}

/** The names of the nodes of the graph ending at `root`, each once, in the order a depth-first walk meets them. */
function graphNodes(root) {
  const names = [];
  const seen = new Set();
  const stack = [root];
  while (stack.length) {
    const node = stack.pop();
    if (node === null || seen.has(node)) continue;
    seen.add(node);
    names.push(node.name);
    for (const input of node.inputs) stack.push(input.gradFn);
  }
  return names;
}

/**
 * `n` single-channel `side`×`side` images in 3 classes: a horizontal, vertical
 * or diagonal stroke of length 5 at a random place, in noise.
 */
function strokes(gen, n, side) {
  const images = new Float32Array(n * side * side).map(() => 0.3 * gen.normal());
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const kind = (labels[i] = gen.randint(3));
    const r = 2 + gen.randint(side - 4);
    const c = 2 + gen.randint(side - 4);
    for (let k = -2; k <= 2; k++) {
      const [y, x] = kind === 0 ? [r, c + k] : kind === 1 ? [r + k, c] : [r + k, c + k];
      images[i * side * side + y * side + x] += 1;
    }
  }
  return { images, labels };
}

async function sha256(arrays) {
  const bytes = new Uint8Array(arrays.reduce((n, a) => n + a.byteLength, 0));
  let at = 0;
  for (const a of arrays) {
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
