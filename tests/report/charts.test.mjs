// Every chart of wasmtune/report: its SVG (deterministic, the expected number
// of drawn series and items), its option (plain JSON), its refusals, and its
// picture in Chromium against the committed reference (docs/pictures/).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as report from "../../dist/report/index.js";
import * as samples from "./samples.mjs";
import { withPage } from "../runtimes/chromium.mjs";
import { pixelDifference, svgToPng } from "./screenshot.mjs";

const PICTURES = new URL("../../docs/pictures/", import.meta.url);
// Share of pixels that may differ from the reference (anti-aliasing, font hinting).
const TOLERANCE = 0.01;

/** Drawn items of each series: ECharts tags every data element of its SSR output with its series index. */
function itemsPerSeries(svg) {
  const counts = [];
  for (const [, i] of svg.matchAll(/ecmeta_series_index="(\d+)"/g)) counts[i] = (counts[i] ?? 0) + 1;
  return counts;
}
/** Polylines of line series (ECharts strokes them with bevel joins, nothing else). */
const polylines = (svg, stroke = "") => [...svg.matchAll(/<path [^>]*stroke-linejoin="bevel"[^>]*>/g)].filter((m) => m[0].includes(stroke)).length;

const history = samples.history();
const study = samples.study();
const clf = samples.classifier();
const complete = study.trials.filter((t) => t.state === "COMPLETE");
const pruned = study.trials.filter((t) => t.state === "PRUNED");

/** Each chart: how it is drawn for the pictures, and what its SVG must contain. */
const CHARTS = {
  "training-curves": {
    draw: (o) => report.trainingCurves(history, { bestEpoch: 19, stopEpoch: 29, ...o }),
    check(svg) {
      assert.equal(polylines(svg), 3, "loss, val_loss, val_roc_auc");
      assert.equal(polylines(svg, 'stroke-dasharray="8,4"'), 2, "validation curves are dashed");
      assert.match(svg, />best 20</);
      assert.match(svg, />stopped 30</);
    },
  },
  "lr-schedule": {
    draw: (o) => report.lrSchedule(samples.noam, { title: "Noam schedule", ...o }),
    check(svg) {
      assert.equal(polylines(svg), 3);
      for (const name of ["d_model 512, warmup 4000", "d_model 512, warmup 8000", "d_model 256, warmup 4000"]) assert.ok(svg.includes(name), name);
    },
  },
  "lr-finder": {
    draw: (o) => report.lrFinder(samples.lrFinderResult(), o),
    check(svg) {
      assert.equal(polylines(svg), 2, "loss and smoothed");
      for (const s of ["valley 0.0021", "slide 0.0056", "minimum 0.013", "steep 8.90e-4"]) assert.ok(svg.includes(s), s);
      assert.match(svg, />1e-7</);
    },
  },
  "optimization-history": {
    draw: (o) => report.optimizationHistory(study, o),
    check(svg) {
      assert.equal(itemsPerSeries(svg)[0], complete.length + 2, "a point per complete trial (+ its legend icon and hover layer)");
      assert.equal(polylines(svg), 1, "best so far");
    },
  },
  "parallel-coordinates": {
    draw: (o) => report.parallelCoordinates(study, o),
    check(svg) {
      assert.equal(itemsPerSeries(svg)[0], complete.length, "a line per complete trial");
      for (const p of ["lr", "dropout", "layers", "optimizer"]) assert.ok(svg.includes(`>${p}<`), p);
    },
  },
  slice: {
    draw: (o) => report.slice(study, o),
    check(svg) {
      assert.deepEqual(itemsPerSeries(svg), [0, 1, 2, 3].map(() => complete.length));
    },
  },
  contour: {
    draw: (o) => report.contour(study, { params: ["lr", "dropout"], ...o }),
    check(svg) {
      assert.deepEqual(itemsPerSeries(svg), [30 * 30, complete.length]);
    },
  },
  "param-importances": {
    draw: (o) => report.paramImportances(samples.importances, o),
    check(svg) {
      assert.equal(itemsPerSeries(svg)[0], 4);
      assert.ok(svg.indexOf(">layers<") < svg.indexOf(">lr<"), "least important bar at the bottom, drawn first");
    },
  },
  "intermediate-values": {
    draw: (o) => report.intermediateValues(study, o),
    check(svg) {
      const reported = study.trials.filter((t) => t.intermediateValues.size > 0);
      assert.equal(polylines(svg), reported.length, "a line per trial that reported");
      assert.equal(polylines(svg, 'stroke="#d55e00"'), pruned.length, "pruned trials in their own colour");
      assert.ok(svg.includes(">pruned<") && svg.includes(">complete<"));
    },
  },
  "roc-curve": {
    draw: (o) => report.rocCurve(clf.roc, o),
    check(svg) {
      assert.equal(polylines(svg), 2, "curve and chance");
      assert.ok(svg.includes(`AUC ${clf.roc.auc.toFixed(4)}`));
    },
  },
  "pr-curve": {
    draw: (o) => report.prCurve(clf.pr, o),
    check(svg) {
      assert.equal(polylines(svg), 1);
      assert.ok(svg.includes(`AP ${clf.pr.averagePrecision.toFixed(4)}`));
    },
  },
  "confusion-matrix": {
    draw: (o) => report.confusionMatrix(clf.confusion, { labels: ["benign", "malignant"], ...o }),
    check(svg) {
      assert.equal(itemsPerSeries(svg)[0], 4);
      for (const v of clf.confusion.flat()) assert.ok(svg.includes(`>${v}<`), `cell ${v}`);
    },
  },
};

