// The shared training script (train_script.js) in every supported runtime:
// Node, Deno, Bun, Chromium (main thread and a Web Worker) and Cloudflare
// workerd. Each runtime is started once; the losses, learning rates, final
// weights, a run of random draws, the fit() run's checkpoint, the CNN runs,
// augmented batches and the autograd runs (tensor operations by hand, a
// residual user module under fit()) must be bit-identical everywhere, and
// so must the seeded studies of tune_script.js (every trial's params, values,
// intermediate values and state).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as wt from "../../dist/index.js";
import { train } from "./train_script.js";
import { tuneStudies } from "./tune_script.js";
import { serve } from "./serve.mjs";
import { withPage } from "./chromium.mjs";
import { fetchFromWorkerd } from "./workerd.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cli = fileURLToPath(new URL("./cli.mjs", import.meta.url));
const results = {};

function runCli(bin, args) {
  const r = spawnSync(`${root}node_modules/.bin/${bin}`, [...args, cli], { cwd: root, encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, `${bin} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1));
}

test("Node", async () => {
  await wt.init();
  results.node = { ...(await train(wt)), tune: await tuneStudies(wt) };
});

test("Deno", () => {
  results.deno = runCli("deno", ["run", "--quiet", `--allow-read=${root}`]);
});

test("Bun", () => {
  results.bun = runCli("bun", []);
});

test("Chromium, main thread and Web Worker", async () => {
  const server = await serve(root);
  try {
    const out = await withPage(async (page) => {
      await page.goto(`${server.url}tests/runtimes/browser/index.html`);
      return page.evaluate(() => globalThis.results);
    });
    results.chromium = out.chromium;
    results.webWorker = out.worker;
  } finally {
    await server.close();
  }
});

test("Cloudflare workerd; there init() without the imported module explains the edge pattern, the relaxed build loads as documented, and a journal storage names the in-memory alternative", async () => {
  const dir = fileURLToPath(new URL("./workerd/", import.meta.url));
  const [trained, bare, relaxed, journal] = await fetchFromWorkerd({
    entries: [`${dir}worker.js`, `${dir}no_module.js`, `${dir}relaxed.js`],
    outdir: `${dir}out`,
    config: `${dir}config.capnp`,
    paths: ["/", "/no-module", "/relaxed", "/journal"],
  });
  results.workerd = trained;
  assert.match(bare.error, /^wasmtune: cannot locate wasmtune\.wasm: the module has no URL to look beside/);
  assert.match(bare.error, /import wasm from "wasmtune\/wasmtune\.wasm"; await init\(wasm\);/);
  assert.equal(relaxed.relaxedSimd, true);
  assert.match(journal.error, /^wasmtune: JournalFileStorage needs a file system \(Node 20\.16\+, Deno or Bun\); in browsers and workerd leave `storage` unset/);
  assert.ok(relaxed.losses.at(-1) < relaxed.losses[0], `the relaxed build does not train: ${relaxed.losses.join(", ")}`);
});

test("every runtime gives the same losses, learning rates, random draws, weights, checkpoint, CNN runs, augmented batches and autograd runs, bit for bit", (t) => {
  const names = ["node", "deno", "bun", "chromium", "webWorker", "workerd"];
  for (const n of names) {
    const r = results[n];
    assert.ok(r, `${n} produced no result (see its test above)`);
    t.diagnostic(`${n.padEnd(9)} ${r.microkernel.padEnd(7)} weights sha256 ${r.hash}  checkpoint sha256 ${r.fit?.checkpointHash}  CNN fit() sha256 ${r.cnnFit?.hash}  autograd sha256 ${r.tapeByHand?.hash} ${r.resnetFit?.hash}  losses ${r.losses.map((l) => l.toPrecision(8)).join(" ")}`);
  }
  const ref = results.node;
  assert.ok(ref.losses.at(-1) < ref.losses[0], `the run does not train: ${ref.losses.join(", ")}`);
  assert.ok(ref.fit.valLosses.at(-1) < ref.fit.valLosses[0], `fit() does not train: ${ref.fit.valLosses.join(", ")}`);
  assert.ok(ref.cnn.losses.at(-1) < ref.cnn.losses[0], `the CNN does not train: ${ref.cnn.losses.join(", ")}`);
  assert.match(ref.augmentHash ?? "", /^[0-9a-f]{64}$/, "Node hashed no augmented batches");
  assert.ok(ref.cnnFit.losses.at(-1) < ref.cnnFit.losses[0] / 2, `the CNN under fit() does not train: ${ref.cnnFit.losses.join(", ")}`);
  assert.ok(ref.cnnFit.valAccuracy.at(-1) >= 0.75, `the CNN under fit() does not generalise: validation accuracy ${ref.cnnFit.valAccuracy.join(", ")}`);
  assert.ok(ref.tapeByHand.losses.at(-1) < ref.tapeByHand.losses[0] / 4, `the hand-written autograd loop does not train: ${ref.tapeByHand.losses.join(", ")}`);
  assert.ok(ref.resnetFit.losses.at(-1) < ref.resnetFit.losses[0] / 2, `the residual user module under fit() does not train: ${ref.resnetFit.losses.join(", ")}`);
  assert.ok(ref.resnetFit.valLosses.at(-1) < ref.resnetFit.valLosses[0] / 2, `the residual user module does not generalise: ${ref.resnetFit.valLosses.join(", ")}`);
  const count = (name) => ref.resnetFit.graph.filter((n) => n === name).length;
  assert.deepEqual([count("ConvolutionBackward0"), count("NativeBatchNormBackward0"), count("ReluBackward0"), count("AddBackward0")], [3, 2, 2, 1], `the residual net's graph: ${ref.resnetFit.graph.join(" ")}`);
  for (const n of names) {
    assert.deepEqual(results[n].losses, ref.losses, `${n} loss curve differs from Node's`);
    assert.deepEqual(results[n].lrs, ref.lrs, `${n} learning rates differ from Node's`);
    assert.equal(results[n].hash, ref.hash, `${n} final weights differ from Node's`);
    assert.equal(results[n].randomHash, ref.randomHash, `${n} random normal draws differ from Node's`);
    assert.deepEqual(results[n].fit, ref.fit, `${n} fit() run (losses, validation losses, checkpoint bytes) differs from Node's`);
    assert.deepEqual(results[n].cnn, ref.cnn, `${n} CNN run (losses, final weights) differs from Node's`);
    assert.equal(results[n].augmentHash, ref.augmentHash, `${n} augmented batches (data.transforms) differ from Node's`);
    assert.deepEqual(results[n].cnnFit, ref.cnnFit, `${n} CNN fit() run (losses, validation, learning rates, state dict, logits) differs from Node's`);
    assert.deepEqual(results[n].tapeByHand, ref.tapeByHand, `${n} hand-written autograd loop (losses, final parameters) differs from Node's`);
    assert.deepEqual(results[n].resnetFit, ref.resnetFit, `${n} residual user module under fit() (losses, validation losses, state dict, logits, graph) differs from Node's`);
    assert.equal(results[n].tapeLeakedBytes, 0, `${n}: the autograd runs left WASM memory allocated (workerd has no FinalizationRegistry to free it)`);
  }
});

test("every runtime runs the same seeded studies (TPE, multivariate TPE + MedianPruner, scrambled QMC, CMA-ES, random), bit for bit", (t) => {
  const names = ["node", "deno", "bun", "chromium", "webWorker", "workerd"];
  const ref = results.node?.tune;
  assert.ok(ref, "Node ran no studies (see its test above)");
  for (const [study, trials] of Object.entries(ref)) {
    t.diagnostic(`${study.padEnd(15)} ${trials.map((tr) => tr.state[0]).join("")}  best ${Math.min(...trials.filter((tr) => tr.state === "COMPLETE").map((tr) => tr.values[0])).toPrecision(6)}`);
    assert.ok(trials.every((tr) => tr.state === "COMPLETE" || tr.state === "PRUNED"), `${study}: ${trials.map((tr) => tr.state).join(" ")}`);
    assert.equal(new Set(trials.map((tr) => JSON.stringify(tr.params))).size, trials.length, `${study} repeats a configuration`);
  }
  for (const study of ["tpe", "tpeMultivariate"]) assert.ok(ref[study].some((tr) => tr.state === "PRUNED"), `MedianPruner pruned nothing in ${study}`);
  assert.deepEqual(Object.keys(ref.tpe[0].params), ["lr", "momentum", "hidden", "weightDecay", "width", "activation"]);
  for (const n of names) {
    assert.ok(results[n]?.tune, `${n} ran no studies (see its test above)`);
    for (const study of Object.keys(ref)) assert.deepEqual(results[n].tune[study], ref[study], `${n}: study ${study} differs from Node's`);
  }
});
