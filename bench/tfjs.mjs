// TensorFlow.js peers: tfjs-backend-wasm (SIMD binary forced, one thread) and
// tfjs-backend-cpu (plain JavaScript), running the suite's cases through
// tfjs-core ops the way a tfjs user would write them.
import * as tf from "@tensorflow/tfjs-core";
// The umbrella package registers the gradients that tf.train optimizers need
// (tfjs-core alone has none); its backends are not used.
import "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * Load both backends. Returns a description of the tfjs-backend-wasm binary
 * that was actually read from disk (the Emscripten loader reads it with
 * fs.readFileSync, which is watched during initialisation) and its thread count.
 */
export async function loadTfjs() {
  const require = createRequire(import.meta.url);
  const dir = `${path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json"))}/dist/`;
  // Production mode: no debug checks, and no "install tfjs-node" banner.
  tf.env().set("PROD", true);
  tf.env().set("WASM_HAS_SIMD_SUPPORT", true);
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  setWasmPaths(dir);
  const read = fs.readFileSync;
  const loaded = [];
  fs.readFileSync = function (file, ...rest) {
    if (String(file).endsWith(".wasm")) loaded.push(path.basename(String(file)));
    return read.call(this, file, ...rest);
  };
  try {
    await tf.setBackend("wasm");
    await tf.ready();
  } finally {
    fs.readFileSync = read;
  }
  const threads = tf.backend().wasm._get_threads_count();
  await tf.setBackend("cpu");
  return { version: tf.version_core, wasmBinary: loaded.join(", ") || "unknown", wasmThreads: threads };
}

/** Switch the global tfjs backend ("wasm" or "cpu"). */
export async function useBackend(name) {
  await tf.setBackend(name);
  await tf.ready();
}

/** C = A·B in a layout (A stored [k,m] for TN, B stored [n,k] for NT). Returns [step, dispose]. */
export function tfGemm(n, layout) {
  const a = tf.randomUniform([n, n], -0.5, 0.5);
  const b = tf.randomUniform([n, n], -0.5, 0.5);
  const step = () => tf.matMul(a, b, layout[0] === "T", layout[1] === "T").dispose();
  return [step, () => tf.dispose([a, b])];
}

/** One Adam step (tf.train.adam) on a single variable of `size` elements. */
export function tfAdam(size) {
  const v = tf.tidy(() => tf.variable(tf.fill([size], 0.5)));
  const g = tf.fill([size], 0.01);
  const opt = tf.train.adam(1e-3);
  const step = () => opt.applyGradients([{ name: v.name, tensor: g }]);
  return [step, () => (opt.dispose(), tf.dispose([v, g]))];
}

function dense(inputs, outputs) {
  const bound = 1 / Math.sqrt(inputs);
  // Inside tidy so the initial values do not outlive the variables.
  return tf.tidy(() => ({ w: tf.variable(tf.randomUniform([inputs, outputs], -bound, bound)), b: tf.variable(tf.zeros([outputs])) }));
}

function trainer(layers, lossOf) {
  const opt = tf.train.adam(1e-3);
  const forward = (x) => layers.reduce((h, l, i) => {
    const z = tf.add(tf.matMul(h, l.w), l.b);
    return i < layers.length - 1 ? tf.relu(z) : z;
  }, x);
  const step = () => opt.minimize(() => lossOf(forward));
  const dispose = () => {
    opt.dispose();
    for (const l of layers) tf.dispose([l.w, l.b]);
  };
  return [step, dispose];
}

/** 784-256-128-10 ReLU MLP, softmax cross-entropy, Adam: one training step on a fixed batch. */
export function tfMlp(batch) {
  const x = tf.randomUniform([batch, 784]);
  const y = tf.tidy(() => tf.oneHot(tf.randomUniform([batch], 0, 10, "int32"), 10));
  const [step, dispose] = trainer([dense(784, 256), dense(256, 128), dense(128, 10)], (f) => tf.losses.softmaxCrossEntropy(y, f(x)));
  return [step, () => (dispose(), tf.dispose([x, y]))];
}

/** 2-16-1 ReLU network, BCE with logits, Adam: one training step on a fixed batch. */
export function tfTiny(batch) {
  const x = tf.randomUniform([batch, 2], -1, 1);
  const y = tf.tidy(() => tf.cast(tf.greater(tf.prod(x, 1, true), 0), "float32"));
  const [step, dispose] = trainer([dense(2, 16), dense(16, 1)], (f) => tf.losses.sigmoidCrossEntropy(y, f(x)));
  return [step, () => (dispose(), tf.dispose([x, y]))];
}

/**
 * A convolution case (bench/run.mjs, CONV_CASES) in tfjs's own NHWC layout:
 * forward and backward (filter and bias gradients, and the input's when
 * `inputGrad`), or with `forwardOnly` the forward pass alone. Depthwise
 * cases (groups = channels) use tf.depthwiseConv2d; tfjs has no other
 * grouped convolution. tfjs-backend-wasm 4.22 registers no
 * Conv2DBackpropFilter and no depthwise backprop kernel, so on that backend
 * only the forward pass runs.
 */
export function tfConv({ batch, cin, cout, size, kernel, padding, groups, inputGrad }, forwardOnly = false) {
  const depthwise = groups === cin && groups > 1;
  if (groups > 1 && !depthwise) throw new Error("bench: tfjs has no grouped convolution but depthwise");
  const x = tf.randomUniform([batch, size, size, cin], -1, 1);
  const w = tf.randomUniform(depthwise ? [kernel, kernel, cin, cout / cin] : [kernel, kernel, cin, cout], -0.1, 0.1);
  const b = tf.zeros([cout]);
  // Explicit padding as torch's: [[0, 0], [p, p], [p, p], [0, 0]].
  const pad = padding === 0 ? "valid" : [[0, 0], [padding, padding], [padding, padding], [0, 0]];
  const conv = (xi, wi, bi) => tf.add(depthwise ? tf.depthwiseConv2d(xi, wi, 1, pad) : tf.conv2d(xi, wi, 1, pad), bi);
  const dy = tf.tidy(() => tf.randomUniform(conv(x, w, b).shape, -1, 1));
  const loss = (xi, wi, bi) => tf.sum(tf.mul(conv(xi, wi, bi), dy));
  const grads = inputGrad ? tf.grads(loss) : tf.grads((wi, bi) => loss(x, wi, bi));
  const args = inputGrad ? [x, w, b] : [w, b];
  const step = forwardOnly ? () => tf.tidy(() => conv(x, w, b)).dispose() : () => tf.dispose(grads(args));
  return [step, () => tf.dispose([x, w, b, dy])];
}

/** MaxPool 2×2 stride 2 forward and backward over NHWC [batch, size, size, channels]. */
export function tfMaxPool({ batch, channels, size }) {
  const x = tf.randomUniform([batch, size, size, channels], -1, 1);
  const dy = tf.tidy(() => tf.randomUniform(tf.maxPool(x, 2, 2, "valid").shape, -1, 1));
  const grad = tf.grad((xi) => tf.sum(tf.mul(tf.maxPool(xi, 2, 2, "valid"), dy)));
  return [() => grad(x).dispose(), () => tf.dispose([x, dy])];
}

/** Live tfjs tensors (to check a case leaks nothing). */
export function tfTensorCount() {
  return tf.memory().numTensors;
}
