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
 * the backward pass runs only through `tfConvCpuFallback`.
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

/** The backprop kernels a convolution case's backward pass calls in tfjs (`tfConv`'s gradients). */
function convGradientKernels({ cin, groups, inputGrad }) {
  const [input, filter] = groups === cin && groups > 1
    ? ["DepthwiseConv2dNativeBackpropInput", "DepthwiseConv2dNativeBackpropFilter"]
    : ["Conv2DBackpropInput", "Conv2DBackpropFilter"];
  return inputGrad ? [input, filter] : [filter];
}

/** Of the kernels a convolution case's backward pass needs, those tfjs-backend-wasm does not register. */
export function tfWasmMissingKernels(c) {
  return convGradientKernels(c).filter((name) => tf.getKernel(name, "wasm") === undefined);
}

/**
 * tfjs-backend-cpu's kernel `name` registered for the wasm backend, as a tfjs
 * user must do to train such a layer there (tfjs does not fall back by
 * itself): the inputs are read out of the wasm heap into cpu-backend tensors,
 * the cpu kernel runs, and its result is written back into the wasm heap.
 */
function cpuFallback(name) {
  const kernel = tf.getKernel(name, "cpu");
  const cpu = tf.findBackend("cpu");
  const kernelFunc = ({ inputs, backend, attrs }) => {
    const moved = {};
    for (const [k, t] of Object.entries(inputs)) moved[k] = cpu.makeTensorInfo(t.shape, t.dtype, backend.readSync(t.dataId));
    const out = kernel.kernelFunc({ inputs: moved, backend: cpu, attrs });
    const values = cpu.readSync(out.dataId);
    for (const t of [...Object.values(moved), out]) cpu.disposeIntermediateTensorInfo(t);
    return backend.makeOutput(out.shape, out.dtype, undefined, values);
  };
  return { kernelName: name, backendName: "wasm", kernelFunc };
}

/**
 * `tfConv`'s forward and backward on tfjs-backend-wasm, with the backprop
 * kernels it lacks (`tfWasmMissingKernels`) run by tfjs-backend-cpu through
 * `cpuFallback`, the copies in and out of the wasm heap included in the time.
 * The fallbacks are registered until the case is disposed.
 */
export function tfConvCpuFallback(c) {
  const missing = tfWasmMissingKernels(c);
  for (const name of missing) tf.registerKernel(cpuFallback(name));
  try {
    const [step, dispose] = tfConv(c);
    return [step, () => {
      dispose();
      for (const name of missing) tf.unregisterKernel(name, "wasm");
    }];
  } catch (e) {
    for (const name of missing) tf.unregisterKernel(name, "wasm");
    throw e;
  }
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
