// report.html: one offline page, a section per given part, interactive in
// Chromium with no request beyond the page and no console error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { nn } from "../../dist/index.js";
import * as report from "../../dist/report/index.js";
import * as samples from "./samples.mjs";
import { withPage } from "../runtimes/chromium.mjs";

const clf = samples.classifier();
const model = new nn.Sequential(new nn.Linear(30, 16), new nn.ReLU(), new nn.Linear(16, 1));
const findings = [
  { code: "overfitting", severity: "warning", epoch: 19, message: "val_loss rises after epoch 20 while loss falls", evidence: { gap: 0.1 }, suggestion: "stop earlier </script><b>or</b> add dropout" },
];
const everything = {
  title: "Breast cancer <MLP>",
  history: samples.history(),
  bestEpoch: 19,
  stopEpoch: 29,
  findings,
  lrFinder: samples.lrFinderResult(),
  evaluation: { roc: clf.roc, pr: clf.pr, confusionMatrix: clf.confusion, labels: ["benign", "malignant"], scores: { roc_auc: clf.roc.auc } },
  study: samples.study(),
  importances: samples.importances,
  model,
};
const sectionIds = (page) => [...page.matchAll(/<section id="([\w-]+)">/g)].map((m) => m[1]);

test("a section for each part given, and only those", () => {
  assert.deepEqual(sectionIds(report.html(everything)), ["findings", "training", "lr-finder", "evaluation", "tuning", "model"]);
  assert.deepEqual(sectionIds(report.html({ history: samples.history() })), ["training"]);
  assert.deepEqual(sectionIds(report.html({ study: samples.study(), model })), ["tuning", "model"]);
  assert.match(report.html({ model }), /<p>513 parameters\.<\/p>/); // 30·16 + 16 + 16 + 1
});

test("the page is self-contained: no URL to load, a policy that forbids loading, text escaped", () => {
  const page = report.html(everything);
  assert.ok(!/\b(src|href)="(?!#)/.test(page), "an attribute loads something");
  assert.match(page, /Content-Security-Policy" content="default-src 'none'/);
  assert.equal(page.match(/<script>/g).length, 1, "one inline script: ECharts and the chart starter");
  assert.equal(page.match(/<\/script>/g).length, page.match(/<script[ >]/g).length, "no script ends early");
  assert.ok(page.includes("<h1>Breast cancer &#60;MLP&#62;</h1>"));
  assert.ok(page.includes("stop earlier &#60;/script&#62;&#60;b&#62;or&#60;/b&#62; add dropout"));
});

test("report.html refuses unknown parts and an empty report", () => {
  assert.throws(() => report.html({ histroy: samples.history() }), /report.html: unknown option 'histroy' — did you mean 'history'\?/);
  assert.throws(() => report.html({}), /nothing to report/);
});

test("in Chromium the report opens offline, with no request beyond itself and no console error, every chart interactive", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wasmtune-report-"));
  try {
    const file = join(dir, "report.html");
    writeFileSync(file, report.html(everything));
    await withPage(async (page) => {
      const requests = [];
      const problems = [];
      page.on("request", (r) => requests.push(r.url()));
      page.on("console", (m) => (m.type() === "error" || m.type() === "warning") && problems.push(m.text()));
      page.on("pageerror", (e) => problems.push(e.message));
      await page.goto(pathToFileURL(file).href);
      const charts = page.locator("[data-chart]");
      const n = await charts.count();
      assert.equal(n, 12, "training curves, lr per step, LR finder, ROC, PR, confusion, history, importances, parallel, slice, contour, intermediate values");
      for (let i = 0; i < n; i++) {
        assert.ok(await charts.nth(i).getAttribute("_echarts_instance_"), `chart ${i} was not started`);
      }
      // The live training chart draws the same three curves as the SVG.
      const live = await page.locator("#training [data-chart]").first().innerHTML();
      assert.equal([...live.matchAll(/<path [^>]*stroke-linejoin="bevel"/g)].length, 3);
      assert.deepEqual(requests, [pathToFileURL(file).href]);
      assert.deepEqual(problems, []);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("classifierEvaluation: binary curves from logits with threshold 0, multiclass confusion by argmax", () => {
  const y = [0, 0, 1, 1, 1, 0];
  const logits = [[-2], [0.5], [1.5], [-0.1], [3], [-1]];
  const e = report.classifierEvaluation(y, logits, { classes: ["no", "yes"], scores: { loss: 0.3 } });
  assert.ok(Math.abs(e.roc.auc - 8 / 9) < 1e-12); // 8 of the 9 (positive, negative) pairs ranked right
  assert.deepEqual(e.confusionMatrix, [[2, 1], [1, 2]]);
  assert.deepEqual(e.labels, ["no", "yes"]);
  assert.deepEqual(e.scores, { loss: 0.3 });
  assert.equal(e.pr.recall[0], 1);
  const m = report.classifierEvaluation([0, 1, 2, 2], [[3, 1, 0], [0, 2, 1], [0, 5, 1], [1, 0, 4]]);
  assert.deepEqual(m.confusionMatrix, [[1, 0, 0], [0, 1, 0], [0, 1, 1]]);
  assert.equal(m.roc, undefined);
  assert.throws(() => report.classifierEvaluation([0, 1], [[1]]), /1 rows of logits for 2 targets/);
});
