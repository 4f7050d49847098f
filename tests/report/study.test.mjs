// The tuning charts and report.html with a real tune.Study (not the plain
// objects of samples.mjs): the shape the charts read is the one Study has.
import { test } from "node:test";
import assert from "node:assert/strict";
import { init, tune } from "../../dist/index.js";
import * as report from "../../dist/report/index.js";

await init();

const study = await tune.createStudy({ direction: "minimize", sampler: new tune.RandomSampler({ seed: 1 }), pruner: new tune.MedianPruner({ nStartupTrials: 3, nWarmupSteps: 2 }) });
await study.optimize(
  (trial) => {
    const lr = trial.suggestFloat("lr", 1e-4, 1, { log: true });
    const layers = trial.suggestInt("layers", 1, 4);
    const act = trial.suggestCategorical("act", ["relu", "tanh"]);
    const target = (Math.log10(lr) + 2) ** 2 + 0.1 * layers + (act === "tanh" ? 0.3 : 0);
    for (let step = 0; step < 10; step++) {
      trial.report(target + 2 / (step + 1), step);
      if (trial.shouldPrune()) throw new tune.TrialPruned();
    }
    return target;
  },
  { nTrials: 24 },
);
const complete = study.trials.filter((t) => t.state === "COMPLETE");
const pruned = study.trials.filter((t) => t.state === "PRUNED");
const items = (svg, series) => [...svg.matchAll(new RegExp(`ecmeta_series_index="${series}"`, "g"))].length;

test("the study has complete and pruned trials to draw", () => {
  assert.ok(complete.length >= 5 && pruned.length >= 1, `${complete.length} complete, ${pruned.length} pruned`);
});

test("every tuning chart draws a real Study", () => {
  assert.equal(items(report.optimizationHistory(study), 0), complete.length + 2);
  assert.equal(items(report.parallelCoordinates(study), 0), complete.length);
  assert.equal(items(report.slice(study), 2), complete.length, "the third panel (lr) has a point per complete trial");
  assert.equal(items(report.contour(study, { params: ["lr", "layers"] }), 1), complete.length);
  const lines = [...report.intermediateValues(study).matchAll(/<path [^>]*stroke-linejoin="bevel"[^>]*>/g)].map((m) => m[0]);
  assert.equal(lines.length, study.trials.length);
  assert.equal(lines.filter((l) => l.includes('stroke="#d55e00"')).length, pruned.length);
  const importances = tune.importance(study, { seed: 0 });
  assert.equal(items(report.paramImportances(importances), 0), 3);
  const page = report.html({ study, importances });
  assert.equal(page.match(/data-chart=/g).length, 6);
  assert.ok(page.includes(`Best: trial ${study.bestTrial.number},`));
});
