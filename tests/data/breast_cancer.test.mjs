// Smoke test on real data: ../shared/datasets/breast_cancer.csv relative to the
// repository root (a worktree may sit deeper, so parent folders are searched too).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { wt } from "../helpers.mjs";
const { data, metrics } = wt;

function sharedDataset(name) {
  // tests/data/ -> repository root is ../../; its parent (where shared/ sits) is ../../../
  for (let up = "../../../"; up.length <= 18; up += "../") {
    const url = new URL(`${up}shared/datasets/${name}`, import.meta.url);
    if (existsSync(url)) return url;
  }
  throw new Error(`shared/datasets/${name} not found beside the repository`);
}

test("breast_cancer.csv loads, splits stratified, scales and batches", async () => {
  const table = await data.loadCsv(sharedDataset("breast_cancer.csv"), { target: "label" });
  assert.deepEqual(table.x.shape, [569, 30]);
  assert.equal(table.featureNames[0], "mean_radius");
  assert.equal(table.y.filter((v) => v === 0).length, 212);
  const s = data.trainTestSplit(table.x, table.y, { testSize: 0.2, stratify: table.y, seed: 0 });
  // sklearn's train_test_split(stratify=y, test_size=0.2) puts 42 malignant and 72 benign in the test part.
  assert.deepEqual([s.yTest.filter((v) => v === 0).length, s.yTest.filter((v) => v === 1).length], [42, 72]);
  const scaler = new data.StandardScaler().fit(s.xTrain);
  const train = scaler.transform(s.xTrain);
  for (let j = 0; j < 30; j++) {
    let m = 0;
    for (let i = 0; i < 455; i++) m += train.data[i * 30 + j];
    assert.ok(Math.abs(m / 455) < 1e-6, `feature ${j} is centred`);
  }
  // "worst_area" alone separates the classes well (large tumours are malignant, label 0).
  const worstArea = table.featureNames.indexOf("worst_area");
  const score = Array.from({ length: 114 }, (_, i) => -s.xTest.data[i * 30 + worstArea]);
  assert.ok(metrics.rocAucScore(s.yTest, score) > 0.9);
  const ds = new data.TensorDataset(train, s.yTrain);
  const loader = new data.DataLoader(ds, { batchSize: 32, shuffle: true, seed: 0 });
  let seen = 0;
  for (const b of loader) seen += b.size;
  assert.equal(seen, 455);
  loader.dispose();
  ds.dispose();
});
