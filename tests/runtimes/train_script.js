// The one training run every runtime executes (see runtimes.test.mjs). Plain
// ESM with no imports, so browsers, workers and workerd load it unbundled or
// bundled alike: the caller passes the initialised wasmtune namespace and the
// runtime that `init()` resolved to.

const SEED = 1234;
const ROWS = 64;
const FEATURES = 5;
const EPOCHS = 6;

/** Train a small regression model; return the per-epoch loss and a SHA-256 of the final weights. */
export async function train(wt, runtime) {
  const { Tensor, Generator } = wt;
  const gen = new Generator(SEED);
  const x = Tensor.empty([ROWS, FEATURES]);
  const y = Tensor.empty([ROWS, 1]);
  const xs = x.data;
  for (let i = 0; i < xs.length; i++) xs[i] = gen.normal();
  for (let r = 0; r < ROWS; r++) {
    const o = r * FEATURES;
    y.data[r] = 0.5 * xs[o] - xs[o + 1] * xs[o + 2] + 0.25 * xs[o + 3] + 0.1;
  }
  const w = Tensor.from(Array.from({ length: FEATURES }, () => gen.normal(0, 0.1)), [1, FEATURES]);
  const pred = Tensor.empty([ROWS, 1]);
  const diff = Tensor.empty([ROWS, 1]);
  const grad = Tensor.empty([1, FEATURES]);
  const losses = [];
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const lr = 0.1 * 0.5 ** Math.floor(epoch / 2);
    runtime.k.gemmNT(x.ptr, w.ptr, pred.ptr, ROWS, FEATURES, 1, 0, 0);
    let loss = 0;
    for (let r = 0; r < ROWS; r++) {
      const d = pred.data[r] - y.data[r];
      diff.data[r] = (2 * d) / ROWS;
      loss += d * d;
    }
    losses.push(loss / ROWS);
    runtime.k.gemmTN(diff.ptr, x.ptr, grad.ptr, 1, ROWS, FEATURES, 0, 0);
    const wd = w.data;
    for (let i = 0; i < FEATURES; i++) wd[i] -= lr * grad.data[i];
  }
  const hash = await sha256(w.toFloat32Array());
  for (const t of [x, y, w, pred, diff, grad]) t.dispose();
  return { losses, hash };
}

async function sha256(floats) {
  const digest = await crypto.subtle.digest("SHA-256", new Uint8Array(floats.buffer, floats.byteOffset, floats.byteLength));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