for (const [kind, chart] of Object.entries(CHARTS)) {
  test(`${kind}: an SVG with its series, the same string every time`, () => {
    const svg = chart.draw({});
    assert.match(svg, /^<svg width="\d+" height="\d+" xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.ok(!/\bzr\d+-/.test(svg), "instance-numbered class names");
    chart.check(svg);
    report.lrSchedule([1, 2, 3]); // another chart in between changes no id
    assert.equal(chart.draw({}), svg);
    assert.ok(chart.draw({ id: "second" }).includes('class="second-cls-'));
  });
}

test("every chart's option is plain JSON and names its kind", () => {
  const inputs = {
    trainingCurves: history,
    lrSchedule: samples.noam,
    lrFinder: samples.lrFinderResult(),
    optimizationHistory: study,
    parallelCoordinates: study,
    slice: study,
    contour: study,
    paramImportances: samples.importances,
    intermediateValues: study,
    rocCurve: clf.roc,
    prCurve: clf.pr,
    confusionMatrix: clf.confusion,
  };
  for (const [name, input] of Object.entries(inputs)) {
    const option = report[name].option(input);
    assert.deepEqual(JSON.parse(JSON.stringify(option)), option, name);
    assert.ok(Array.isArray(option.series) && option.series.length > 0, name);
    assert.equal(typeof report[name].kind, "string");
  }
});

test("bad input and unknown options are refused with clear errors", () => {
  assert.throws(() => report.trainingCurves(history, { best_epoch: 3 }), /training-curves: unknown option 'best_epoch' — did you mean 'bestEpoch'\?/);
  assert.throws(() => report.trainingCurves(history, { bestEpoch: 40 }), /bestEpoch 40 is not an epoch of the history/);
  assert.throws(() => report.trainingCurves(history, { metrics: ["val_acc"] }), /the history has no "val_acc"/);
  assert.throws(() => report.optimizationHistory({ ...study, directions: ["maximize", "minimize"] }), /multi-objective optimization, please specify the `objective`/);
  assert.throws(() => report.optimizationHistory({ trials: [], directions: ["minimize"] }), /no complete trial to plot/);
  assert.throws(() => report.contour(study, { params: ["lr", "width"] }), /no trial has the parameter "width"/);
  assert.throws(() => report.confusionMatrix([[1, 2], [3]]), /must be square/);
  assert.throws(() => report.paramImportances({ lr: -1 }), /"lr" must be a finite non-negative number/);
  assert.throws(() => report.rocCurve({ fpr: [0, 1], tpr: [0] }), /fpr and tpr must be non-empty and of one length, got 2 and 1/);
  assert.throws(() => report.lrSchedule([1, 2], { width: 0 }), /width must be a positive integer, got 0/);
  assert.throws(() => report.lrSchedule([1, 2], { id: "a b" }), /id must start with a letter/);
});

test("each chart looks like its reference picture in Chromium, and a wrong chart does not", async () => {
  const update = process.env.WASMTUNE_UPDATE_PICTURES === "1";
  await withPage(async (page) => {
    for (const [kind, chart] of Object.entries(CHARTS)) {
      const png = await svgToPng(page, chart.draw({}));
      const file = new URL(`${kind}.png`, PICTURES);
      if (update || !existsSync(file)) {
        assert.ok(update, `docs/pictures/${kind}.png is missing; run with WASMTUNE_UPDATE_PICTURES=1 to write it`);
        writeFileSync(file, png);
        continue;
      }
      const diff = pixelDifference(png, readFileSync(file));
      assert.ok(diff <= TOLERANCE, `${kind}: ${(diff * 100).toFixed(2)}% of pixels differ from docs/pictures/${kind}.png`);
    }
    // The comparison notices a chart that lost its data.
    const broken = await svgToPng(page, report.trainingCurves({ epochs: history.epochs, metrics: { loss: history.epochs.map(() => 0.5) } }, { bestEpoch: 19, stopEpoch: 29, width: 640, height: 560 }));
    assert.ok(pixelDifference(broken, readFileSync(new URL("training-curves.png", PICTURES))) > TOLERANCE);
  });
});
