import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import "../helpers.mjs";
import { data } from "../../dist/index.js";
import { fashionMnistCnn } from "../../examples/fashion_mnist_cnn.mjs";

// Short runs of examples/fashion_mnist_cnn.mjs on Debian's
// dataset-fashion-mnist (`npm run setup` installs it); the measured full run
// is in docs/cnn.md.

const root = fileURLToPath(new URL("../..", import.meta.url));

// A training loader that counts the batches it gives.
let batches = 0;
class CountingLoader extends data.DataLoader {
  [Symbol.iterator]() {
    const epoch = super[Symbol.iterator]();
    return {
      next: () => {
        const r = epoch.next();
        if (!r.done) batches++;
        return r;
      },
    };
  }
}

test("fashion-mnist CNN: 2 epochs on 512 images learn (test accuracy >= 0.6 on 500), through the pluggable training loader", async () => {
  const entries = [];
  const r = await fashionMnistCnn({
    epochs: 2,
    subset: 512,
    testSubset: 500,
    batchSize: 64,
    loader: (dataset, options) => new CountingLoader(dataset, { ...options, shuffle: true }),
    onEpoch: (entry, config) => entries.push({ entry, config }),
  });
  assert.ok(r.accuracy >= 0.6, `test accuracy ${r.accuracy}`);
  const loss = r.history.get("loss");
  assert.ok(loss[1] < loss[0] * 0.75, `the training loss did not fall: ${loss.join(", ")}`);
  assert.equal(batches, 2 * 8, "the training batches did not come from the given loader");
  assert.deepEqual(entries.map((e) => e.entry.epoch), [1, 2]);
  assert.equal(entries[1].entry.testAccuracy, r.accuracy);
  assert.ok(entries.every((e) => e.entry.samplesPerSecond > 0 && e.entry.samplesPerCpuSecond > 0), JSON.stringify(entries));
  assert.deepEqual(entries[0].config, { epochs: 2, batchSize: 64, trainImages: 512, testImages: 500, optimizer: "adamw", lr: 3e-3, weightDecay: 1e-2, schedule: "onecycle", dropout: 0.25, seed: 0 });
});

test("fashion-mnist CNN from the command line: --log keeps each epoch's figures, --augment trains on augmented batches; an unknown flag or optimizer is refused", () => {
  const log = join(mkdtempSync(join(tmpdir(), "wasmtune-fashion-")), "run.json");
  const run = (...args) => spawnSync(process.execPath, ["examples/fashion_mnist_cnn.mjs", ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
  const r = run("--epochs", "1", "--subset", "128", "--test-subset", "100", "--optimizer", "sgd", "--schedule", "cosine", "--log", log);
  assert.equal(r.status, 0, r.stderr);
  const accuracy = Number(r.stdout.match(/test accuracy ([\d.]+)/)?.[1]);
  const saved = JSON.parse(readFileSync(log, "utf8"));
  assert.equal(saved.config.optimizer, "sgd");
  assert.equal(saved.config.lr, 0.05);
  assert.equal(saved.epochs.length, 1);
  assert.equal(saved.epochs[0].testAccuracy.toFixed(4), accuracy.toFixed(4));
  const plainLog = `${log}.plain`;
  assert.equal(run("--epochs", "1", "--subset", "128", "--test-subset", "100", "--batch-size", "32", "--log", plainLog).status, 0);
  const augmented = run("--epochs", "1", "--subset", "128", "--test-subset", "100", "--batch-size", "32", "--augment", "--log", log);
  assert.equal(augmented.status, 0, augmented.stderr);
  const [a, p] = [log, plainLog].map((f) => JSON.parse(readFileSync(f, "utf8")));
  assert.deepEqual(a.augment, { cropPadding: 1, horizontalFlip: 0.5 });
  assert.equal(p.augment, false);
  // Same seed, same images and initial weights: only the augmentation can change the training loss.
  assert.notEqual(a.epochs[0].loss, p.epochs[0].loss);
  assert.match(run("--agument").stderr, /Unknown option '--agument'/);
  assert.match(run("--crop-padding", "1").stderr, /--crop-padding needs --augment/);
  assert.match(run("--augment", "--crop-padding", "1.5").stderr, /--crop-padding must be a whole number >= 0, got 1.5/);
  assert.match(run("--optimizer", "adam").stderr, /unknown optimizer 'adam' \(adamw or sgd\)/);
  assert.match(run("--epochs", "ten").stderr, /'ten' is not a number/);
});
